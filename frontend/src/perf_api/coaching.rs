//! The manager's team view (through the same services as
//! `GET /api/v1/coaching/team` and the one-on-one endpoints), shaped for the
//! page: KPI values formatted by kind, the selected rep's funnel against the
//! team's, and their one-on-one notes.

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::support::{self, money, percent},
    crate::server,
};

/// The team view of `team` (empty: the caller's own) for `period` (empty:
/// this quarter), with `rep` (an id, or empty) opened below the board.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_coaching(
    team: String,
    period: String,
    rep: String,
) -> Result<CoachingPage, Problem> {
    use attain_alignment::TeamView;
    use attain_api::routes::coaching::{notes_list, team as team_view};
    let (state, principal) = server::caller(None).await?;
    let query = team_view::TeamQuery {
        team_id: support::id(&team, "team")?,
        period: (!period.trim().is_empty()).then(|| period.trim().to_owned()),
    };
    let answer = team_view::run(&state, &principal, query).await?;
    let view: TeamView = serde_json::from_value(answer.view)
        .map_err(|e| attain_api::ApiError::internal(format!("team view: {e}")))?;
    let currency = view.currency.clone();
    let (year, month, _) = support::today();
    let quarter = format!("{year}-Q{}", (month - 1) / 3 + 1);
    let this_month = format!("{year}-{month:02}");
    let rows: Vec<CoachRow> = view
        .leaderboard
        .iter()
        .map(|row| coach_row(row, &currency))
        .collect();
    let chosen = support::id(&rep, "rep")?;
    let selected =
        match chosen.and_then(|id| view.leaderboard.iter().find(|row| row.rep.rep_id == id)) {
            Some(row) => {
                let notes = notes_list::run(&state, &principal, row.rep.rep_id).await?;
                let funnel = view.funnels.iter().find(|f| f.rep_id == row.rep.rep_id);
                let weakest = row.weakest_stage.as_ref();
                Some(CoachRep {
                    rep_id: row.rep.rep_id.to_string(),
                    name: row.rep.name.clone(),
                    kpis: rep_kpis(&view, row.rep.rep_id, &currency),
                    stages: funnel
                        .map(|f| {
                            f.stages
                                .iter()
                                .map(|stage| CoachStage {
                                    step: format!("{} → {}", stage.from, stage.to),
                                    rep_rate: stage.rep_rate.map_or("—".to_owned(), percent),
                                    team_rate: stage.team_rate.map_or("—".to_owned(), percent),
                                    rep_percent: drawn(stage.rep_rate),
                                    team_percent: drawn(stage.team_rate),
                                    weakest: weakest
                                        .is_some_and(|w| w.from == stage.from && w.to == stage.to),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    weakest_explanation: weakest.map(|w| w.explanation.clone()),
                    weakest_label: weakest.map(|w| format!("{} → {}", w.from, w.to)),
                    notes: notes
                        .notes
                        .into_iter()
                        .map(|note| CoachNote {
                            held_on: note.held_on.to_string(),
                            author: note.author_name,
                            notes: note.notes,
                            next_steps: note.next_steps,
                            focus_stage: note.focus_stage,
                        })
                        .collect(),
                    can_write: notes.can_write,
                    today: support::today_text(),
                })
            }
            None => None,
        };
    let mut team_funnel = Vec::new();
    for (index, stage) in view.stages.iter().enumerate() {
        let entered = view.team_funnel.get(index).copied().unwrap_or(0);
        let next = view.team_funnel.get(index + 1).copied();
        let rate = match next {
            Some(next) if entered > 0 => {
                format!("{:.0}% go on", next as f64 * 100.0 / entered as f64)
            }
            _ => String::new(),
        };
        team_funnel.push((stage.clone(), entered, rate));
    }
    Ok(CoachingPage {
        team_id: answer.team_id.to_string(),
        team_name: answer.team_name,
        period: answer.period,
        periods: vec![
            (quarter.clone(), format!("This quarter ({quarter})")),
            (this_month.clone(), format!("This month ({this_month})")),
        ],
        teams: answer
            .teams
            .into_iter()
            .map(|team| {
                let label = if team.kind == "region" {
                    format!("{} (region)", team.name)
                } else {
                    team.name
                };
                (team.id.to_string(), label)
            })
            .collect(),
        funnel_range: format!("{} to {}", answer.funnel_from, answer.funnel_to),
        rows,
        kpis: view
            .kpis
            .iter()
            .map(|kpi| CoachKpi {
                label: kpi.label.clone(),
                median: kpi_value(&kpi.benchmark.kpi, kpi.benchmark.median, &currency),
                top_quartile: kpi_value(&kpi.benchmark.kpi, kpi.benchmark.top_quartile, &currency),
                better: match kpi.benchmark.direction {
                    attain_alignment::Direction::HigherIsBetter => "higher",
                    attain_alignment::Direction::LowerIsBetter => "lower",
                }
                .to_owned(),
            })
            .collect(),
        team_funnel,
        selected,
    })
}

/// Notes a one-on-one with `person_id`; returns their id.
#[server(prefix = "/fn")]
pub async fn add_one_on_one(
    csrf: String,
    person_id: String,
    held_on: String,
    notes: String,
    next_steps: String,
    focus_stage: String,
) -> Result<String, Problem> {
    form_call!(AddOneOnOne, {
        use attain_api::routes::coaching::notes_create::{run, NewOneOnOne};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let Some(person) = support::id(&person_id, "person_id")? else {
            return Err(support::field("person_id", "is required"));
        };
        let body = NewOneOnOne {
            held_on,
            notes,
            next_steps,
            focus_stage: Some(focus_stage),
        };
        run(&state, &principal, person, body).await?;
        Ok(person.to_string())
    })
}

#[cfg(feature = "ssr")]
fn coach_row(row: &attain_alignment::LeaderboardRow, currency: &str) -> CoachRow {
    let rep = &row.rep;
    let or_dash = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());
    CoachRow {
        rank: row.rank,
        rep_id: rep.rep_id.to_string(),
        name: rep.name.clone(),
        attainment: or_dash(rep.quota_attainment.map(percent)),
        attainment_percent: drawn(rep.quota_attainment),
        has_quota: rep.quota_attainment.is_some(),
        bookings: money(rep.bookings, currency),
        win_rate: or_dash(rep.win_rate.map(percent)),
        activities: rep.activities_done.to_string(),
        weakest: row
            .weakest_stage
            .as_ref()
            .map(|w| (format!("{} → {}", w.from, w.to), money(w.cost, currency))),
        flags: row
            .flags
            .iter()
            .map(|flag| {
                let kind = serde_json::to_value(flag.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                (kind, flag.message.clone())
            })
            .collect(),
        top_quartile: row.top_quartile.clone(),
        last_one_on_one: rep.last_one_on_one.map(|d| d.to_string()),
    }
}

/// The rep's reading of every KPI the team has, against the team.
#[cfg(feature = "ssr")]
fn rep_kpis(
    view: &attain_alignment::TeamView,
    rep: uuid::Uuid,
    currency: &str,
) -> Vec<CoachRepKpi> {
    view.kpis
        .iter()
        .filter_map(|kpi| {
            let reading = kpi.benchmark.reps.iter().find(|r| r.rep_id == rep)?;
            let key = kpi.benchmark.kpi.as_str();
            let (standing, label) = if reading.in_top_quartile {
                ("ahead", "Top quartile")
            } else if reading.better_than_median || reading.vs_median.is_zero() {
                ("on-track", "At or above the median")
            } else {
                ("behind", "Below the median")
            };
            Some(CoachRepKpi {
                label: kpi.label.clone(),
                value: kpi_value(key, reading.value, currency),
                median: kpi_value(key, kpi.benchmark.median, currency),
                top_quartile: kpi_value(key, kpi.benchmark.top_quartile, currency),
                standing: standing.to_owned(),
                standing_label: label.to_owned(),
            })
        })
        .collect()
}

#[cfg(feature = "ssr")]
fn kpi_value(kpi: &str, value: rust_decimal::Decimal, currency: &str) -> String {
    match kpi {
        "quota_attainment" | "win_rate" => percent(value),
        "bookings" | "average_deal_size" => money(value, currency),
        "average_cycle_days" => format!("{} days", value.round_dp(0)),
        "pipeline_coverage" => format!("{}×", value.round_dp(1)),
        _ => value.round_dp(0).to_string(),
    }
}

#[cfg(feature = "ssr")]
fn drawn(share: Option<rust_decimal::Decimal>) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    share
        .and_then(|s| (s * rust_decimal::Decimal::ONE_HUNDRED).to_f64())
        .unwrap_or_default()
}
