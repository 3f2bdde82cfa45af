//! Plans: a named compensation plan with effective-dated versions, each
//! holding the rules in force from its date until the next version.

use attain_domain::{deal::DealType, org::ProductPriority};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// A plan and its published versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
    /// Sorted by `effective_from`; the version in force on a day is the last
    /// one effective on or before it.
    pub versions: Vec<PlanVersion>,
}

impl Plan {
    pub fn version_on(&self, day: NaiveDate) -> Option<&PlanVersion> {
        self.versions
            .iter()
            .filter(|v| v.effective_from <= day)
            .max_by_key(|v| (v.effective_from, v.version))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanVersion {
    pub version: i32,
    pub effective_from: NaiveDate,
    pub rules: PlanRules,
}

/// Everything a version decides. Percentages are attainment percentages
/// (100 = quota); rates are fractions of credited value (0.10 = 10%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanRules {
    /// ISO code of the payout currency; quotas are in it too.
    pub currency: String,
    #[serde(default)]
    pub measure: Measure,
    #[serde(default)]
    pub crediting: Crediting,
    /// Weight per product priority; a priority not listed weighs 1.
    #[serde(default)]
    pub priority_weights: BTreeMap<ProductPriority, Decimal>,
    /// Weight per product, overriding its priority's.
    #[serde(default)]
    pub product_weights: BTreeMap<Uuid, Decimal>,
    pub rate_table: RateTable,
    /// Below this attainment (percent) nothing is paid for the period.
    #[serde(default)]
    pub threshold_pct: Option<Decimal>,
    /// The most commission one deal pays a person, across all their credits
    /// on it (their split and any roll-ups from their team's splits).
    #[serde(default)]
    pub cap_per_deal: Option<Decimal>,
    #[serde(default)]
    pub cap_per_period: Option<Decimal>,
    #[serde(default)]
    pub bonuses: Vec<AttainmentBonus>,
    #[serde(default)]
    pub spiffs: Vec<Spiff>,
    /// A deal reversed (refunded, churned) within this many days of closing
    /// takes its payout back in the period of the reversal.
    #[serde(default)]
    pub clawback_days: Option<u32>,
    #[serde(default)]
    pub draw: Option<Draw>,
}

/// What a deal's value is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The booked amount (its product lines when it has them).
    #[default]
    Bookings,
    /// Annual recurring revenue: the booked amount scaled to twelve months
    /// by the deal's term (a 24-month deal counts half).
    Arr,
    /// Each new-business deal counts as one logo; rates are per logo.
    NewLogos,
}

/// Which deals count, and who else is credited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Crediting {
    /// Empty: every deal type.
    #[serde(default)]
    pub deal_types: Vec<DealType>,
    /// Empty: every product. Otherwise only these products' lines count
    /// (for new logos: only deals selling one of them count).
    #[serde(default)]
    pub products: Vec<Uuid>,
    /// Empty: every territory.
    #[serde(default)]
    pub territories: Vec<Uuid>,
    /// Whether people on this plan are credited with the deals of everyone
    /// who reports to them, directly or not (overrides).
    #[serde(default)]
    pub manager_rollup: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TierMethod {
    /// Each slice of attainment is paid at its own tier's rate.
    #[default]
    Marginal,
    /// Everything is paid at the rate of the tier the period ends in.
    Retroactive,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateTable {
    #[serde(default)]
    pub method: TierMethod,
    /// Contiguous from 0; the last has no upper bound.
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Tier {
    pub from_pct: Decimal,
    /// Exclusive; `None` for the last tier.
    #[serde(default)]
    pub to_pct: Option<Decimal>,
    pub rate: Decimal,
}

/// A flat amount once attainment reaches `at_pct`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttainmentBonus {
    pub at_pct: Decimal,
    pub amount: Decimal,
}

/// A flat amount per qualifying deal closed between two days (both included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Spiff {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub amount_per_deal: Decimal,
    /// Empty: any product. Otherwise the deal must have one of these.
    #[serde(default)]
    pub products: Vec<Uuid>,
    /// Empty: any type.
    #[serde(default)]
    pub deal_types: Vec<DealType>,
    /// The deal's amount, in its own currency converted, must reach this.
    #[serde(default)]
    pub min_amount: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Draw {
    /// Guaranteed payout per period.
    pub amount: Decimal,
    /// Whether a top-up is recovered from later earnings above the draw.
    pub recoverable: bool,
}
