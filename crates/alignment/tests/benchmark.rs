//! Peer benchmarks end to end: cohorts, percentiles and the privacy rules.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use attain_alignment::{
    benchmarks, BenchmarkMetrics, CohortBenchmark, CohortKey, Contribution, Metric, WithheldReason,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use uuid::Uuid;

fn contribution(id: u128, industry: &str, size: &str, win_rate: Decimal) -> Contribution {
    Contribution {
        tenant_id: Uuid::from_u128(id),
        industry: industry.to_owned(),
        size_band: size.to_owned(),
        period: "2026-Q1".to_owned(),
        metrics: BenchmarkMetrics {
            win_rate: Some(win_rate),
            average_deal_size: Some(Decimal::from(id as u64 * 1000)),
            cycle_length_days: Some(dec!(30)),
            attainment: Some(dec!(0.9)),
            activities_per_rep: None,
        },
        weight: dec!(10),
    }
}

fn key(industry: Option<&str>, size: Option<&str>) -> CohortKey {
    CohortKey {
        industry: industry.map(str::to_owned),
        size_band: size.map(str::to_owned),
    }
}

fn find<'a>(results: &'a [CohortBenchmark], k: &CohortKey) -> &'a CohortBenchmark {
    results.iter().find(|b| b.key == *k).unwrap()
}

fn saas_smb(count: u128) -> Vec<Contribution> {
    (1..=count)
        .map(|i| contribution(i, "saas", "smb", Decimal::from(i as u64) / dec!(10)))
        .collect()
}

#[test]
fn four_companies_are_withheld_five_published_with_weighted_percentiles() {
    let four = benchmarks(&saas_smb(4)).unwrap();
    let cohort = find(&four, &key(Some("saas"), Some("smb")));
    assert!(!cohort.published);
    assert_eq!(
        cohort.withheld,
        Some(WithheldReason::TooFewCompanies { required: 5 })
    );
    assert_eq!((cohort.companies, cohort.metrics.len()), (None, 0));

    let five = benchmarks(&saas_smb(5)).unwrap();
    let cohort = find(&five, &key(Some("saas"), Some("smb")));
    assert!(cohort.published);
    assert_eq!(cohort.companies, Some(5));
    // Win rates 0.1..0.5, equal weights: midpoints at 0.1, 0.3, …, 0.9.
    let win = cohort
        .metrics
        .iter()
        .find(|m| m.metric == Metric::WinRate)
        .unwrap();
    let p = win.percentiles.unwrap();
    assert_eq!(
        (p.p25, p.p50, p.p75, p.p90),
        (dec!(0.175), dec!(0.3), dec!(0.425), dec!(0.5))
    );
    // Not reported by anyone: withheld, never zero.
    let activities = cohort
        .metrics
        .iter()
        .find(|m| m.metric == Metric::ActivitiesPerRep)
        .unwrap();
    assert_eq!(activities.percentiles, None);
    assert_eq!(
        activities.withheld,
        Some(WithheldReason::MetricNotReportedByAll)
    );
}

#[test]
fn a_company_with_thirty_percent_of_the_weight_withholds_the_cohort() {
    let mut contributions = saas_smb(5);
    for c in &mut contributions {
        c.weight = dec!(17.5);
    }
    contributions[0].weight = dec!(30);
    let results = benchmarks(&contributions).unwrap();
    let cohort = find(&results, &key(Some("saas"), Some("smb")));
    assert!(matches!(
        cohort.withheld,
        Some(WithheldReason::DominantCompany { .. })
    ));
    assert!(results.iter().all(|b| !b.published));
}

#[test]
fn cohorts_one_company_apart_are_not_both_published() {
    // A = saas/smb = {1..6}; B = saas = {1..7} with company 7 mid-market.
    let mut contributions = saas_smb(6);
    contributions.push(contribution(7, "saas", "mid", dec!(0.9)));
    let results = benchmarks(&contributions).unwrap();
    let a = find(&results, &key(Some("saas"), Some("smb")));
    let b = find(&results, &key(Some("saas"), None));
    assert!(a.published);
    assert!(!b.published);
    assert!(matches!(
        &b.withheld,
        Some(WithheldReason::TooCloseToPublished { published, .. }) if *published == a.key
    ));
    // "Everyone" is also {1..7}: withheld for the same reason.
    assert!(!find(&results, &key(None, None)).published);
    // "All industries, smb" is exactly A again: same figures, nothing new.
    assert!(find(&results, &key(None, Some("smb"))).published);
}

#[test]
fn removing_a_tenant_changes_membership() {
    let six = saas_smb(6);
    let with_all = benchmarks(&six).unwrap();
    let opted_out: Vec<Contribution> = six
        .iter()
        .filter(|c| c.tenant_id != Uuid::from_u128(6))
        .cloned()
        .collect();
    let without = benchmarks(&opted_out).unwrap();
    let k = key(Some("saas"), Some("smb"));
    assert_eq!(find(&with_all, &k).companies, Some(6));
    assert_eq!(find(&without, &k).companies, Some(5));
    assert_ne!(find(&with_all, &k).metrics, find(&without, &k).metrics);
    let two_out: Vec<Contribution> = opted_out
        .into_iter()
        .filter(|c| c.tenant_id != Uuid::from_u128(5))
        .collect();
    assert!(!find(&benchmarks(&two_out).unwrap(), &k).published);
}

#[test]
fn output_never_names_a_tenant() {
    let contributions = saas_smb(8);
    let json = serde_json::to_string(&benchmarks(&contributions).unwrap()).unwrap();
    for c in &contributions {
        assert!(!json.contains(&c.tenant_id.to_string()));
    }
}

#[test]
fn periods_are_separate_and_bad_input_is_refused() {
    let mut contributions = saas_smb(5);
    let mut next = saas_smb(4);
    for c in &mut next {
        c.period = "2026-Q2".to_owned();
    }
    contributions.extend(next);
    let results = benchmarks(&contributions).unwrap();
    let q1 = results
        .iter()
        .filter(|b| b.period == "2026-Q1" && b.published)
        .count();
    let q2 = results
        .iter()
        .filter(|b| b.period == "2026-Q2" && b.published)
        .count();
    assert_eq!((q1, q2), (4, 0));

    let mut twice = saas_smb(5);
    twice.push(contribution(1, "saas", "smb", dec!(0.2)));
    assert!(benchmarks(&twice).is_err());
    let mut weightless = saas_smb(5);
    weightless[0].weight = dec!(0);
    assert!(benchmarks(&weightless).is_err());
}
