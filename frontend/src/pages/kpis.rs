//! `/app/kpis`: the KPI scorecard of a scope (the company, a region or team,
//! a person) for a period: win rate, deal size, cycle length, coverage,
//! quota attainment, ARR, ARPU, new logos, stage conversion, activities
//! against target and money per currency; from the worker's live snapshot
//! or computed on demand, and the page says which. While it is open, the
//! scorecard refetches itself when the worker announces a new snapshot of it
//! (live updates over server-sent events).

use crate::{
    components::{
        charts::{BarChart, BarGroup, Funnel, ProgressRing},
        forms::FieldError,
        live::use_live_updates,
        shell::use_session,
    },
    model::format_money,
    pages::{
        perf_ui::{fixed, GroupedOptions, TargetBars, TargetRow},
        sales_ui::{LoadError, NoSalesAccess},
    },
    perf_api::{load_scorecard, model::*},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};
use std::collections::BTreeMap;

const PATH: &str = "/app/kpis";

#[component]
pub fn KpisPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (get("scope"), get("period"), get("from"), get("to"))
    });
    let data = Resource::new(
        move || params.get(),
        |(scope, period, from, to)| load_scorecard(scope, period, from, to),
    );
    let live = use_live_updates(move |topic| {
        data.with_untracked(|loaded| match loaded {
            Some(Ok(page)) => page.card.is_some() && concerns(&page.scope, &page.period, topic),
            _ => false,
        })
    });
    view! {
        <Title text="KPIs · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                match data.await {
                    Ok(page) => view! { <Kpis page live/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"KPIs"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Whether a live-update `topic` changes the scorecard of `scope` for
/// `period`: its own snapshot for a calendar period; for a custom range
/// (computed from everything) any change, which always moves the company
/// snapshot.
fn concerns(scope: &str, period: &str, topic: &str) -> bool {
    if period == "custom" {
        topic == "company"
    } else {
        topic.eq_ignore_ascii_case(&format!("scorecard:{scope}:{period}"))
    }
}

/// Loads the page again each time `live` goes up (in the browser: effects do
/// not run on the server) and shows the answer to the latest request only.
fn refetch_on(live: ReadSignal<u64>, page: &KpiPage, current: RwSignal<KpiPage>) {
    let asked = (
        page.scope.clone(),
        page.period.clone(),
        page.from.clone(),
        page.to.clone(),
    );
    Effect::watch(
        move || live.get(),
        move |&request, _, _| {
            let (scope, period, from, to) = asked.clone();
            leptos::task::spawn_local(async move {
                let Ok(fresh) = load_scorecard(scope, period, from, to).await else {
                    return;
                };
                if live.try_get_untracked() == Some(request) {
                    current.try_set(fresh);
                }
            });
        },
        false,
    );
}

/// The page for one scope and period. Live updates redraw the header's
/// source line and the scorecard, not the picker, so a choice being made
/// there survives them.
#[component]
fn Kpis(page: KpiPage, live: ReadSignal<u64>) -> impl IntoView {
    let current = RwSignal::new(page.clone());
    refetch_on(live, &page, current);
    view! {
        <div class="page-header">
            <div>
                <h1>"KPIs"</h1>
                <p class="muted" data-testid="kpi-subtitle">{format!("{} · {}", page.scope_label, page.period_label)}</p>
            </div>
            {move || current.with(source_line)}
        </div>
        <Picker page=page.clone()/>
        {move || current.with(scorecard_or_notice)}
    }
    .into_any()
}

/// Where the figures come from and when they were computed.
fn source_line(page: &KpiPage) -> Option<impl IntoView> {
    (!page.source.is_empty()).then(|| {
        let (class, text) = if page.source == "snapshot" {
            ("badge badge-ahead", "Live snapshot")
        } else {
            ("badge badge-neutral", "Computed now")
        };
        let when = page
            .computed_at
            .clone()
            .map(|at| {
                if page.source == "snapshot" {
                    format!("updated {at}")
                } else {
                    format!("at {at}")
                }
            })
            .unwrap_or_else(|| "not yet computed".to_owned());
        view! {
            <p class="kpi-source" data-testid="kpi-source" data-source=page.source.clone()>
                <span class=class>{text}</span>
                <span class="muted small">{when}</span>
            </p>
        }
    })
}

/// The scorecard, or why there is none.
fn scorecard_or_notice(page: &KpiPage) -> AnyView {
    match (&page.card, &page.problem) {
        (Some(card), _) => view! { <Scorecard card=card.clone()/> }.into_any(),
        (None, Some(problem)) if !is_picker_field(problem) => {
            view! { <LoadError problem=problem.clone()/> }.into_any()
        }
        (None, _) => view! {
            <div class="empty"><h3>"Choose a range"</h3><p>"Pick the first and last day of the range, then show the scorecard."</p></div>
        }
        .into_any(),
    }
}

fn is_picker_field(problem: &Problem) -> bool {
    matches!(
        problem.field.as_deref(),
        Some("from" | "to" | "period" | "scope")
    )
}

#[component]
fn Picker(page: KpiPage) -> impl IntoView {
    let custom = RwSignal::new(page.period == "custom");
    let problem = fixed(page.problem.clone().filter(is_picker_field));
    view! {
        <Form method="get" action=PATH attr:class="card kpi-picker" attr:data-testid="kpi-picker">
            <div class="field">
                <label for="kpi-scope">"Scope"</label>
                <select id="kpi-scope" name="scope">
                    <GroupedOptions groups=page.scopes.clone() selected=page.scope.clone()/>
                </select>
                <FieldError problem field="scope"/>
            </div>
            <div class="field">
                <label for="kpi-period">"Period"</label>
                <select id="kpi-period" name="period" on:change=move |ev| custom.set(event_target_value(&ev) == "custom")>
                    {page.periods.iter().map(|(value, label)| view! {
                        <option value=value.clone() selected=*value == page.period>{label.clone()}</option>
                    }).collect_view()}
                    <option value="custom" selected=page.period == "custom">"Custom range…"</option>
                </select>
                <FieldError problem field="period"/>
            </div>
            <div class="kpi-range" hidden=move || !custom.get()>
                <div class="field">
                    <label for="kpi-from">"From"</label>
                    <input id="kpi-from" name="from" type="date" value=page.from.clone()/>
                    <FieldError problem field="from"/>
                </div>
                <div class="field">
                    <label for="kpi-to">"To"</label>
                    <input id="kpi-to" name="to" type="date" value=page.to.clone()/>
                    <FieldError problem field="to"/>
                </div>
            </div>
            <div class="kpi-picker-actions">
                <button class="btn btn-primary" type="submit" data-testid="kpi-apply">"Show"</button>
            </div>
        </Form>
    }
}

/// Amounts per currency, one line each; "–" without any.
fn money_lines(amounts: &BTreeMap<String, String>) -> AnyView {
    if amounts.is_empty() {
        return view! { <p class="stat-value">"–"</p> }.into_any();
    }
    let mut lines = amounts.iter();
    let first = lines
        .next()
        .map(|(c, a)| format_money(a, c))
        .unwrap_or_default();
    let rest: Vec<String> = lines.map(|(c, a)| format_money(a, c)).collect();
    view! {
        <p class="stat-value kpi-money">{first}</p>
        {rest.into_iter().map(|line| view! { <p class="kpi-money-more">{line}</p> }).collect_view()}
    }
    .into_any()
}

#[component]
fn Tile(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] sub: String,
) -> impl IntoView {
    view! {
        <div class="card stat kpi-tile" data-testid=format!("kpi-{testid}")>
            <p class="stat-label">{label}</p>
            <p class="stat-value">{value}</p>
            <p class="stat-sub">{sub}</p>
        </div>
    }
}

#[component]
fn MoneyTile(
    label: &'static str,
    testid: &'static str,
    amounts: BTreeMap<String, String>,
    #[prop(into)] sub: String,
) -> impl IntoView {
    view! {
        <div class="card stat kpi-tile" data-testid=format!("kpi-{testid}")>
            <p class="stat-label">{label}</p>
            {money_lines(&amounts)}
            <p class="stat-sub">{sub}</p>
        </div>
    }
}

#[component]
fn Scorecard(card: ScorecardData) -> impl IntoView {
    let dash = || "–".to_owned();
    let closed = card.won_count + card.lost_count;
    let empty = card.is_empty().then(|| {
        view! {
            <div class="kpi-notice" data-testid="kpi-empty">
                <strong>"Nothing happened in this period yet."</strong>
                <span>" No deal was created, closed or open in it, and no activity was logged. Choose another period or scope, or create deals on the pipeline."</span>
            </div>
        }
    });
    let coverage_sub = match (&card.pipeline_coverage, &card.quota) {
        (Some(_), _) => "Open pipeline over the quota still to book".to_owned(),
        (None, Some(_)) => "The quota is already booked".to_owned(),
        (None, None) => "Needs a revenue goal for this scope".to_owned(),
    };
    view! {
        {empty}
        <div class="kpi-grid">
            <Tile label="Win rate" testid="win-rate"
                value=card.win_rate.as_deref().map(percent).unwrap_or_else(dash)
                sub=format!("{} won · {} lost · {} closed", count(card.won_count), count(card.lost_count), count(closed))/>
            <MoneyTile label="Average deal size" testid="deal-size" amounts=card.average_deal_size.clone()
                sub="Bookings over won deals"/>
            <Tile label="Sales cycle" testid="cycle"
                value=card.average_cycle_days.as_deref().map(|d| format!("{} days", trim_decimal(d))).unwrap_or_else(dash)
                sub="Created to won, on average"/>
            <Tile label="Pipeline coverage" testid="coverage"
                value=card.pipeline_coverage.as_deref().map(|c| format!("{}×", trim_decimal(c))).unwrap_or_else(dash)
                sub=coverage_sub/>
            <MoneyTile label="ARR" testid="arr" amounts=card.arr.clone()
                sub=format!("Won in the 12 months to {}", card.to)/>
            <MoneyTile label="ARPU" testid="arpu" amounts=card.arpu.clone()
                sub="ARR per account"/>
            <Tile label="New logos" testid="new-logos" value=count(card.new_logos)
                sub="Accounts won for the first time"/>
            <Tile label="Open deals" testid="open-deals" value=count(card.open_count)
                sub="Expected to close in the period"/>
        </div>
        <div class="grid-2 kpi-charts">
            <Quota card=card.clone()/>
            <Conversions conversions=card.conversions.clone()/>
            <Activities activities=card.activities.clone()/>
            <Currencies card=card.clone()/>
        </div>
    }
}

#[component]
fn Quota(card: ScorecardData) -> impl IntoView {
    let body = match (&card.quota, &card.quota_currency) {
        (Some(quota), Some(currency)) => {
            let attainment = card.quota_attainment.clone().unwrap_or_else(|| "0".into());
            let booked = card
                .bookings
                .get(currency)
                .cloned()
                .unwrap_or_else(|| "0".into());
            view! {
                <ProgressRing percent=geometry(&attainment) * 100.0 label=percent(&attainment) caption="Quota attainment"/>
                <p class="kpi-ring-caption">
                    <span data-testid="kpi-booked">{format_money(&booked, currency)}</span>
                    <span class="muted">" booked of "</span>
                    <span>{format_money(quota, currency)}</span>
                </p>
            }
            .into_any()
        }
        _ => {
            view! {
                <div class="kpi-no-quota">
                    <p class="stat-value">"–"</p>
                </div>
                <p class="kpi-ring-caption muted">"No revenue goal covers this scope and period, so there is no quota to measure against."</p>
                <p class="kpi-ring-caption"><a href="/app/goals?metric=revenue">"Set goals"</a></p>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" data-testid="kpi-quota">
            <div class="card-header"><h2>"Quota attainment"</h2></div>
            {body}
        </section>
    }
}

#[component]
fn Conversions(conversions: Vec<ConversionRow>) -> impl IntoView {
    if conversions.is_empty() {
        return view! {
            <section class="card" data-testid="kpi-funnel">
                <div class="card-header"><h2>"Stage conversion"</h2></div>
                <p class="muted">"Your pipeline needs at least two open stages to show conversion."</p>
            </section>
        }
        .into_any();
    }
    let mut steps: Vec<(String, f64)> = Vec::with_capacity(conversions.len() + 1);
    if let Some(first) = conversions.first() {
        steps.push((first.from_stage.clone(), first.entered as f64));
    }
    for c in &conversions {
        steps.push((c.to_stage.clone(), c.advanced as f64));
    }
    view! {
        <section class="card" data-testid="kpi-funnel">
            <div class="card-header"><h2>"Stage conversion"</h2></div>
            <Funnel steps/>
            <ul class="kpi-conversions">
                {conversions.into_iter().map(|c| {
                    let rate = c.rate.as_deref().map(percent).unwrap_or_else(|| "–".into());
                    view! {
                        <li>
                            <span class="kpi-step">{format!("{} → {}", c.from_stage, c.to_stage)}</span>
                            <span class="muted">{format!("{} of {}", count(c.advanced), count(c.entered))}</span>
                            <strong>{rate}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="muted small">"Deals created in the period that reached each stage, and the share that went on to the next."</p>
        </section>
    }
    .into_any()
}

#[component]
fn Activities(activities: Vec<ActivityTarget>) -> impl IntoView {
    let any = activities.iter().any(|a| a.done > 0 || a.target > 0);
    let body = if any {
        let rows = activities
            .into_iter()
            .map(|a| TargetRow {
                label: activity_label(&a.kind).to_owned(),
                done: a.done,
                target: a.target,
                share: a.attainment.as_deref().map(percent),
                testid: format!("kpi-activity-{}", a.kind),
            })
            .collect();
        view! {
            <TargetBars rows label="Activities done against target, per kind"/>
            <p class="muted small">"Bars show what was done; the mark is the target for the people in this scope over the period."</p>
        }
        .into_any()
    } else {
        view! { <p class="muted">"No activities logged and no weekly targets set for the roles in this scope."</p> }
            .into_any()
    };
    view! {
        <section class="card kpi-wide" data-testid="kpi-activities">
            <div class="card-header"><h2>"Activities against target"</h2></div>
            {body}
        </section>
    }
}

#[component]
fn Currencies(card: ScorecardData) -> impl IntoView {
    let currencies = card.currencies();
    if currencies.is_empty() {
        return view! {
            <section class="card kpi-wide" data-testid="kpi-currencies">
                <div class="card-header"><h2>"Bookings and pipeline"</h2></div>
                <p class="muted">"No money booked or in the pipeline for this period."</p>
            </section>
        }
        .into_any();
    }
    let amount = |map: &BTreeMap<String, String>, c: &str| map.get(c).cloned();
    let groups: Vec<BarGroup> = currencies
        .iter()
        .map(|c| BarGroup {
            label: c.clone(),
            values: vec![
                amount(&card.bookings, c)
                    .map(|a| geometry(&a))
                    .unwrap_or(0.0),
                amount(&card.open_pipeline, c)
                    .map(|a| geometry(&a))
                    .unwrap_or(0.0),
            ],
        })
        .collect();
    let cell = move |map: &BTreeMap<String, String>, c: &str| {
        amount(map, c)
            .map(|a| format_money(&a, c))
            .unwrap_or_else(|| "–".into())
    };
    view! {
        <section class="card" data-testid="kpi-currencies">
            <div class="card-header"><h2>"Bookings and pipeline"</h2></div>
            <div class="kpi-money-split">
            <div>
                <BarChart groups series=vec!["Bookings", "Open pipeline"] title="Bookings and open pipeline per currency"/>
                <ul class="kpi-legend"><li><span class="swatch"></span>"Bookings"</li><li><span class="swatch secondary"></span>"Open pipeline"</li></ul>
            </div>
            <div class="table-scroll">
                <table class="table table-compact">
                    <thead><tr><th>"Currency"</th><th class="num">"Bookings"</th><th class="num">"Open pipeline"</th><th class="num">"Created"</th></tr></thead>
                    <tbody>
                        {currencies.iter().map(|c| view! {
                            <tr>
                                <td>{c.clone()}</td>
                                <td class="num" data-testid=format!("bookings-{c}")>{cell(&card.bookings, c)}</td>
                                <td class="num">{cell(&card.open_pipeline, c)}</td>
                                <td class="num">{cell(&card.pipeline_created, c)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::concerns;

    #[test]
    fn a_calendar_period_follows_its_own_snapshot() {
        assert!(concerns("company", "2026-Q4", "scorecard:company:2026-Q4"));
        assert!(concerns(
            "rep:2f1c1a9e-1b54-4a6e-9a53-6e0f3c5a7d10",
            "2026-q4",
            "scorecard:rep:2f1c1a9e-1b54-4a6e-9a53-6e0f3c5a7d10:2026-Q4"
        ));
        assert!(!concerns("company", "2026-Q4", "scorecard:company:2026-11"));
        assert!(!concerns("company", "2026-Q4", "company"));
        assert!(!concerns("team:x", "2026", "scorecard:company:2026"));
    }

    #[test]
    fn a_custom_range_follows_every_change() {
        assert!(concerns("company", "custom", "company"));
        assert!(!concerns("company", "custom", "scorecard:company:2026-Q4"));
    }
}
