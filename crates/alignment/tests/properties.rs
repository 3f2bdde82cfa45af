//! Properties: the chance of reaching a goal is exact and monotone, and no
//! two published benchmark cohorts can be differenced.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use attain_alignment::{
    benchmarks, chance_of_reaching, forecast, plan_publication, stats::weighted_percentile,
    BenchmarkMetrics, CandidateCohort, CohortKey, Contribution, ForecastInput, GoalProgress,
    OpenDeal,
};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::{prelude::ToPrimitive, Decimal};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Deals as (amount in whole money, probability in hundredths).
fn deals() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    prop::collection::vec((1_u32..60, 0_u32..=100), 0..8).prop_map(|raw| {
        raw.into_iter()
            .map(|(amount, p)| (Decimal::from(amount), Decimal::new(i64::from(p), 2)))
            .collect()
    })
}

/// P(baseline + won ≥ target) by enumerating every outcome.
fn brute_force(target: Decimal, baseline: Decimal, deals: &[(Decimal, Decimal)]) -> f64 {
    (0_u32..1 << deals.len())
        .map(|outcome| {
            let mut sum = baseline;
            let mut p = 1.0;
            for (i, (amount, win)) in deals.iter().enumerate() {
                let win = win.to_f64().unwrap();
                if outcome & (1 << i) != 0 {
                    sum += amount;
                    p *= win;
                } else {
                    p *= 1.0 - win;
                }
            }
            if sum >= target {
                p
            } else {
                0.0
            }
        })
        .sum()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

proptest! {
    #[test]
    fn chance_matches_enumeration(target in 1_u32..100, closed in 0_u32..100, deals in deals()) {
        let target = Decimal::from(target);
        let chance = chance_of_reaching(target, Decimal::from(closed), &deals).to_f64().unwrap();
        let exact = brute_force(target, Decimal::from(closed), &deals);
        prop_assert!((chance - exact).abs() < 1e-9, "dp {chance} vs enumeration {exact}");
    }

    #[test]
    fn a_won_deal_never_lowers_the_chance(
        (target, closed) in prop_oneof![(1_i64..5_000, 0_i64..5_000), (1_i64..100_000_000, 0_i64..100_000_000)],
        won in prop_oneof![1_i64..20, 1_i64..5_000_000],
        deals in prop::collection::vec((1_i64..3_000_000, 0_u32..=100), 0..12),
    ) {
        // Amounts in cents, so both the one-cent and the coarse buckets are exercised.
        let deals: Vec<(Decimal, Decimal)> = deals
            .into_iter()
            .map(|(a, p)| (Decimal::new(a, 2), Decimal::new(i64::from(p), 2)))
            .collect();
        let target = Decimal::new(target, 2);
        let before = chance_of_reaching(target, Decimal::new(closed, 2), &deals);
        let after = chance_of_reaching(target, Decimal::new(closed + won, 2), &deals);
        prop_assert!(after >= before, "{before} → {after}");
    }

    #[test]
    fn a_won_deal_never_lowers_the_chance_at_the_boundary(
        deals in prop::collection::vec((1_i64..3_000_000, 1_u32..100), 1..10),
        mask in any::<u16>(),
        won in 1_i64..50,
    ) {
        // Closed sits exactly one subset of the deals below the target,
        // where a cent's difference decides whether that subset suffices.
        let deals: Vec<(Decimal, Decimal)> = deals
            .into_iter()
            .map(|(a, p)| (Decimal::new(a, 2), Decimal::new(i64::from(p), 2)))
            .collect();
        let subset: Decimal = deals
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, (a, _))| *a)
            .sum();
        let target = subset + Decimal::from(1_000);
        let closed = target - subset;
        let before = chance_of_reaching(target, closed, &deals);
        let after = chance_of_reaching(target, closed + Decimal::new(won, 2), &deals);
        prop_assert!(after >= before, "{before} → {after}");
    }

    #[test]
    fn forecast_chance_never_drops_when_a_deal_is_won(
        closed in 0_u32..50_000,
        won in 1_u32..20_000,
        deals in prop::collection::vec((1_u32..30_000, 0_u32..=100), 0..10),
    ) {
        let open: Vec<OpenDeal> = deals
            .iter()
            .enumerate()
            .map(|(i, (amount, p))| OpenDeal {
                deal_id: Uuid::from_u128(i as u128),
                amount: Decimal::from(*amount),
                win_probability: Decimal::new(i64::from(*p), 2),
                expected_close: Some(day(20)),
            })
            .collect();
        let input = |actual: u32| ForecastInput {
            goal: GoalProgress {
                target: Decimal::from(100_000),
                period_start: day(1),
                period_end: day(31),
                actual_to_date: Decimal::from(actual),
                as_of: day(10),
                trailing_daily_run_rate: None,
            },
            open_deals: open.clone(),
            pipeline_horizon_days: Some(10),
        };
        let before = forecast(&input(closed)).unwrap();
        let after = forecast(&input(closed + won)).unwrap();
        prop_assert!(after.chance >= before.chance, "{} → {}", before.chance, after.chance);
        prop_assert!(after.forecast > before.forecast);
    }

    #[test]
    fn published_cohorts_never_differ_by_one_to_four_companies(
        sets in prop::collection::vec(prop::collection::btree_set(1_u128..=14, 0..14), 1..10),
    ) {
        let candidates: Vec<CandidateCohort> = sets
            .iter()
            .enumerate()
            .map(|(i, members)| CandidateCohort {
                key: CohortKey { industry: Some(format!("industry {i}")), size_band: None },
                members: members.iter().map(|m| (Uuid::from_u128(*m), Decimal::ONE)).collect(),
            })
            .collect();
        let decisions = plan_publication(&candidates);
        prop_assert_eq!(decisions.len(), candidates.len());
        let published: Vec<BTreeSet<Uuid>> = decisions
            .iter()
            .filter(|d| d.published())
            .map(|d| candidates.iter().find(|c| c.key == d.key).unwrap().members.keys().copied().collect())
            .collect();
        for (i, a) in published.iter().enumerate() {
            prop_assert!(a.len() >= 5);
            for b in &published[i + 1..] {
                let difference = a.symmetric_difference(b).count();
                prop_assert!(!(1..=4).contains(&difference), "difference {}", difference);
            }
        }
    }

    #[test]
    fn benchmark_output_respects_the_differencing_rule(
        tenants in prop::collection::vec((0_usize..3, 0_usize..3, 1_u32..50), 0..25),
    ) {
        let industries = ["saas", "retail", "health"];
        let sizes = ["smb", "mid", "enterprise"];
        let contributions: Vec<Contribution> = tenants
            .iter()
            .enumerate()
            .map(|(i, (industry, size, weight))| Contribution {
                tenant_id: Uuid::from_u128(i as u128 + 1),
                industry: industries[*industry].to_owned(),
                size_band: sizes[*size].to_owned(),
                period: "2026-Q1".to_owned(),
                metrics: BenchmarkMetrics { win_rate: Some(Decimal::new(i as i64, 2)), ..Default::default() },
                weight: Decimal::from(*weight),
            })
            .collect();
        let members_of = |key: &CohortKey| -> BTreeSet<Uuid> {
            contributions
                .iter()
                .filter(|c| key.industry.as_ref().is_none_or(|i| *i == c.industry))
                .filter(|c| key.size_band.as_ref().is_none_or(|s| *s == c.size_band))
                .map(|c| c.tenant_id)
                .collect()
        };
        let results = benchmarks(&contributions).unwrap();
        let published: Vec<BTreeSet<Uuid>> = results.iter().filter(|b| b.published).map(|b| members_of(&b.key)).collect();
        for (i, a) in published.iter().enumerate() {
            let weights: BTreeMap<Uuid, Decimal> = contributions
                .iter()
                .filter(|c| a.contains(&c.tenant_id))
                .map(|c| (c.tenant_id, c.weight))
                .collect();
            let total: Decimal = weights.values().sum();
            prop_assert!(weights.values().all(|w| *w * Decimal::from(4) <= total));
            for b in &published[i + 1..] {
                prop_assert!(!(1..=4).contains(&a.symmetric_difference(b).count()));
            }
        }
    }

    #[test]
    fn weighted_percentiles_stay_within_the_values_and_rise_with_p(
        pairs in prop::collection::vec((0_i64..1000, 1_i64..20), 1..12),
    ) {
        let pairs: Vec<(Decimal, Decimal)> = pairs.into_iter().map(|(v, w)| (Decimal::from(v), Decimal::from(w))).collect();
        let min = pairs.iter().map(|p| p.0).min().unwrap();
        let max = pairs.iter().map(|p| p.0).max().unwrap();
        let at = |p: i64| weighted_percentile(&pairs, Decimal::new(p, 2)).unwrap();
        let (p25, p50, p75, p90) = (at(25), at(50), at(75), at(90));
        prop_assert!(min <= p25 && p25 <= p50 && p50 <= p75 && p75 <= p90 && p90 <= max);
    }
}
