//! Alignment for Attain: is the sales organisation pulling towards the
//! company's goals, and where is it not? Pure Rust, no IO: plain input
//! structs in, serialisable, self-explaining outputs out. The worker loads
//! the figures, calls these functions and stores what they return.
//!
//! - [`mod@pace`]: each goal ahead, on track or behind, in money and in days of
//!   run rate, linear or by a seasonality profile ([`seasonality`]).
//! - [`mod@forecast`]: closed + weighted pipeline + run rate beyond the
//!   pipeline's horizon, and the chance of reaching the goal, computed
//!   exactly over the open deals.
//! - [`score`]: one alignment number (0–100) per node of the cascade from
//!   weighted parts (pace, priority mix, activity, coverage, plan
//!   consistency), each with its inputs and a sentence; [`consistency`]
//!   flags plans that pay more for deprioritised products.
//! - [`coaching`]: each rep against the team median and top quartile, and
//!   each rep's weakest funnel stage with what it costs.
//! - [`team`]: the manager's team view: leaderboard, KPIs against the
//!   team, funnels and coaching flags.
//! - [`mod@maturity`]: the tenant's management maturity level, its evidence and
//!   the next step.
//! - [`benchmark`]: peer percentiles across tenants by industry and size,
//!   under the privacy rules of [`publication`].
//!
//! Money is `rust_decimal::Decimal` throughout; figures people see are
//! rounded once, in [`stats`]. Probabilities inside the forecast's dynamic
//! programme are `f64` (they are not money, and a few million
//! multiplications must stay fast); the chance is reported as a decimal.

pub mod benchmark;
pub mod coaching;
pub mod consistency;
pub mod error;
pub mod forecast;
pub mod maturity;
pub mod pace;
pub mod publication;
pub mod score;
pub mod seasonality;
pub mod snapshot;
pub mod stats;
pub mod team;

pub use benchmark::{
    benchmarks, BenchmarkMetrics, CohortBenchmark, Contribution, Metric, MetricBenchmark,
    Percentiles,
};
pub use coaching::{
    funnel_report, kpi_benchmark, Direction, FunnelInput, FunnelReport, KpiBenchmark, KpiValues,
    RepFunnel, RepFunnelReport, RepKpiReading, RepValue, StageComparison, WeakestStage,
};
pub use consistency::{check_plans, PlanCheck, PlanFlag, PlanRates, ProductPriority, ProductRate};
pub use error::AlignmentError;
pub use forecast::{chance_of_reaching, forecast, ChanceLabel, Forecast, ForecastInput, OpenDeal};
pub use maturity::{
    maturity, Criterion, EvidenceItem, MaturityEvidence, MaturityLevel, MaturityReading,
};
pub use pace::{pace, GoalProgress, Pace, PaceClass, RunRateSource};
pub use publication::{
    plan_publication, CandidateCohort, CohortKey, PublicationDecision, WithheldReason,
};
pub use score::{
    alignment_score, ActivityInput, AlignmentInput, AlignmentPart, AlignmentScore, CoverageInput,
    MixInput, NodeKind, PaceInput, PartDetail, PartKind, PlansInput,
};
pub use seasonality::{
    build_profile, Granularity, HistoricalActual, ProfileKind, SeasonalityProfile,
};
pub use snapshot::{snapshot, AlignmentSnapshot, GoalFigures, GoalNode, Risk};
pub use team::{team_view, CoachingFlag, FlagKind, LeaderboardRow, TeamInput, TeamRep, TeamView};
