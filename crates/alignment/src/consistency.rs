//! Plan consistency: does each compensation plan pay more for what the
//! company wants sold?
//!
//! A plan is compared product by product (or product category: the key is
//! whatever the company's priorities are keyed by). For every product of
//! lower priority, its effective rate (commission rate × weight, as the
//! caller computes it from the plan's rules) is compared with the
//! lowest-paid product of strictly higher priority in the same plan; paying
//! the deprioritised product more is one flag naming the plan and both
//! products. A plan listing a product twice is taken at its highest rate,
//! the most a rep could earn on it. Products without a priority are
//! skipped and listed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// How much the company wants a product sold (the domain crate's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductPriority {
    LossLeader,
    Standard,
    Strategic,
}

impl ProductPriority {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strategic => "strategic",
            Self::Standard => "standard",
            Self::LossLeader => "loss leader",
        }
    }
}

/// A plan's effective rate on one product or category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRate {
    pub product: String,
    pub rate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRates {
    pub plan_id: Uuid,
    pub plan_name: String,
    pub rates: Vec<ProductRate>,
}

/// A plan that pays a deprioritised product more than a priority one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFlag {
    pub plan_id: Uuid,
    pub plan_name: String,
    /// The deprioritised product paid too much.
    pub product: String,
    pub product_priority: ProductPriority,
    pub product_rate: Decimal,
    /// The higher-priority product it out-pays.
    pub priority_product: String,
    pub priority_product_priority: ProductPriority,
    pub priority_product_rate: Decimal,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCheck {
    pub plans_checked: usize,
    pub flags: Vec<PlanFlag>,
    /// `(plan name, product)` pairs with no company priority.
    pub unprioritised: Vec<(String, String)>,
}

/// Flags every plan paying a deprioritised product more than a priority one.
pub fn check_plans(
    priorities: &BTreeMap<String, ProductPriority>,
    plans: &[PlanRates],
) -> PlanCheck {
    let mut flags = Vec::new();
    let mut unprioritised = Vec::new();
    for plan in plans {
        let mut rates: BTreeMap<&str, (ProductPriority, Decimal)> = BTreeMap::new();
        for entry in &plan.rates {
            let Some(priority) = priorities.get(&entry.product) else {
                unprioritised.push((plan.plan_name.clone(), entry.product.clone()));
                continue;
            };
            let slot = rates
                .entry(entry.product.as_str())
                .or_insert((*priority, entry.rate));
            slot.1 = slot.1.max(entry.rate);
        }
        for (product, (priority, rate)) in &rates {
            let lowest_above = rates
                .iter()
                .filter(|(_, (other, _))| other > priority)
                .min_by(|a, b| a.1 .1.cmp(&b.1 .1).then(a.0.cmp(b.0)));
            let Some((above, (above_priority, above_rate))) = lowest_above else {
                continue;
            };
            if rate > above_rate {
                flags.push(PlanFlag {
                    plan_id: plan.plan_id,
                    plan_name: plan.plan_name.clone(),
                    product: (*product).to_owned(),
                    product_priority: *priority,
                    product_rate: *rate,
                    priority_product: (*above).to_owned(),
                    priority_product_priority: *above_priority,
                    priority_product_rate: *above_rate,
                    message: format!(
                        "Plan \"{}\" pays {rate} on {product} ({}) but only {above_rate} on {above} ({}): it rewards a deprioritised product over a priority one.",
                        plan.plan_name,
                        priority.as_str(),
                        above_priority.as_str(),
                    ),
                });
            }
        }
    }
    PlanCheck {
        plans_checked: plans.len(),
        flags,
        unprioritised,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn priorities() -> BTreeMap<String, ProductPriority> {
        BTreeMap::from([
            ("Platform".to_owned(), ProductPriority::Strategic),
            ("Support".to_owned(), ProductPriority::Standard),
            ("Starter".to_owned(), ProductPriority::LossLeader),
        ])
    }

    fn plan(name: &str, rates: &[(&str, Decimal)]) -> PlanRates {
        PlanRates {
            plan_id: Uuid::from_u128(name.len() as u128),
            plan_name: name.to_owned(),
            rates: rates
                .iter()
                .map(|(product, rate)| ProductRate {
                    product: (*product).to_owned(),
                    rate: *rate,
                })
                .collect(),
        }
    }

    #[test]
    fn flags_a_plan_paying_a_loss_leader_more_than_a_strategic_product() {
        let plans = [
            plan(
                "Hunters 2026",
                &[
                    ("Platform", dec!(0.05)),
                    ("Starter", dec!(0.08)),
                    ("Gadget", dec!(0.2)),
                ],
            ),
            plan(
                "Farmers 2026",
                &[("Platform", dec!(0.10)), ("Support", dec!(0.06))],
            ),
        ];
        let check = check_plans(&priorities(), &plans);
        assert_eq!(check.plans_checked, 2);
        assert_eq!(check.flags.len(), 1);
        let flag = &check.flags[0];
        assert_eq!(flag.plan_name, "Hunters 2026");
        assert_eq!(flag.product, "Starter");
        assert_eq!(flag.priority_product, "Platform");
        assert!(flag.message.contains("Hunters 2026") && flag.message.contains("Starter"));
        assert_eq!(
            check.unprioritised,
            vec![("Hunters 2026".to_owned(), "Gadget".to_owned())]
        );
    }

    #[test]
    fn equal_rates_and_aligned_plans_are_not_flagged() {
        let plans = [plan(
            "Even",
            &[
                ("Platform", dec!(0.05)),
                ("Support", dec!(0.05)),
                ("Starter", dec!(0.01)),
            ],
        )];
        assert!(check_plans(&priorities(), &plans).flags.is_empty());
    }
}
