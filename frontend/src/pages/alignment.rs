//! `/app/alignment`: is the sales organisation on course? The goal cascade
//! of a quarter or year as the worker's snapshot has it: pace counts, the
//! top risks, and a drill-down from the company to any rep (`?goal=<id>`):
//! the goal's pace, forecast and chance, its alignment score with every part
//! explained, its priority-product mix (target, pipeline, bookings) with the
//! form owners and admins set the target with, and the goals below it
//! coloured by pace, with forecast against goal drawn for each. Updates in
//! place when the worker refreshes the snapshot (live topic
//! `alignment:<period>`).

use crate::{
    components::{
        charts::{BarChart, BarGroup, ProgressRing},
        forms::{last_problem, FieldError, FormError},
        live::use_live_updates,
        shell::use_session,
    },
    model::{role_label, SessionInfo},
    pages::{
        benchmarks::PercentileTable,
        sales_ui::{Feedback, Toast},
    },
    perf_api::{
        alignment::{load_alignment, load_maturity, load_target_mix, SaveTargetMix},
        benchmarks::load_benchmarks,
        model::{
            AlignGoal, AlignMix, AlignmentPage as Page, BenchmarksPage, MaturityCard, TargetMixForm,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AlignmentPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let period = move || query.with(|q| q.get("period").unwrap_or_default());
    let updates = use_live_updates(|topic| topic.starts_with("alignment:"));
    let chosen = move || query.with(|q| q.get("goal"));
    let snapshot = Resource::new(
        move || (period(), chosen(), updates.get()),
        |(period, chosen, _)| async move { load_alignment(period).await.map(|page| (page, chosen)) },
    );
    let maturity = Resource::new(|| (), |_| load_maturity());
    let peers = Resource::new(|| (), |_| load_benchmarks(String::new()));
    let feedback = Feedback::new();
    let save = ServerAction::<SaveTargetMix>::new();
    feedback.watch(save, |_: &TargetMixForm| {
        "Target mix saved; the alignment score follows within seconds.".to_owned()
    });
    let target = Resource::new(move || feedback.refresh.get(), |_| load_target_mix());
    view! {
        <Title text="Alignment · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !matches!(info.role.as_str(), "owner" | "admin" | "executive" | "manager") {
                    return view! { <NotForYou info/> }.into_any();
                }
                let maturity = maturity.await.ok();
                let peers = peers.await.ok();
                let mix = MixEditing { target: target.await.ok(), csrf: info.csrf_token.clone(), save };
                match snapshot.await {
                    Ok((page, chosen)) => view! {
                        <Dashboard page chosen mix/>
                        {peers.map(|page| view! { <PeerPercentiles page/> })}
                        {maturity.map(|card| view! { <Maturity card/> })}
                    }.into_any(),
                    Err(problem) => view! { <div class="form-error" role="alert">{problem.message}</div> }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
}

/// What the priority-mix panel needs to show and change the target mix.
#[derive(Clone)]
struct MixEditing {
    target: Option<TargetMixForm>,
    csrf: String,
    save: ServerAction<SaveTargetMix>,
}

#[component]
fn NotForYou(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Alignment is for owners, admins, executives and managers"</h3>
            <p>{format!("It shows every rep's figures. You are signed in as {} in {}; your own pace is on your KPI scorecard.", role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app/kpis">"Open my KPIs"</a>
        </div>
    }
}

fn badge(class: &str) -> (&'static str, &'static str) {
    match class {
        "ahead" => ("badge badge-ahead", "Ahead"),
        "on_track" => ("badge badge-on-track", "On track"),
        _ => ("badge badge-behind", "Behind"),
    }
}

fn link(period: &str, goal: &str) -> String {
    format!("/app/alignment?period={period}&goal={goal}")
}

#[component]
fn Dashboard(page: Page, chosen: Option<String>, mix: MixEditing) -> impl IntoView {
    let root = page.goals.iter().find(|g| g.parent_id.is_none()).cloned();
    let selected = chosen
        .and_then(|id| page.goals.iter().find(|g| g.id == id).cloned())
        .or(root);
    let period = page.period.clone();
    let header = view! {
        <div class="page-header">
            <div>
                <h1>"Alignment"</h1>
                <p class="muted">{format!("Every revenue goal of {} from the company down, as of {}. Updated {}.", page.period, page.as_of, page.computed)}</p>
            </div>
            <nav class="row" aria-label="Period">
                {page.periods.iter().map(|(value, label)| {
                    let current = *value == page.period;
                    view! { <a class=if current { "btn btn-primary btn-small" } else { "btn btn-secondary btn-small" } href=format!("/app/alignment?period={value}") aria-current=current.then_some("page")>{label.clone()}</a> }
                }).collect_view()}
            </nav>
        </div>
    };
    let Some(selected) = selected else {
        return view! {
            {header}
            <div class="empty" data-testid="alignment-empty">
                <h3>{format!("No revenue goals for {}", page.period)}</h3>
                <p>"Set the company's revenue goal and cascade it to regions, teams and reps on the Goals page; pace, forecast and alignment appear here within seconds."</p>
                <a class="btn btn-primary" href="/app/goals">"Open goals"</a>
            </div>
        }
        .into_any();
    };
    let trail = ancestors(&page.goals, &selected);
    let children: Vec<AlignGoal> = page
        .goals
        .iter()
        .filter(|g| g.parent_id.as_deref() == Some(selected.id.as_str()))
        .cloned()
        .collect();
    view! {
        {header}
        <div class="grid-3 alignment-counts" data-testid="pace-counts">
            <div class="card stat"><span class="stat-label">"Ahead"</span><span class="stat-value">{page.ahead}</span><span class="stat-sub">"goals above their expected pace"</span></div>
            <div class="card stat"><span class="stat-label">"On track"</span><span class="stat-value">{page.on_track}</span><span class="stat-sub">"within 5% of expected"</span></div>
            <div class="card stat"><span class="stat-label">"Behind"</span><span class="stat-value">{page.behind}</span><span class="stat-sub">"more than 5% below expected"</span></div>
        </div>
        <nav class="breadcrumbs" aria-label="Drill-down" data-testid="alignment-trail">
            {trail.iter().map(|goal| view! { <a href=link(&period, &goal.id)>{goal.name.clone()}</a><span aria-hidden="true">" › "</span> }).collect_view()}
            <span aria-current="page">{selected.name.clone()}</span>
        </nav>
        <GoalDetail goal=selected.clone()/>
        <PriorityMix name=selected.name.clone() mix=selected.mix.clone() editing=mix/>
        {(!children.is_empty()).then(|| view! { <Children goals=children period=period.clone() parent=selected.name.clone()/> })}
        {(!page.risks.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="risks-title">
                <div class="card-header"><h2 id="risks-title">"Top risks"</h2></div>
                <ol class="risk-list" data-testid="risks">
                    {page.risks.iter().map(|risk| view! {
                        <li>
                            <a href=link(&period, &risk.goal_id)>{format!("{} ({})", risk.name, risk.kind)}</a>
                            <span class="muted">{format!(" · {} behind pace · {} chance · {}", risk.gap.trim_start_matches('-'), risk.chance, risk.sentence)}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
    .into_any()
}

/// The selected goal's parents, from the company down.
fn ancestors(goals: &[AlignGoal], goal: &AlignGoal) -> Vec<AlignGoal> {
    let mut trail = Vec::new();
    let mut parent = goal.parent_id.clone();
    while let Some(id) = parent {
        let Some(found) = goals.iter().find(|g| g.id == id) else {
            break;
        };
        if trail.iter().any(|g: &AlignGoal| g.id == found.id) {
            break;
        }
        parent = found.parent_id.clone();
        trail.push(found.clone());
    }
    trail.reverse();
    trail
}

#[component]
fn GoalDetail(goal: AlignGoal) -> impl IntoView {
    let (class, label) = badge(&goal.class);
    let score_value: f64 = goal
        .score
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    view! {
        <section class="grid-2 alignment-detail" aria-label=format!("{} goal", goal.name)>
            <div class="card">
                <div class="card-header">
                    <h2>{format!("{} · {}", goal.name, goal.kind)}</h2>
                    <span class=class data-testid="selected-pace">{label}</span>
                </div>
                <dl class="facts">
                    <dt>"Goal"</dt><dd>{goal.target.clone()}</dd>
                    <dt>"Won so far"</dt><dd data-testid="selected-actual">{goal.actual.clone()}</dd>
                    <dt>"Expected by now"</dt><dd>{goal.expected.clone()}</dd>
                    <dt>"Gap"</dt><dd>{goal.gap.clone()}{goal.gap_days.clone().map(|days| format!(" ({days} of run rate)"))}</dd>
                    <dt>"Forecast"</dt><dd>{goal.forecast.clone()}</dd>
                    <dt>"Chance of reaching it"</dt><dd>{format!("{} ({})", goal.chance, goal.chance_words)}</dd>
                </dl>
                {goal.unconverted.clone().map(|text| view! { <p class="callout" data-testid="unconverted">{text}</p> })}
                <p class="hint">{goal.pace_explanation.clone()}</p>
                <p class="hint">{goal.forecast_sentence.clone()}</p>
            </div>
            <div class="card">
                <div class="card-header"><h2>"Alignment score"</h2></div>
                <div class="row">
                    <ProgressRing percent=score_value label=goal.score.clone().unwrap_or_else(|| "—".into()) caption="Alignment score"/>
                    <p class="hint">{goal.score_note.clone()}</p>
                </div>
                <table class="table" data-testid="score-parts">
                    <thead><tr><th>"Part"</th><th class="num">"Score"</th><th class="num">"Weight"</th></tr></thead>
                    <tbody>
                        {goal.parts.iter().map(|part| view! {
                            <tr>
                                <td>{part.label.clone()}<p class="hint">{part.explanation.clone()}</p></td>
                                <td class="num">{part.score.clone()}</td>
                                <td class="num">{part.weight.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Children(goals: Vec<AlignGoal>, period: String, parent: String) -> impl IntoView {
    let chart: Vec<BarGroup> = goals
        .iter()
        .take(12)
        .map(|g| BarGroup {
            label: g.name.chars().take(14).collect(),
            values: vec![g.drawn.2, g.drawn.3],
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="children-title">
            <div class="card-header"><h2 id="children-title">{format!("Goals under {parent}")}</h2></div>
            <BarChart groups=chart series=vec!["Forecast", "Goal"] title=format!("Forecast against goal under {parent}")/>
            <div class="table-wrap"><table class="table" data-testid="child-goals">
                <thead><tr><th>"Goal of"</th><th>"Pace"</th><th class="num">"Won"</th><th class="num">"Goal"</th><th class="num">"Gap"</th><th class="num">"Forecast"</th><th class="num">"Chance"</th><th class="num">"Score"</th></tr></thead>
                <tbody>
                    {goals.into_iter().map(|goal| {
                        let (class, label) = badge(&goal.class);
                        let share = if goal.drawn.3 > 0.0 { (goal.drawn.0 / goal.drawn.3 * 100.0).min(100.0) } else { 0.0 };
                        view! {
                            <tr data-pace=goal.class.clone()>
                                <td><a href=link(&period, &goal.id)>{goal.name.clone()}</a><span class="muted">{format!(" · {}", goal.kind)}</span></td>
                                <td><span class=class>{label}</span></td>
                                <td class="num">{goal.actual.clone()}<span class="meter meter-good" role="img" aria-label=format!("{share:.0}% of the goal won")><span class="meter-fill" style=format!("width: {share:.0}%")></span></span></td>
                                <td class="num">{goal.target.clone()}</td>
                                <td class="num">{goal.gap.clone()}</td>
                                <td class="num">{goal.forecast.clone()}</td>
                                <td class="num">{goal.chance.clone()}</td>
                                <td class="num">{goal.score.clone().unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

/// The selected goal's pipeline and bookings by product priority against
/// the company's target mix, one stacked bar each, and the target's form.
#[component]
fn PriorityMix(name: String, mix: Option<AlignMix>, editing: MixEditing) -> impl IntoView {
    let target = editing.target.clone();
    let set = target.as_ref().is_some_and(|t| t.set);
    let bars = match mix {
        Some(mix) => view! {
            <div class="mix-bars" data-testid="priority-mix">
                {mix.rows.into_iter().map(|row| {
                    let caption = match &row.score {
                        Some(score) => format!("{} · {score} of 100 against the target", row.label),
                        None => row.label.clone(),
                    };
                    let empty = row.segments.is_empty();
                    view! {
                        <div class="mix-row">
                            <span class="mix-label">{caption}</span>
                            <span class="mix-bar" role="img" aria-label=format!("{}: {}", row.label, if empty { "nothing with product lines".to_owned() } else { row.segments.iter().map(|s| s.text.clone()).collect::<Vec<_>>().join(", ") })>
                                {row.segments.iter().map(|segment| view! {
                                    <span class=format!("mix-segment mix-{}", segment.key) style=format!("width: {:.1}%", segment.percent) title=segment.text.clone()>
                                        {(segment.percent >= 12.0).then(|| segment.text.clone())}
                                    </span>
                                }).collect_view()}
                                {empty.then(|| view! { <span class="mix-none">"Nothing with product lines yet"</span> })}
                            </span>
                        </div>
                    }
                }).collect_view()}
            </div>
            <p class="hint">"Only deals with product lines count; each is split by the value of its lines. The score is 100 minus the share of the mix that would have to move to match the target."</p>
        }.into_any(),
        None if set => view! { <p class="muted">{format!("No pipeline or bookings with product lines for {name} yet.")}</p> }.into_any(),
        None => view! { <p class="muted" data-testid="priority-mix-unset">"No target mix is set, so the alignment score leaves the priority mix out."</p> }.into_any(),
    };
    let form = target.filter(|t| t.may_edit).map(|t| {
        let problem = last_problem(editing.save.value());
        view! {
            <details class="mix-editor" open=!set>
                <summary>{if set { "Change the target mix" } else { "Set the target mix" }}</summary>
                <ActionForm action=editing.save attr:class="form" attr:data-testid="target-mix-form">
                    <input type="hidden" name="csrf" value=editing.csrf.clone()/>
                    <div class="form-grid">
                        {[("strategic", "Strategic %", t.strategic.clone()), ("standard", "Standard %", t.standard.clone()), ("loss_leader", "Loss leader %", t.loss_leader.clone())].into_iter().map(|(field, label, value)| view! {
                            <div class="field">
                                <label for=format!("mix-{field}")>{label}</label>
                                <input id=format!("mix-{field}") name=field inputmode="decimal" value=value placeholder="0"/>
                                <FieldError problem field=field/>
                            </div>
                        }).collect_view()}
                    </div>
                    <FormError problem fields=&["strategic", "standard", "loss_leader"]/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save target mix"</button></div>
                </ActionForm>
            </details>
        }
    });
    view! {
        <section class="card" aria-labelledby="mix-title">
            <div class="card-header"><h2 id="mix-title">{format!("Priority mix · {name}")}</h2></div>
            {bars}
            {form}
        </section>
    }
    .into_any()
}

/// Where the company stands on the maturity ladder, why, and what next.
#[component]
fn Maturity(card: MaturityCard) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="maturity-title" data-testid="maturity">
            <div class="card-header">
                <h2 id="maturity-title">"Management maturity"</h2>
                <span class="badge badge-on-track">{card.level.clone()}</span>
            </div>
            <ol class="maturity-ladder" aria-label="Levels">
                {card.levels.iter().map(|(level, reached)| view! {
                    <li class=if *reached { "reached" } else { "" } aria-current=(*level == card.level).then_some("step")>{level.clone()}</li>
                }).collect_view()}
            </ol>
            <p class="callout"><strong>"Next step: "</strong>{card.next_step.clone()}</p>
            <ul class="evidence-list">
                {card.evidence.iter().map(|(level, met, detail, step)| view! {
                    <li class=if *met { "met" } else { "unmet" }>
                        <span aria-hidden="true">{if *met { "✓ " } else { "○ " }}</span>
                        <span class="muted">{format!("{level}: ")}</span>{detail.clone()}
                        {(!*met).then(|| view! { <span class="muted">{format!(" {step}")}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The company against its most specific published peer cohort this
/// quarter; the whole picture is on the benchmarks page.
#[component]
fn PeerPercentiles(page: BenchmarksPage) -> impl IntoView {
    let cohort = page.cohorts.into_iter().find(|c| c.published);
    let body = match cohort {
        Some(cohort) => view! {
            <p class="muted">{format!("Against {} ({} companies), {}.", cohort.label, cohort.companies.unwrap_or_default(), page.period)}</p>
            <PercentileTable rows=cohort.rows testid="peer-percentiles"/>
        }.into_any(),
        None if page.opted_in => view! { <p class="muted">"No cohort of yours is published for this quarter yet (each needs at least 5 companies)."</p> }.into_any(),
        None => view! { <p class="muted">"Your company does not take part in peer benchmarks, so it sees no percentiles."</p> }.into_any(),
    };
    view! {
        <section class="card" aria-labelledby="peers-title" data-testid="peer-benchmarks">
            <div class="card-header"><h2 id="peers-title">"Peer benchmarks"</h2><a class="btn btn-secondary btn-small" href="/app/benchmarks">"Open benchmarks"</a></div>
            {body}
        </section>
    }
    .into_any()
}
