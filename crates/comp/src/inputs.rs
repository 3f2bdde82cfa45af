//! What the engine is given: one tenant's people, plans, assignments, quotas,
//! exchange rates, manual adjustments and won deals.

use crate::plan::Plan;
use attain_domain::{
    deal::DealType,
    org::ProductPriority,
    period::{Period, PeriodKind},
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// Statement periods: months or quarters, the same for the whole tenant.
    pub period_kind: PeriodKind,
    pub people: Vec<Person>,
    pub plans: Vec<Plan>,
    pub assignments: Vec<Assignment>,
    pub quotas: Vec<Quota>,
    pub rates: Vec<FxRate>,
    pub adjustments: Vec<Adjustment>,
    /// Won deals (others are ignored).
    pub deals: Vec<Deal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub manager_id: Option<Uuid>,
    /// The sales role, for plans assigned by role.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum AssignmentTarget {
    Person(Uuid),
    Role(String),
}

/// A plan applying to a person (or everyone in a role) from one day to
/// another (both included; open-ended without `to`). A person's own
/// assignment wins over their role's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub target: AssignmentTarget,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Assignment {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// A person's quota for one period, in their plan's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub person_id: Uuid,
    pub period: Period,
    pub amount: Decimal,
}

/// `1 from = rate to` during `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxRate {
    pub period: Period,
    pub from: String,
    pub to: String,
    pub rate: Decimal,
}

/// A manual line added by an admin, or a correction carried over from a
/// period already paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period: Period,
    pub amount: Decimal,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: Uuid,
    pub name: String,
    pub closed_on: NaiveDate,
    pub currency: String,
    pub amount: Decimal,
    pub deal_type: DealType,
    pub territory_id: Option<Uuid>,
    /// Contract length, for ARR; twelve when unknown.
    pub term_months: Option<u32>,
    pub lines: Vec<DealLine>,
    /// Shares in percent, totalling 100. Empty: the owner has it all.
    pub splits: Vec<Split>,
    pub owner_id: Uuid,
    /// When it was refunded or churned, if it was.
    pub reversed_on: Option<NaiveDate>,
}

impl Deal {
    /// (person, share percent) pairs, by person: the splits, or the owner alone.
    pub fn credit_shares(&self) -> Vec<(Uuid, Decimal)> {
        if self.splits.is_empty() {
            vec![(self.owner_id, Decimal::ONE_HUNDRED)]
        } else {
            let mut shares: Vec<(Uuid, Decimal)> = self
                .splits
                .iter()
                .map(|s| (s.person_id, s.share_pct))
                .collect();
            // Lines follow this order: sorted, so split order cannot show through.
            shares.sort();
            shares
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealLine {
    pub product_id: Uuid,
    pub product_name: String,
    pub priority: ProductPriority,
    /// Quantity × unit price, in the deal's currency.
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub person_id: Uuid,
    pub share_pct: Decimal,
}
