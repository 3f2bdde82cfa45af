//! Checks a plan version and an assignment before they are saved; each
//! problem names the field (a JSON path into the version) and says how to
//! fix it.

use crate::{
    inputs::{Assignment, AssignmentTarget, FxRate},
    plan::{Measure, PlanRules},
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanError {
    pub field: String,
    pub message: String,
}

impl PlanError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every problem with a version's rules. `deal_currencies` are the
/// currencies the tenant's deals use; each needs a rate into the plan's
/// currency.
pub fn validate_plan(
    rules: &PlanRules,
    deal_currencies: &BTreeSet<String>,
    rates: &[FxRate],
) -> Vec<PlanError> {
    let mut errors = Vec::new();
    let currency_ok =
        rules.currency.len() == 3 && rules.currency.chars().all(|c| c.is_ascii_uppercase());
    if !currency_ok {
        errors.push(PlanError::new(
            "currency",
            "Use a three-letter ISO code such as USD or EUR.",
        ));
    } else if rules.measure != Measure::NewLogos {
        for currency in deal_currencies.iter().filter(|c| **c != rules.currency) {
            let known = rates.iter().any(|r| {
                (r.from == *currency && r.to == rules.currency)
                    || (r.to == *currency && r.from == rules.currency)
            });
            if !known {
                errors.push(PlanError::new(
                    "currency",
                    format!("Deals are booked in {currency} but there is no {currency}→{} exchange rate; add one under Rates first.", rules.currency),
                ));
            }
        }
    }
    tiers(rules, &mut errors);
    for (priority, weight) in &rules.priority_weights {
        if *weight < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("priority_weights.{}", priority.as_str()),
                "A weight cannot be negative.",
            ));
        }
    }
    for (product, weight) in &rules.product_weights {
        if *weight < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("product_weights.{product}"),
                "A weight cannot be negative.",
            ));
        }
    }
    if let Some(t) = rules.threshold_pct {
        if t < Decimal::ZERO || t > Decimal::from(1000) {
            errors.push(PlanError::new(
                "threshold_pct",
                "The threshold is an attainment percentage between 0 and 1000.",
            ));
        }
    }
    for (field, cap) in [
        ("cap_per_deal", rules.cap_per_deal),
        ("cap_per_period", rules.cap_per_period),
    ] {
        if cap.is_some_and(|c| c <= Decimal::ZERO) {
            errors.push(PlanError::new(
                field,
                "A cap must be more than zero; leave it empty for no cap.",
            ));
        }
    }
    for (i, bonus) in rules.bonuses.iter().enumerate() {
        if bonus.at_pct < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("bonuses[{i}].at_pct"),
                "The attainment level cannot be negative.",
            ));
        }
        if bonus.amount < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("bonuses[{i}].amount"),
                "A bonus cannot be negative.",
            ));
        }
    }
    for (i, spiff) in rules.spiffs.iter().enumerate() {
        if spiff.name.trim().is_empty() {
            errors.push(PlanError::new(
                format!("spiffs[{i}].name"),
                "Give the SPIFF a name reps will recognise.",
            ));
        }
        if spiff.to < spiff.from {
            errors.push(PlanError::new(
                format!("spiffs[{i}].to"),
                format!(
                    "The SPIFF ends ({}) before it starts ({}).",
                    spiff.to, spiff.from
                ),
            ));
        }
        if spiff.amount_per_deal < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("spiffs[{i}].amount_per_deal"),
                "A SPIFF cannot be negative.",
            ));
        }
    }
    if let Some(draw) = &rules.draw {
        if draw.amount <= Decimal::ZERO {
            errors.push(PlanError::new(
                "draw.amount",
                "A draw must be more than zero; remove it for no draw.",
            ));
        }
    }
    errors
}

fn tiers(rules: &PlanRules, errors: &mut Vec<PlanError>) {
    let tiers = &rules.rate_table.tiers;
    if tiers.is_empty() {
        errors.push(PlanError::new(
            "rate_table.tiers",
            "Add at least one tier (for example 0% and above at 10%).",
        ));
        return;
    }
    if tiers[0].from_pct != Decimal::ZERO {
        errors.push(PlanError::new("rate_table.tiers[0].from_pct", format!("The first tier must start at 0%, not {}% (use a rate of 0 or a threshold for nothing below it).", tiers[0].from_pct)));
    }
    for (i, tier) in tiers.iter().enumerate() {
        if tier.rate < Decimal::ZERO {
            errors.push(PlanError::new(
                format!("rate_table.tiers[{i}].rate"),
                "A rate cannot be negative.",
            ));
        }
        match (tier.to_pct, tiers.get(i + 1)) {
            (Some(to), _) if to <= tier.from_pct => errors.push(PlanError::new(
                format!("rate_table.tiers[{i}].to_pct"),
                format!("The tier ends ({to}%) at or before it starts ({}%).", tier.from_pct),
            )),
            (Some(to), Some(next)) if next.from_pct < to => errors.push(PlanError::new(
                format!("rate_table.tiers[{}].from_pct", i + 1),
                format!("Tier {} starts at {}% but tier {} runs to {to}%: tiers overlap.", i + 2, next.from_pct, i + 1),
            )),
            (Some(to), Some(next)) if next.from_pct > to => errors.push(PlanError::new(
                format!("rate_table.tiers[{}].from_pct", i + 1),
                format!("Tier {} starts at {}% but tier {} ends at {to}%: attainment between them would pay nothing.", i + 2, next.from_pct, i + 1),
            )),
            (None, Some(_)) => errors.push(PlanError::new(
                format!("rate_table.tiers[{i}].to_pct"),
                "Only the last tier can be open-ended; give this one an end.",
            )),
            (Some(_), None) => errors.push(PlanError::new(
                format!("rate_table.tiers[{i}].to_pct"),
                "The last tier must be open-ended, or attainment above it pays nothing.",
            )),
            _ => {}
        }
    }
}

/// Refuses an assignment that overlaps another of the same target's.
pub fn validate_assignments(existing: &[Assignment], new: &Assignment) -> Result<(), PlanError> {
    if new.to.is_some_and(|to| to < new.from) {
        return Err(PlanError::new(
            "to",
            format!(
                "The assignment ends ({}) before it starts ({}).",
                new.to.unwrap_or(new.from),
                new.from
            ),
        ));
    }
    let clash = existing.iter().find(|other| {
        other.id != new.id
            && other.target == new.target
            && other.from <= new.to.unwrap_or(chrono::NaiveDate::MAX)
            && new.from <= other.to.unwrap_or(chrono::NaiveDate::MAX)
    });
    match clash {
        Some(other) => {
            let whom = match &new.target {
                AssignmentTarget::Person(_) => "this person".to_owned(),
                AssignmentTarget::Role(role) => format!("the {role} role"),
            };
            let until = other
                .to
                .map_or("open-ended".to_owned(), |to| format!("until {to}"));
            Err(PlanError::new(
                "from",
                format!("{whom} already has a plan from {} ({until}); end that assignment first or start this one after it.", other.from),
            ))
        }
        None => Ok(()),
    }
}
