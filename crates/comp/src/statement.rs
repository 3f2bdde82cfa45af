//! What the engine produces: statements, their lines and totals.

use crate::text::Text;
use attain_domain::period::Period;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Statement {
    pub person_id: Uuid,
    #[schema(value_type = String, example = "2026-11")]
    pub period: Period,
    /// Payout currency (the plan's; the first plan's if it changed).
    pub currency: String,
    /// The plans whose rules produced lines, in order of first use.
    pub plan_ids: Vec<Uuid>,
    pub quota: Option<Decimal>,
    /// Credited value in the payout currency, weights applied.
    pub credited: Decimal,
    /// Credited ÷ quota, in percent, two places; none without a quota.
    pub attainment_pct: Option<Decimal>,
    pub lines: Vec<Line>,
    /// Commissions, roll-ups, caps, bonuses, SPIFFs and clawbacks.
    pub earned: Decimal,
    pub adjustments: Decimal,
    /// Draw top-up paid this period.
    pub draw: Decimal,
    /// Earlier top-ups recovered this period (shown negative in lines).
    pub recovered: Decimal,
    /// What is paid: the sum of every line.
    pub payout: Decimal,
    /// Recoverable draw still owed after this period.
    pub draw_balance: Decimal,
    /// Things a person should know: a missing quota or exchange rate.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Commission,
    RollUp,
    DealCap,
    Bonus,
    Spiff,
    PeriodCap,
    Clawback,
    Adjustment,
    DrawTopUp,
    DrawRecovery,
}

/// One traceable amount: which deal, how much of it, weighted how, at which
/// tier and rate, under which rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(as = StatementLine)]
pub struct Line {
    pub kind: LineKind,
    pub deal_id: Option<Uuid>,
    #[schema(value_type = Option<String>)]
    pub deal_name: Option<Text>,
    pub plan_id: Option<Uuid>,
    pub plan_version: Option<i32>,
    /// For roll-ups and splits: whose deal credit this is.
    pub credited_from: Option<Uuid>,
    /// The person's share of the deal, percent.
    pub credit_share_pct: Option<Decimal>,
    /// Weight applied to the value (1 for standard products).
    pub weight: Option<Decimal>,
    /// Exchange rate from the deal's currency to the payout currency.
    pub fx_rate: Option<Decimal>,
    /// The value this line pays on, in the payout currency, unrounded.
    pub base: Option<Decimal>,
    /// 1-based tier number.
    pub tier: Option<u32>,
    pub rate: Option<Decimal>,
    /// Attainment before and after this line's value, percent, two places.
    pub attainment_from_pct: Option<Decimal>,
    pub attainment_to_pct: Option<Decimal>,
    /// The rule in words, e.g. "Tier 2 (100–150%) at 12%, marginal".
    #[schema(value_type = String)]
    pub rule: Text,
    /// Rounded to the payout currency's minor unit.
    pub amount: Decimal,
}

impl Line {
    pub(crate) fn plain(kind: LineKind, rule: Text, amount: Decimal) -> Self {
        Self {
            kind,
            deal_id: None,
            deal_name: None,
            plan_id: None,
            plan_version: None,
            credited_from: None,
            credit_share_pct: None,
            weight: None,
            fx_rate: None,
            base: None,
            tier: None,
            rate: None,
            attainment_from_pct: None,
            attainment_to_pct: None,
            rule,
            amount,
        }
    }
}
