//! `/app/admin/compensation` (owners and admins), "Payouts": a period's
//! statements by status with their totals, marking approved ones paid and
//! the payroll export; recalculating every statement from a period, with a
//! progress bar that follows the run; scenario modelling (a plan version,
//! usually a draft, replayed over a past period's real deals: cost now and
//! under the version, who is better or worse off, the payout distribution
//! as a chart with its numbers as a table, and everyone's difference); the
//! period's quotas; and exchange rates.

use crate::{
    comp_api::admin::*,
    components::{
        charts::compact,
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
    },
    model::{format_money, SessionInfo},
    pages::{
        approvals::{reset_when_shown, Attainment},
        perf_ui::{GroupedOptions, Meter},
        sales_ui::{Empty, Feedback, LoadError, Toast},
    },
    perf_api::model::{geometry, period_label},
    sales_model::query_string,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};
use std::time::Duration;

const PATH: &str = "/app/admin/compensation";

/// Runs followed on the page; they outlive reloads of the page's data.
#[derive(Clone, Copy)]
struct Runs {
    recalculation: RwSignal<Option<RunItem>>,
    scenario: RwSignal<Option<RunItem>>,
    pay: ServerAction<PayStatement>,
}

/// Reads `current`'s run again and again while it is queued or running;
/// `finished` runs once it is done or failed.
fn follow(current: RwSignal<Option<RunItem>>, finished: impl Fn() + Copy + 'static) {
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        retry.track();
        let Some(id) =
            current.with(|c| c.as_ref().filter(|r| r.is_running()).map(|r| r.id.clone()))
        else {
            return;
        };
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    match payouts_run(id.clone()).await {
                        Ok(fresh) => {
                            let same = current
                                .try_with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id))
                                .unwrap_or(false);
                            if same {
                                let done = !fresh.is_running();
                                current.try_set(Some(fresh));
                                if done {
                                    finished();
                                }
                            }
                        }
                        Err(_) => {
                            retry.try_update(|n| *n += 1);
                        }
                    }
                });
            },
            Duration::from_millis(600),
        );
    });
}

