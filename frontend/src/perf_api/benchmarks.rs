//! The benchmarks page's data (through the same services as
//! `GET /api/v1/benchmarks` and `PUT /api/v1/benchmarks/participation`):
//! each cohort's percentiles formatted per metric, with where the company's
//! own figure falls.

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::support::{self, money, percent},
    crate::server,
    rust_decimal::Decimal,
};

/// Metrics in the order shown: key, label, whether lower is better.
#[cfg(feature = "ssr")]
const METRICS: [(&str, &str, bool); 5] = [
    ("win_rate", "Win rate", false),
    ("average_deal_size", "Average deal size (USD)", false),
    ("cycle_length_days", "Cycle length", true),
    ("attainment", "Attainment of the company goal", false),
    ("activities_per_rep", "Activities per rep", false),
];

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_benchmarks(period: String) -> Result<BenchmarksPage, Problem> {
    use attain_api::routes::benchmarks::view::{run, BenchmarksQuery};
    let (state, principal) = server::caller(None).await?;
    let query = BenchmarksQuery {
        period: (!period.trim().is_empty()).then(|| period.trim().to_owned()),
    };
    let view = run(&state, &principal, query).await?;
    let (year, month, _) = support::today();
    let quarter = (month - 1) / 3 + 1;
    let this = format!("{year}-Q{quarter}");
    let last = if quarter == 1 {
        format!("{}-Q4", year - 1)
    } else {
        format!("{year}-Q{}", quarter - 1)
    };
    let own_value = |key: &str| decimal(&view.own[key]);
    Ok(BenchmarksPage {
        period: view.period.clone(),
        periods: vec![
            (this.clone(), format!("This quarter ({this})")),
            (last.clone(), format!("Last quarter ({last})")),
        ],
        opted_in: view.opted_in,
        may_change: view.may_change,
        company: format!(
            "{}, {} employees",
            view.industry.replace('_', " "),
            view.company_size
        ),
        ran: view.run.as_ref().map(|run| {
            (
                run.finished_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                run.companies,
            )
        }),
        own: METRICS
            .iter()
            .map(|(key, label, _)| ((*label).to_owned(), shown(key, own_value(key))))
            .collect(),
        cohorts: view
            .cohorts
            .iter()
            .map(|cohort| BenchCohort {
                label: cohort.label.clone(),
                published: cohort.published,
                companies: cohort.companies,
                note: cohort.note.clone(),
                rows: if cohort.published {
                    METRICS
                        .iter()
                        .map(|(key, label, lower_better)| {
                            row(&cohort.metrics, key, label, *lower_better, own_value(key))
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect(),
    })
}

/// Takes part in benchmarks (`opt_in` = "true") or stops; returns the new setting.
#[server(prefix = "/fn")]
pub async fn set_benchmark_participation(csrf: String, opt_in: String) -> Result<bool, Problem> {
    form_call!(SetBenchmarkParticipation, {
        use attain_api::routes::benchmarks::participation::{run, Participation};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let opt_in = opt_in == "true";
        run(&state, &principal, Participation { opt_in }).await?;
        Ok(opt_in)
    })
}

#[cfg(feature = "ssr")]
fn decimal(value: &serde_json::Value) -> Option<Decimal> {
    value.as_str()?.parse().ok()
}

#[cfg(feature = "ssr")]
fn shown(key: &str, value: Option<Decimal>) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    match key {
        "win_rate" | "attainment" => percent(value),
        "average_deal_size" => money(value, "USD"),
        "cycle_length_days" => format!("{} days", value.round_dp(0)),
        _ => value.round_dp(1).normalize().to_string(),
    }
}

#[cfg(feature = "ssr")]
fn row(
    metrics: &serde_json::Value,
    key: &str,
    label: &str,
    lower_better: bool,
    own: Option<Decimal>,
) -> BenchRow {
    let entry = metrics
        .as_array()
        .and_then(|all| all.iter().find(|m| m["metric"] == key))
        .cloned()
        .unwrap_or_default();
    let cuts: Option<Vec<Decimal>> = ["p25", "p50", "p75", "p90"]
        .iter()
        .map(|p| decimal(&entry["percentiles"][p]))
        .collect();
    let withheld = cuts.is_none().then(|| {
        serde_json::from_value::<attain_alignment::WithheldReason>(entry["withheld"].clone())
            .map(|reason| reason.sentence())
            .unwrap_or_else(|_| "Withheld.".to_owned())
    });
    let (standing, class) = match (&cuts, own) {
        (Some(cuts), Some(own)) => standing(cuts, own, lower_better),
        _ => ("", ""),
    };
    BenchRow {
        metric: label.to_owned(),
        own: shown(key, own),
        percentiles: cuts
            .unwrap_or_default()
            .into_iter()
            .map(|v| shown(key, Some(v)))
            .collect(),
        standing: standing.to_owned(),
        standing_class: class.to_owned(),
        withheld,
    }
}

/// Where `own` falls among p25, p50, p75 and p90 (flipped when lower is better).
#[cfg(feature = "ssr")]
fn standing(cuts: &[Decimal], own: Decimal, lower_better: bool) -> (&'static str, &'static str) {
    let beats = |cut: Decimal| if lower_better { own <= cut } else { own >= cut };
    let (p25, p50, p75, p90) = (cuts[0], cuts[1], cuts[2], cuts[3]);
    if lower_better {
        // For cycle length the best tenth sits at or below p10, which is not
        // published; the best quarter is at or below p25.
        if beats(p25) {
            ("Top quartile", "ahead")
        } else if beats(p50) {
            ("Better than the median", "on-track")
        } else if beats(p75) {
            ("Below the median", "behind")
        } else {
            ("Bottom quartile", "behind")
        }
    } else if beats(p90) {
        ("Top 10%", "ahead")
    } else if beats(p75) {
        ("Top quartile", "ahead")
    } else if beats(p50) {
        ("Above the median", "on-track")
    } else if beats(p25) {
        ("Below the median", "behind")
    } else {
        ("Bottom quartile", "behind")
    }
}
