//! The incentive-compensation engine. Pure Rust, no IO: plans, deals with
//! their splits and lines, people, assignments, quotas and exchange rates go
//! in; one statement per person per period comes out, every line naming its
//! deal, credit share, weight, tier, rate, rule and amount.
//!
//! How a statement is built, in order:
//! 1. **Crediting.** Each won deal closed in the period credits each split's
//!    person with their share, and every manager above them whose plan takes
//!    roll-up credit. The plan in force on the close date (assignment, then
//!    the latest version effective that day) decides what counts: its deal
//!    types, products and territories filters.
//! 2. **Value.** Each counted product line (or the whole amount when a deal
//!    has no lines) is weighted (product override, else the product's
//!    priority weight), multiplied by the credit share and converted into
//!    the plan's currency at the period's rate.
//! 3. **Tiers.** Credited value accumulates, deal by deal in close-date then
//!    id order, against the period's quota. Marginal tiers pay each slice of
//!    attainment at its own rate; retroactive tiers pay the whole period at
//!    the rate of the tier finally reached. Below the threshold nothing is
//!    paid.
//! 4. **Caps, bonuses, SPIFFs**: per-deal caps, then attainment bonuses and
//!    SPIFFs, then the period cap on everything earned.
//! 5. **Clawbacks**: a deal reversed within the plan's clawback window takes
//!    back, in the period of the reversal, what it paid each person.
//! 6. **Adjustments and draws**: manual adjustments are added; a draw tops
//!    earnings up to its amount and, if recoverable, is recovered from later
//!    periods' earnings above it.
//!
//! **Rounding** is defined once, in [`money::round_line`]: each line's amount
//! is rounded half away from zero to the payout currency's minor unit (two
//! places, none for JPY/KRW and the like). Everything before a line is exact
//! decimal; every total is the sum of its rounded lines, so lines always add
//! up to the totals a rep sees.
//!
//! **Determinism**: deals are sorted by (close date, id) and people by id
//! before anything is computed, and maps are ordered, so the same inputs give
//! byte-identical statements whatever order they arrive in.

pub mod engine;
pub mod inputs;
pub mod money;
pub mod plan;
pub mod statement;
pub mod text;
pub mod validate;
pub mod whatif;

pub use engine::{compute, on_engine_threads, DealDigest, Engine};
pub use inputs::{
    Adjustment, Assignment, AssignmentTarget, Deal, DealLine, FxRate, Inputs, Person, Quota, Split,
};
pub use plan::{
    AttainmentBonus, Crediting, Draw, Measure, Plan, PlanRules, PlanVersion, RateTable, Spiff,
    Tier, TierMethod,
};
pub use statement::{Line, LineKind, Statement};
pub use text::Text;
pub use validate::{validate_assignments, validate_plan, PlanError};
