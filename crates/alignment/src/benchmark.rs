//! Peer benchmarks across tenants: percentiles of each metric per cohort of
//! similar companies, published only under the rules of
//! [`crate::publication`].
//!
//! - **Cohorts** per period: (industry, size band), industry only, size band
//!   only, and everyone. A tenant not passed in is not in any cohort: opting
//!   out is the caller's filter.
//! - **Percentiles** p25, p50, p75 and p90 of each metric, weighted by each
//!   contribution's weight (reps or deals behind the figure), interpolated
//!   between weight midpoints (see [`crate::stats`]). The 25% weight cap
//!   keeps any one company from carrying them.
//! - **A metric** is published in a published cohort only when every member
//!   reports it, so each metric is computed over exactly the member set the
//!   planner checked for differencing.
//! - Withheld cohorts carry the reason and no figures, not even how many
//!   companies they hold.

use crate::{
    error::AlignmentError,
    publication::{plan_publication, CandidateCohort, CohortKey, WithheldReason},
    stats::{round_to, weighted_percentile},
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One tenant's figures for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub tenant_id: Uuid,
    pub industry: String,
    pub size_band: String,
    pub period: String,
    pub metrics: BenchmarkMetrics,
    /// What the figures stand for, e.g. the number of reps; positive.
    pub weight: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkMetrics {
    pub win_rate: Option<Decimal>,
    pub average_deal_size: Option<Decimal>,
    pub cycle_length_days: Option<Decimal>,
    pub attainment: Option<Decimal>,
    pub activities_per_rep: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    WinRate,
    AverageDealSize,
    CycleLengthDays,
    Attainment,
    ActivitiesPerRep,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::WinRate,
        Metric::AverageDealSize,
        Metric::CycleLengthDays,
        Metric::Attainment,
        Metric::ActivitiesPerRep,
    ];

    pub fn of(self, metrics: &BenchmarkMetrics) -> Option<Decimal> {
        match self {
            Metric::WinRate => metrics.win_rate,
            Metric::AverageDealSize => metrics.average_deal_size,
            Metric::CycleLengthDays => metrics.cycle_length_days,
            Metric::Attainment => metrics.attainment,
            Metric::ActivitiesPerRep => metrics.activities_per_rep,
        }
    }

    /// Places shown: ratios four, money two, days and counts one.
    fn places(self) -> u32 {
        match self {
            Metric::WinRate | Metric::Attainment => 4,
            Metric::AverageDealSize => 2,
            Metric::CycleLengthDays | Metric::ActivitiesPerRep => 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percentiles {
    pub p25: Decimal,
    pub p50: Decimal,
    pub p75: Decimal,
    pub p90: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricBenchmark {
    pub metric: Metric,
    pub percentiles: Option<Percentiles>,
    pub withheld: Option<WithheldReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortBenchmark {
    pub period: String,
    pub key: CohortKey,
    pub published: bool,
    /// Companies in the cohort; shown only when published.
    pub companies: Option<usize>,
    pub metrics: Vec<MetricBenchmark>,
    pub withheld: Option<WithheldReason>,
    /// Why it is withheld, in words.
    pub note: Option<String>,
}

/// Every candidate cohort of every period, published or withheld, periods
/// in order and cohorts in the planner's order.
pub fn benchmarks(contributions: &[Contribution]) -> Result<Vec<CohortBenchmark>, AlignmentError> {
    let mut by_period: BTreeMap<&str, BTreeMap<Uuid, &Contribution>> = BTreeMap::new();
    for contribution in contributions {
        if contribution.weight <= Decimal::ZERO {
            return Err(AlignmentError::OutOfRange {
                field: "weight".to_owned(),
                value: contribution.weight,
            });
        }
        let period = by_period.entry(contribution.period.as_str()).or_default();
        if period
            .insert(contribution.tenant_id, contribution)
            .is_some()
        {
            return Err(AlignmentError::DuplicateContribution {
                tenant_id: contribution.tenant_id,
                period: contribution.period.clone(),
            });
        }
    }
    let mut results = Vec::new();
    for (period, members) in by_period {
        let candidates = candidate_cohorts(&members);
        let by_key: BTreeMap<&CohortKey, &CandidateCohort> =
            candidates.iter().map(|c| (&c.key, c)).collect();
        for decision in plan_publication(&candidates) {
            let Some(candidate) = by_key.get(&decision.key) else {
                continue;
            };
            let published = decision.published();
            let metrics = if published {
                Metric::ALL
                    .into_iter()
                    .map(|metric| metric_benchmark(metric, candidate, &members))
                    .collect()
            } else {
                Vec::new()
            };
            results.push(CohortBenchmark {
                period: period.to_owned(),
                key: decision.key.clone(),
                published,
                companies: published.then_some(candidate.members.len()),
                metrics,
                note: decision.withheld.as_ref().map(WithheldReason::sentence),
                withheld: decision.withheld,
            });
        }
    }
    Ok(results)
}

/// The four cohorts each contribution belongs to, with member weights.
fn candidate_cohorts(members: &BTreeMap<Uuid, &Contribution>) -> Vec<CandidateCohort> {
    let mut cohorts: BTreeMap<CohortKey, BTreeMap<Uuid, Decimal>> = BTreeMap::new();
    for (tenant_id, c) in members {
        let (industry, size) = (Some(c.industry.clone()), Some(c.size_band.clone()));
        let keys = [
            (industry.clone(), size.clone()),
            (industry, None),
            (None, size),
            (None, None),
        ];
        for (industry, size_band) in keys {
            cohorts
                .entry(CohortKey {
                    industry,
                    size_band,
                })
                .or_default()
                .insert(*tenant_id, c.weight);
        }
    }
    cohorts
        .into_iter()
        .map(|(key, members)| CandidateCohort { key, members })
        .collect()
}

fn metric_benchmark(
    metric: Metric,
    cohort: &CandidateCohort,
    contributions: &BTreeMap<Uuid, &Contribution>,
) -> MetricBenchmark {
    let pairs: Option<Vec<(Decimal, Decimal)>> = cohort
        .members
        .iter()
        .map(|(tenant_id, weight)| {
            contributions
                .get(tenant_id)
                .and_then(|c| metric.of(&c.metrics))
                .map(|value| (value, *weight))
        })
        .collect();
    let percentiles = pairs.and_then(|pairs| {
        let at = |p: i64| {
            weighted_percentile(&pairs, Decimal::new(p, 2)).map(|v| round_to(v, metric.places()))
        };
        Some(Percentiles {
            p25: at(25)?,
            p50: at(50)?,
            p75: at(75)?,
            p90: at(90)?,
        })
    });
    MetricBenchmark {
        metric,
        withheld: percentiles
            .is_none()
            .then_some(WithheldReason::MetricNotReportedByAll),
        percentiles,
    }
}