#[component]
pub fn CompAdminPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let runs = Runs {
        recalculation: RwSignal::new(None),
        scenario: RwSignal::new(None),
        pay: ServerAction::new(),
    };
    feedback.watch(runs.pay, |done: &StepDone| {
        format!("{}'s statement is paid and locked.", done.person_name)
    });
    follow(runs.recalculation, move || {
        feedback.refresh.update(|n| *n += 1)
    });
    follow(runs.scenario, || {});
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("period").unwrap_or_default(),
            query.get("run").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((period, run), _)| load_payouts(period, run),
    );
    view! {
        <Title text="Payouts · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                match data.await {
                    Ok(page) => payouts(info, page, runs),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Payouts"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

fn payouts(info: SessionInfo, page: PayoutsPage, runs: Runs) -> AnyView {
    // A run already under way when the page loaded is followed too.
    if let Some(running) = page.recalculation.clone().filter(RunItem::is_running) {
        Effect::new(move |_| {
            if runs.recalculation.get_untracked().is_none() {
                runs.recalculation.set(Some(running.clone()));
            }
        });
    }
    if let Some(running) = page.open_run.clone().filter(RunItem::is_running) {
        Effect::new(move |_| {
            if runs.scenario.get_untracked().is_none() {
                runs.scenario.set(Some(running.clone()));
            }
        });
    }
    let period = page.period.clone();
    let label = period_label(&period);
    let payroll = |status: &str, text: &'static str| {
        let query = query_string(&[("period", period.as_str()), ("status", status)]);
        view! {
            <a class="btn btn-secondary btn-small" href=format!("/api/v1/statements/payroll.csv{query}")
                download="" rel="external" data-testid=format!("payroll-{}", if status.is_empty() { "all" } else { status })>{text}</a>
        }.into_any()
    };
    let tiles = page
        .by_status
        .iter()
        .map(|s| {
            view! {
                <div class="card stat" data-testid=format!("total-{}", s.status)>
                    <p class="stat-label">{status_label(&s.status)}</p>
                    <p class="stat-value comp-money">{totals_text(&s.totals)}</p>
                    <p class="stat-sub">{match s.count { 1 => "1 statement".to_owned(), n => format!("{n} statements") }}</p>
                </div>
            }.into_any()
        })
        .collect_view();
    let period_options = page
        .periods
        .iter()
        .map(|(key, text)| {
            let selected = *key == page.period;
            view! { <option value=key.clone() selected=selected>{text.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class="page-header">
            <div>
                <h1>"Payouts"</h1>
                <p class="muted">"What the company pays for a period, recalculations, and plan changes modelled on real history before they go live."</p>
            </div>
            <div class="page-actions">
                <Form method="get" action=PATH attr:class="filters perf-inline-form comp-period" attr:data-testid="payout-period">
                    <label class="sr-only" for="payout-period">"Period"</label>
                    <select id="payout-period" name="period">{period_options}</select>
                    <button class="btn btn-secondary btn-small" type="submit">"Show"</button>
                </Form>
            </div>
        </div>
        <div class="kpi-grid comp-tiles">
            {tiles}
            <div class="card stat" data-testid="total-all">
                <p class="stat-label">"Total"</p>
                <p class="stat-value comp-money">{totals_text(&page.totals)}</p>
                <p class="stat-sub">{label.clone()}</p>
            </div>
        </div>
        <section class="card card-flush">
            <div class="card-header card-header-padded comp-card-head">
                <h2>{format!("Statements · {label}")}</h2>
                <div class="comp-head-actions" aria-label="Payroll export">
                    <span class="muted small">"Payroll CSV:"</span>
                    {payroll("approved", "Approved")}
                    {payroll("paid", "Paid")}
                    {payroll("", "All")}
                </div>
            </div>
            <StatementTable info=info.clone() page=page.clone() runs/>
        </section>
        <div class="grid-2 comp-runs">
            <Recalculate info=info.clone() page=page.clone() runs/>
            <QuotaSummary page=page.clone()/>
        </div>
        <Scenario info=info.clone() page=page.clone() runs/>
        <Quotas info=info.clone() page=page.clone()/>
        <Rates info page/>
    }
    .into_any()
}

#[component]
fn StatementTable(info: SessionInfo, page: PayoutsPage, runs: Runs) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <div class="card-body">
                <Empty title="No statements for this period" text="Statements appear once a published plan is assigned and deals close in the period. Recalculate below after changing plans, quotas or rates."/>
            </div>
        }
        .into_any();
    }
    let problem = last_problem(runs.pay.value());
    let approvals = |period: &str, person: &str| {
        format!(
            "/app/commissions/approvals{}#statement",
            query_string(&[("period", period), ("person", person)])
        )
    };
    view! {
        <FormError problem/>
        <div class="table-scroll">
            <table class="table table-compact comp-table comp-stack" data-testid="payout-list">
                <thead><tr>
                    <th>"Person"</th>
                    <th>"Status"</th>
                    <th>"Attainment"</th>
                    <th class="num">"Payout"</th>
                    <th><span class="sr-only">"Action"</span></th>
                </tr></thead>
                <tbody>
                    {page.items.iter().map(|item| {
                        let (csrf, person, period, version) = (
                            info.csrf_token.clone(),
                            item.person_id.clone(),
                            page.period.clone(),
                            item.version.to_string(),
                        );
                        let action = match item.status.as_str() {
                            "approved" => view! {
                                <ActionForm action=runs.pay attr:class="inline">
                                    <input type="hidden" name="csrf" value=csrf/>
                                    <input type="hidden" name="person_id" value=person/>
                                    <input type="hidden" name="period" value=period/>
                                    <input type="hidden" name="version" value=version/>
                                    <button class="btn btn-primary btn-small" type="submit" data-testid="mark-paid">"Mark paid"</button>
                                </ActionForm>
                            }.into_any(),
                            "draft" => view! {
                                <a class="btn btn-secondary btn-small" href=approvals(&page.period, &item.person_id)>"Review"</a>
                            }.into_any(),
                            _ => view! { <span class="muted small">"Locked"</span> }.into_any(),
                        };
                        view! {
                            <tr data-testid=format!("payout-row-{}", item.person_name)>
                                <td class="comp-lead"><a href=approvals(&page.period, &item.person_id)>{item.person_name.clone()}</a></td>
                                <td><span class=status_badge(&item.status) data-testid="payout-status">{status_label(&item.status)}</span></td>
                                <td><Attainment pct=item.attainment_pct.clone()/></td>
                                <td class="num comp-end"><strong>{format_money(&item.payout, &item.currency)}</strong></td>
                                <td class="num comp-end">{action}</td>
                            </tr>
                        }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A run's progress bar (or how it ended).
#[component]
fn Progress(run: RunItem, #[prop(into)] label: String) -> impl IntoView {
    let percent = run.percent();
    let text = match run.status.as_str() {
        "queued" => "Waiting for the worker…".to_owned(),
        "running" if run.total > 0 => format!("{} of {} people", run.done, run.total),
        "running" => "Starting…".to_owned(),
        "done" => "Done".to_owned(),
        _ => run
            .error
            .clone()
            .unwrap_or_else(|| "The run stopped; start it again.".into()),
    };
    let tone = if run.status == "failed" {
        "meter-bad"
    } else {
        "meter-good"
    };
    view! {
        <div class="comp-progress" data-testid=format!("{}-progress", run.kind) data-status=run.status.clone()>
            <div class="comp-progress-head">
                <span class=status_badge(&run.status)>{status_label(&run.status)}</span>
                <span class="muted small">{format!("{percent:.0}% · {text}")}</span>
            </div>
            <Meter percent tone label/>
        </div>
    }
    .into_any()
}

#[component]
fn Recalculate(info: SessionInfo, page: PayoutsPage, runs: Runs) -> impl IntoView {
    let start = ServerAction::<StartRecalculation>::new();
    let recalc_form = NodeRef::<leptos::html::Form>::new();
    reset_when_shown(recalc_form);
    let problem = last_problem(start.value());
    Effect::new(move |_| {
        if let Some(Ok(run)) = start.value().get() {
            runs.recalculation.set(Some(run));
        }
    });
    let last = page.recalculation.clone();
    let csrf = info.csrf_token.clone();
    let options = page
        .past_periods
        .iter()
        .map(|(key, text)| {
            let selected = *key == page.period;
            view! { <option value=key.clone() selected=selected>{text.clone()}</option> }
        })
        .collect_view();
    let state = move || {
        match runs.recalculation.get().or_else(|| last.clone()) {
        Some(run) => {
            let when = format!("Last started {} from {}", run.created, period_label(&run.period));
            view! {
                <Progress run label="Recalculation progress"/>
                <p class="muted small">{when}</p>
            }
            .into_any()
        }
        None => view! { <p class="muted small">"Statements are recalculated by themselves after every change; start one here after a large correction."</p> }.into_any(),
    }
    };
    view! {
        <section class="card comp-recalc" data-testid="recalculate">
            <div class="card-header"><h2>"Recalculate"</h2></div>
            <ActionForm action=start node_ref=recalc_form attr:class="comp-inline-form" attr:data-testid="recalculate-form">
                <input type="hidden" name="csrf" value=csrf/>
                <div class="field">
                    <label for="recalc-from">"Every statement from"</label>
                    <select id="recalc-from" name="from">{options}</select>
                    <FieldError problem field="from"/>
                </div>
                <button class="btn btn-primary" type="submit" data-testid="recalculate-start"
                    disabled=move || runs.recalculation.with(|r| r.as_ref().is_some_and(RunItem::is_running))>"Recalculate"</button>
            </ActionForm>
            <FormError problem fields=&["from"]/>
            {state}
        </section>
    }
    .into_any()
}

/// How many people have a quota this period.
#[component]
fn QuotaSummary(page: PayoutsPage) -> impl IntoView {
    let with = page.quotas.iter().filter(|q| !q.amount.is_empty()).count();
    let without = page.quotas.len() - with;
    view! {
        <section class="card">
            <div class="card-header"><h2>"Quotas and rates"</h2></div>
            <p>{format!("{with} of {} people have a quota for {}.", page.quotas.len(), period_label(&page.period))}</p>
            {(without > 0).then(|| view! { <p class="muted small">"Without a quota, attainment is unknown: tiers above 0% and bonuses do not apply. Set quotas below."</p> })}
            <p class="muted small">{match page.rates.len() { 0 => "No exchange rates: deals in another currency than a plan's need one.".to_owned(), n => format!("{n} exchange rates on file.") }}</p>
            <a class="btn btn-secondary btn-small" href="#quotas">"Edit quotas"</a>
        </section>
    }
    .into_any()
}

#[component]
fn Scenario(info: SessionInfo, page: PayoutsPage, runs: Runs) -> impl IntoView {
    let start = ServerAction::<StartScenario>::new();
    let scenario_form = NodeRef::<leptos::html::Form>::new();
    reset_when_shown(scenario_form);
    let problem = last_problem(start.value());
    Effect::new(move |_| {
        if let Some(Ok(run)) = start.value().get() {
            runs.scenario.set(Some(run));
        }
    });
    let opened = page.open_run.clone();
    let shown = move || runs.scenario.get().or_else(|| opened.clone());
    let default_period = if page.past_periods.iter().any(|(k, _)| *k == page.period) {
        page.period.clone()
    } else {
        page.past_periods
            .first()
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    };
    let recent = page.runs.clone();
    let recent_list = move || {
        let mut list = recent.clone();
        if let Some(current) = runs.scenario.get() {
            match list.iter_mut().find(|r| r.id == current.id) {
                Some(existing) => *existing = current,
                None => list.insert(0, current),
            }
        }
        if list.is_empty() {
            return view! { <p class="muted small">"No scenarios yet."</p> }.into_any();
        }
        view! {
            <ul class="comp-run-list" data-testid="scenario-runs">
                {list.into_iter().take(8).map(|r| {
                    let summary = match &r.scenario {
                        Some(s) => signed_money(&s.delta, &r.currency),
                        None => status_label(&r.status).to_owned(),
                    };
                    view! {
                        <li>
                            <a href=format!("{PATH}?run={}#scenario", r.id) on:click=move |_| runs.scenario.set(None)>
                                {format!("{} v{}", r.plan_name.clone().unwrap_or_default(), r.version.unwrap_or_default())}
                            </a>
                            <span class="muted small">{format!(" · {} · {}", period_label(&r.period), r.created)}</span>
                            <span class=status_badge(&r.status)>{summary}</span>
                        </li>
                    }.into_any()
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let form = if page.versions.is_empty() {
        view! { <Empty title="No plans to model" text="Create a plan and a draft version under Comp plans, then replay it here on a past period."/> }.into_any()
    } else {
        let csrf = info.csrf_token.clone();
        let (versions, chosen) = (page.versions.clone(), page.default_version.clone());
        let options = page
            .past_periods
            .iter()
            .map(|(key, text)| {
                let selected = *key == default_period;
                view! { <option value=key.clone() selected=selected>{text.clone()}</option> }
            })
            .collect_view();
        view! {
            <ActionForm action=start node_ref=scenario_form attr:class="comp-inline-form" attr:data-testid="scenario-form">
                <input type="hidden" name="csrf" value=csrf/>
                <div class="field">
                    <label for="scenario-version">"Plan version"</label>
                    <select id="scenario-version" name="plan_version">
                        <GroupedOptions groups=versions selected=chosen/>
                    </select>
                    <FieldError problem field="version"/>
                </div>
                <div class="field">
                    <label for="scenario-period">"Replayed on"</label>
                    <select id="scenario-period" name="period">{options}</select>
                    <FieldError problem field="period"/>
                </div>
                <button class="btn btn-primary" type="submit" data-testid="scenario-start"
                    disabled=move || runs.scenario.with(|r| r.as_ref().is_some_and(RunItem::is_running))>"Run scenario"</button>
            </ActionForm>
            <FormError problem fields=&["version", "period"]/>
        }
        .into_any()
    };
    view! {
        <section class="card comp-scenario" id="scenario" data-testid="scenario">
            <div class="card-header">
                <h2>"Scenario modelling"</h2>
                <span class="muted small">"Nothing real changes"</span>
            </div>
            <p class="muted">"Replay a plan version (a draft before you publish it) over a past period's real deals and compare it with the plans in force."</p>
            {form}
            {move || shown().map(|run| {
                if run.is_running() || run.status == "failed" {
                    view! { <Progress run label="Scenario progress"/> }.into_any()
                } else {
                    match run.scenario.clone() {
                        Some(result) => view! { <ScenarioResultView run=run.clone() result/> }.into_any(),
                        None => view! { <Progress run label="Scenario progress"/> }.into_any(),
                    }
                }
            })}
            <h3 class="comp-subhead">"Recent scenarios"</h3>
            {recent_list}
        </section>
    }
    .into_any()
}

#[component]
fn ScenarioResultView(run: RunItem, result: ScenarioResult) -> impl IntoView {
    let currency = run.currency.clone();
    let money = |amount: &str| format_money(amount, &currency);
    let change = {
        let now = geometry(&result.current_total);
        let delta = geometry(&result.delta);
        if now.abs() > f64::EPSILON {
            format!("{:+.0}% on today's cost", delta / now * 100.0)
        } else {
            "No cost today".to_owned()
        }
    };
    let delta_class = if result.delta.starts_with('-') {
        "stat-value comp-money comp-down"
    } else if geometry(&result.delta) > 0.0 {
        "stat-value comp-money comp-up"
    } else {
        "stat-value comp-money"
    };
    let title = format!(
        "{} v{} on {}",
        run.plan_name.clone().unwrap_or_default(),
        run.version.unwrap_or_default(),
        period_label(&result.period)
    );
    let people = if result.rows.is_empty() {
        view! { <p class="muted">"Nobody's statement uses this plan in that period, under either version."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="table table-compact comp-table comp-stack" data-testid="scenario-people">
                    <caption class="sr-only">"Payout per person, biggest gain first"</caption>
                    <thead><tr>
                        <th>"Person"</th>
                        <th class="num">"Now"</th>
                        <th class="num">"Scenario"</th>
                        <th class="num">"Difference"</th>
                        <th class="num">"Attainment"</th>
                    </tr></thead>
                    <tbody>
                        {result.rows.iter().map(|r| view! {
                            <tr>
                                <td class="comp-lead">{r.name.clone()}</td>
                                <td class="num" data-label="Now">{money(&r.current)}</td>
                                <td class="num" data-label="Scenario">{money(&r.scenario)}</td>
                                <td class=if r.delta.starts_with('-') { "num comp-end comp-down" } else { "num comp-end comp-up" }>{signed_money(&r.delta, &currency)}</td>
                                <td class="num comp-end" data-label="Attainment">{r.attainment_pct.as_deref().map(pct_text).unwrap_or_else(|| "–".into())}</td>
                            </tr>
                        }.into_any()).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="comp-result" data-testid="scenario-result">
            <h3 class="comp-subhead">{title}</h3>
            <div class="kpi-grid comp-tiles">
                <div class="card stat"><p class="stat-label">"Cost now"</p><p class="stat-value comp-money" data-testid="scenario-current">{money(&result.current_total)}</p><p class="stat-sub">"Plans in force"</p></div>
                <div class="card stat"><p class="stat-label">"Cost with the scenario"</p><p class="stat-value comp-money" data-testid="scenario-total">{money(&result.scenario_total)}</p><p class="stat-sub">{format!("{} people", result.people)}</p></div>
                <div class="card stat"><p class="stat-label">"Difference"</p><p class=delta_class data-testid="scenario-delta">{signed_money(&result.delta, &currency)}</p><p class="stat-sub">{change}</p></div>
                <div class="card stat">
                    <p class="stat-label">"People"</p>
                    <p class="stat-value comp-counts" data-testid="scenario-counts">
                        <span class="comp-up" title="Better off">{format!("▲{}", result.better_off)}</span>
                        <span class="comp-down" title="Worse off">{format!("▼{}", result.worse_off)}</span>
                        <span class="muted" title="Unchanged">{format!("={}", result.unchanged)}</span>
                    </p>
                    <p class="stat-sub">{format!("{} better off, {} worse off, {} unchanged", result.better_off, result.worse_off, result.unchanged)}</p>
                </div>
            </div>
            <DistributionChart bands=result.bands.clone() currency=currency.clone()/>
            {people}
            <p class="muted small">{format!("Computed in {} ms.", result.elapsed_ms)}</p>
        </div>
    }
    .into_any()
}

/// A round axis step for counts of people up to `max`.
fn count_step(max: usize) -> usize {
    let rough = max.div_ceil(4).max(1);
    let magnitude = 10usize.pow(rough.ilog10());
    [1, 2, 5, 10]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(rough)
}

/// People per payout band, now and under the scenario: grouped bars, with
/// the same numbers as a table for screen readers and exact reading.
#[component]
fn DistributionChart(bands: Vec<BandItem>, currency: String) -> impl IntoView {
    if bands.is_empty() {
        return view! { <p class="muted">"Nobody is paid anything in this period either way: no distribution to show."</p> }.into_any();
    }
    let (width, height, left, top, bottom) = (600.0, 250.0, 40.0, 12.0, 46.0);
    let max = bands
        .iter()
        .map(|b| b.current.max(b.scenario))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = count_step(max);
    let axis_max = max.div_ceil(step) * step;
    let plot = height - top - bottom;
    let group = (width - left) / bands.len() as f64;
    let bar = (group * 0.36).min(26.0);
    let y = move |count: usize| top + plot - count as f64 / axis_max as f64 * plot;
    let band_label = |b: &BandItem| {
        format!(
            "{}–{}",
            compact(geometry(&b.from)),
            compact(geometry(&b.to))
        )
    };
    let sparse = bands.len() > 6;
    let summary = format!(
        "People per payout band in {currency}, from {} to {}. {}",
        band_label(&bands[0]),
        band_label(&bands[bands.len() - 1]),
        bands
            .iter()
            .filter(|b| b.current + b.scenario > 0)
            .map(|b| format!(
                "{}: {} now, {} in the scenario",
                band_label(b),
                b.current,
                b.scenario
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let ticks: Vec<usize> = (0..=axis_max / step).map(|i| i * step).collect();
    view! {
        <figure class="comp-chart" data-testid="scenario-chart">
            <figcaption>
                <strong>"Payout distribution"</strong>
                <ul class="kpi-legend" aria-hidden="true">
                    <li><span class="swatch secondary"></span>"Now"</li>
                    <li><span class="swatch"></span>"Scenario"</li>
                </ul>
            </figcaption>
            <svg class="chart" viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="scenario-chart-title scenario-chart-desc">
                <title id="scenario-chart-title">"Payout distribution: plans in force against the scenario"</title>
                <desc id="scenario-chart-desc">{summary}</desc>
                {ticks.into_iter().map(|t| view! {
                    <line class="grid-line" x1=left x2=width y1=y(t) y2=y(t)/>
                    <text x=left - 8.0 y=y(t) + 4.0 text-anchor="end">{t.to_string()}</text>
                }.into_any()).collect_view()}
                {bands.iter().enumerate().map(|(i, b)| {
                    let x0 = left + i as f64 * group + (group - 2.0 * bar - 2.0) / 2.0;
                    let label = band_label(b);
                    let show = !sparse || i % 2 == 0;
                    view! {
                        <rect class="bar secondary" x=x0 y=y(b.current) width=bar height=y(0) - y(b.current) rx="2">
                            <title>{format!("{label}: {} now", b.current)}</title>
                        </rect>
                        <rect class="bar" x=x0 + bar + 2.0 y=y(b.scenario) width=bar height=y(0) - y(b.scenario) rx="2">
                            <title>{format!("{label}: {} in the scenario", b.scenario)}</title>
                        </rect>
                        {show.then(|| view! {
                            <text x=x0 + bar + 1.0 y=height - bottom + 18.0 text-anchor="middle">{label.clone()}</text>
                        })}
                    }.into_any()
                }).collect_view()}
                <text x=left + (width - left) / 2.0 y=height - 6.0 text-anchor="middle">{format!("Payout per person ({currency})")}</text>
            </svg>
            <details class="comp-chart-table">
                <summary>"The numbers as a table"</summary>
                <div class="table-scroll">
                    <table class="table table-compact" data-testid="scenario-bands">
                        <thead><tr><th>{format!("Payout ({currency})")}</th><th class="num">"People now"</th><th class="num">"In the scenario"</th></tr></thead>
                        <tbody>
                            {bands.iter().map(|b| view! {
                                <tr>
                                    <td>{format!("{} to {}", format_money(&b.from, &currency), format_money(&b.to, &currency))}</td>
                                    <td class="num">{b.current.to_string()}</td>
                                    <td class="num">{b.scenario.to_string()}</td>
                                </tr>
                            }.into_any()).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}

#[component]
fn Quotas(info: SessionInfo, page: PayoutsPage) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let save = ServerAction::<SavePeriodQuotas>::new();
    let quota_form = NodeRef::<leptos::html::Form>::new();
    reset_when_shown(quota_form);
    feedback.watch(save, |n: &usize| match n {
        0 => "No quota typed: nothing changed.".to_owned(),
        1 => "1 quota saved: the statement is being recalculated.".to_owned(),
        n => format!("{n} quotas saved: statements are being recalculated."),
    });
    let problem = last_problem(save.value());
    let body = if page.quotas.is_empty() {
        view! { <Empty title="Nobody to set a quota for" text="Add people to the sales organisation on the People page first."/> }.into_any()
    } else {
        let fields: Vec<String> = (0..page.quotas.len())
            .map(|i| format!("quotas[{i}].amount"))
            .collect();
        let claimed = fields.clone();
        let (csrf, period) = (info.csrf_token.clone(), page.period.clone());
        let rows = page
            .quotas
            .iter()
            .enumerate()
            .map(|(i, q)| quota_row(i, q.clone(), fields[i].clone(), problem))
            .collect_view();
        view! {
            <ActionForm action=save node_ref=quota_form attr:class="form" attr:data-testid="quota-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="period" value=period/>
                <div class="table-scroll comp-scroll-box">
                    <table class="table table-compact comp-table comp-stack" data-testid="quota-table">
                        <thead><tr><th>"Person"</th><th>"Role"</th><th class="num">"Quota"</th></tr></thead>
                        <tbody>
                            {rows}
                        </tbody>
                    </table>
                </div>
                {move || problem.get().filter(|p| p.field.as_ref().is_none_or(|f| !claimed.contains(f))).map(|p| view! {
                    <div class="form-error" role="alert">{p.message}</div>
                })}
                <div class="form-actions">
                    <span class="muted small">"In the currency of each person's plan. Empty leaves a quota as it is."</span>
                    <button class="btn btn-primary" type="submit" data-testid="save-quotas">"Save quotas"</button>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <section class="card" id="quotas" data-testid="quotas">
            <div class="card-header"><h2>{format!("Quotas · {}", period_label(&page.period))}</h2></div>
            {body}
        </section>
    }
    .into_any()
}

/// One person's quota input, its problem beside it.
fn quota_row(
    i: usize,
    q: QuotaItem,
    field: String,
    problem: Signal<Option<crate::problem::Problem>>,
) -> AnyView {
    let id = format!("quota-{i}");
    let message = move || problem.get().and_then(|p| p.for_field(&field));
    let invalid = {
        let message = message.clone();
        move || message().map(|_| "true")
    };
    view! {
        <tr data-testid=format!("quota-{}", q.name)>
            <td class="comp-lead"><label for=id.clone()>{q.name.clone()}</label></td>
            <td class="muted">{q.role.clone()}</td>
            <td class="num comp-end comp-quota-cell">
                <input type="hidden" name=format!("quotas[{i}][person_id]") value=q.person_id.clone()/>
                <input id=id class="comp-amount-input" name=format!("quotas[{i}][amount]") value=q.amount.clone()
                    inputmode="decimal" placeholder="Not set" aria-invalid=invalid/>
                {move || message().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn Rates(info: SessionInfo, page: PayoutsPage) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let add = ServerAction::<AddFxRate>::new();
    let rate_form = NodeRef::<leptos::html::Form>::new();
    reset_when_shown(rate_form);
    feedback.watch(add, |_: &()| {
        "Exchange rate saved: statements are being recalculated.".to_owned()
    });
    let problem = last_problem(add.value());
    let csrf = info.csrf_token.clone();
    let options = page
        .periods
        .iter()
        .map(|(key, text)| {
            let selected = *key == page.period;
            view! { <option value=key.clone() selected=selected>{text.clone()}</option> }
        })
        .collect_view();
    let list = if page.rates.is_empty() {
        view! { <p class="muted">"No exchange rates yet. Deals booked in another currency than a plan's are converted at the period's rate."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll comp-scroll-box">
                <table class="table table-compact comp-table" data-testid="rate-list">
                    <thead><tr><th>"Period"</th><th>"From"</th><th>"To"</th><th class="num">"Rate"</th></tr></thead>
                    <tbody>
                        {page.rates.iter().map(|r| view! {
                            <tr>
                                <td>{period_label(&r.period)}</td>
                                <td>{r.from.clone()}</td>
                                <td>{r.to.clone()}</td>
                                <td class="num">{format!("1 {} = {} {}", r.from, r.rate, r.to)}</td>
                            </tr>
                        }.into_any()).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="rates">
            <div class="card-header"><h2>"Exchange rates"</h2></div>
            {list}
            <ActionForm action=add node_ref=rate_form attr:class="form comp-rate-form" attr:data-testid="rate-form">
                <input type="hidden" name="csrf" value=csrf/>
                <div class="comp-rate-grid">
                    <div class="field">
                        <label for="rate-period">"Period"</label>
                        <select id="rate-period" name="period">{options}</select>
                        <FieldError problem field="period"/>
                    </div>
                    <div class="field">
                        <label for="rate-from">"From"</label>
                        <input id="rate-from" name="from" maxlength="3" placeholder="EUR" autocapitalize="characters"/>
                        <FieldError problem field="from"/>
                    </div>
                    <div class="field">
                        <label for="rate-to">"To"</label>
                        <input id="rate-to" name="to" maxlength="3" placeholder="USD" autocapitalize="characters"/>
                        <FieldError problem field="to"/>
                    </div>
                    <div class="field">
                        <label for="rate-rate">"Rate"</label>
                        <input id="rate-rate" name="rate" inputmode="decimal" placeholder="1.085"/>
                        <FieldError problem field="rate"/>
                    </div>
                </div>
                <FormError problem fields=&["period", "from", "to", "rate"]/>
                <div class="form-actions"><button class="btn btn-secondary" type="submit">"Save rate"</button></div>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::count_step;

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(count_step(1), 1);
        assert_eq!(count_step(4), 1);
        assert_eq!(count_step(7), 2);
        assert_eq!(count_step(30), 10);
        assert_eq!(count_step(170), 50);
    }
}
