//! The company's target mix of product priorities (`priority_mix_targets`)
//! and what each deal is made of by priority, from its product lines: what
//! the priority-mix part of the alignment score compares.

use crate::{
    schema::tenant::{deal_lines, priority_mix_targets, products},
    DbError, TenantConn,
};
use attain_alignment::ProductPriority;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The stored name of a priority, as products and the table spell it.
pub fn priority_key(priority: ProductPriority) -> &'static str {
    match priority {
        ProductPriority::Strategic => "strategic",
        ProductPriority::Standard => "standard",
        ProductPriority::LossLeader => "loss_leader",
    }
}

pub fn parse_priority(key: &str) -> Option<ProductPriority> {
    match key {
        "strategic" => Some(ProductPriority::Strategic),
        "standard" => Some(ProductPriority::Standard),
        "loss_leader" => Some(ProductPriority::LossLeader),
        _ => None,
    }
}

/// Percent per priority.
pub type Shares = BTreeMap<ProductPriority, Decimal>;

/// The target share (percent) per priority, with when it was last set;
/// empty when the company has not set one.
pub fn targets(t: &mut TenantConn<'_>) -> Result<(Shares, Option<DateTime<Utc>>), DbError> {
    let rows: Vec<(String, Decimal, DateTime<Utc>)> = priority_mix_targets::table
        .select((
            priority_mix_targets::priority,
            priority_mix_targets::share,
            priority_mix_targets::updated_at,
        ))
        .load(t.conn())?;
    let updated = rows.iter().map(|row| row.2).max();
    let shares = rows
        .into_iter()
        .filter_map(|(key, share, _)| Some((parse_priority(&key)?, share)))
        .collect();
    Ok((shares, updated))
}

/// Replaces the target mix (shares in percent, checked by the caller).
pub fn replace_targets(
    t: &mut TenantConn<'_>,
    shares: &BTreeMap<ProductPriority, Decimal>,
) -> Result<(), DbError> {
    diesel::delete(priority_mix_targets::table).execute(t.conn())?;
    let rows: Vec<_> = shares
        .iter()
        .map(|(priority, share)| {
            (
                priority_mix_targets::priority.eq(priority_key(*priority)),
                priority_mix_targets::share.eq(*share),
            )
        })
        .collect();
    diesel::insert_into(priority_mix_targets::table)
        .values(&rows)
        .execute(t.conn())?;
    Ok(())
}

/// Each deal with product lines, as the fraction of its value per priority
/// (fractions add up to 1). Deals without lines are absent: nobody said
/// what they sell.
pub fn deal_fractions(
    t: &mut TenantConn<'_>,
) -> Result<HashMap<Uuid, BTreeMap<ProductPriority, Decimal>>, DbError> {
    let lines: Vec<(Uuid, String, Decimal, Decimal)> = deal_lines::table
        .inner_join(products::table)
        .select((
            deal_lines::deal_id,
            products::priority,
            deal_lines::quantity,
            deal_lines::unit_price,
        ))
        .load(t.conn())?;
    let mut values: HashMap<Uuid, BTreeMap<ProductPriority, Decimal>> = HashMap::new();
    for (deal_id, priority, quantity, unit_price) in lines {
        let Some(priority) = parse_priority(&priority) else {
            continue;
        };
        *values
            .entry(deal_id)
            .or_default()
            .entry(priority)
            .or_default() += quantity * unit_price;
    }
    Ok(values
        .into_iter()
        .filter_map(|(deal_id, by_priority)| {
            let total: Decimal = by_priority.values().sum();
            (total > Decimal::ZERO).then(|| {
                let fractions = by_priority
                    .into_iter()
                    .map(|(priority, value)| (priority, value / total))
                    .collect();
                (deal_id, fractions)
            })
        })
        .collect())
}
