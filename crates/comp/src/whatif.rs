//! What-if: a rep's statement with hypothetical deals added, against the
//! statement they have now.

use crate::{
    engine::{on_engine_threads, DealDigest, Engine},
    inputs::{Deal, Inputs},
    statement::Statement,
};
use attain_domain::period::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WhatIf {
    pub before: Statement,
    pub after: Statement,
    pub payout_change: Decimal,
    /// Percentage points; none without a quota.
    pub attainment_change_pct: Option<Decimal>,
}

/// `inputs` should hold what the person's statements depend on; the
/// hypothetical deals are added (credited to their owners and splits).
pub fn what_if(
    inputs: &Inputs,
    person: Uuid,
    period: Period,
    hypothetical: Vec<Deal>,
) -> Option<WhatIf> {
    let (before, after) = on_engine_threads(|| {
        // Both engines read the real deals: digest them once.
        let with: Vec<&Deal> = inputs.deals.iter().chain(&hypothetical).collect();
        let digests: Vec<DealDigest> = with.iter().map(|d| DealDigest::of(d)).collect();
        let digested: Vec<(&Deal, &DealDigest)> = with.into_iter().zip(&digests).collect();
        let real = inputs.deals.len();
        let before = Engine::with_digested_deals(inputs, &digested[..real])
            .statements_for(person, &[period])
            .pop();
        let after = Engine::with_digested_deals(inputs, &digested)
            .statements_for(person, &[period])
            .pop();
        before.zip(after)
    })?;
    Some(WhatIf {
        payout_change: after.payout - before.payout,
        attainment_change_pct: after
            .attainment_pct
            .zip(before.attainment_pct)
            .map(|(a, b)| a - b),
        before,
        after,
    })
}
