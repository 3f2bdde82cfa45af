//! `/app/goals`: one metric's goals for one period as the cascade from the
//! company down to reps: each goal's target, what the goals below it add up
//! to, how well they cover it and the gap. Owners and admins set any goal,
//! managers their teams' and reports'; a target changed by someone else
//! meanwhile is refused and the page offers to reload.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::SessionInfo,
    pages::{
        perf_ui::{GroupedOptions, Meter, TabLinks},
        sales_ui::{Editor, Empty, Feedback, LoadError, NoSalesAccess, Toast},
    },
    perf_api::{load_goals, model::*, CreateGoal, UpdateGoalTarget},
    problem::Problem,
    sales_model::query_string,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const PATH: &str = "/app/goals";

#[component]
pub fn GoalsPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let create = ServerAction::<CreateGoal>::new();
    feedback.watch(create, |period: &String| {
        format!("Goal set for {}.", period_label(period))
    });
    // A target someone else changed meanwhile: shown until the page reloads.
    let conflict = RwSignal::new(None::<String>);
    provide_context(conflict);
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("period").unwrap_or_default(),
            query.get("metric").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((period, metric), _)| load_goals(period, metric),
    );
    view! {
        <Title text="Goals · Attain"/>
        {move || conflict.get().map(|message| view! {
            <div class="form-error perf-conflict" role="alert" data-testid="goal-conflict">
                <span>{message}</span>
                <button type="button" class="btn btn-secondary btn-small" on:click=move |_| {
                    conflict.set(None);
                    feedback.refresh.update(|n| *n += 1);
                }>"Reload"</button>
            </div>
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                match data.await {
                    Ok(page) => view! { <Goals info page create/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Goals"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

fn href(period: &str, metric: &str) -> String {
    format!(
        "{PATH}{}",
        query_string(&[("period", period), ("metric", metric)])
    )
}

#[component]
fn Goals(info: SessionInfo, page: GoalsPage, create: ServerAction<CreateGoal>) -> impl IntoView {
    let new_goal = (page.may_set && !page.scopes.is_empty()).then(|| {
        let (info, page) = (info.clone(), page.clone());
        view! {
            <Editor label="New goal" title="Set a goal" class="btn btn-primary" testid="new-goal">
                <NewGoal info page create/>
            </Editor>
        }
    });
    let tabs = METRICS
        .iter()
        .map(|(key, label)| (*key, *label, href(&page.period, key)))
        .collect();
    let summary = {
        let short = page.lines.iter().filter(|l| l.status == "short").count();
        let over = page.lines.iter().filter(|l| l.status == "over").count();
        match (page.lines.len(), short, over) {
            (0, _, _) => "No goals yet for this period.".to_owned(),
            (n, 0, 0) => format!("{n} goals; every cascade adds up."),
            (n, s, o) => {
                format!("{n} goals; {s} not covered by the goals below, {o} over-covered.")
            }
        }
    };
    let heading = format!(
        "{} · {}: {summary}",
        metric_label(&page.metric),
        period_label(&page.period)
    );
    let body = if page.lines.is_empty() {
        let text = if page.may_set {
            format!(
                "Set the company's {} goal for {}, then break it down to regions, teams and reps.",
                metric_label(&page.metric).to_lowercase(),
                period_label(&page.period)
            )
        } else {
            "Goals appear here once your managers or admins set them.".to_owned()
        };
        view! { <Empty title="No goals for this period" text/> }.into_any()
    } else {
        view! { <GoalTable page=page.clone() csrf=info.csrf_token.clone()/> }.into_any()
    };
    view! {
        <div class="page-header">
            <div>
                <h1>"Goals"</h1>
                <p class="muted">"Targets cascade from the company to regions, teams and reps; coverage shows whether the goals below add up to each one."</p>
            </div>
            <div class="page-actions">{new_goal}</div>
        </div>
        <div class="perf-toolbar">
            <TabLinks tabs current=page.metric.clone() label="Metric"/>
            <Form method="get" action=PATH attr:class="filters perf-inline-form" attr:data-testid="goal-filters">
                <input type="hidden" name="metric" value=page.metric.clone()/>
                <label class="sr-only" for="goal-period-filter">"Period"</label>
                <select id="goal-period-filter" name="period">
                    <GroupedOptions groups=page.periods.clone() selected=page.period.clone()/>
                </select>
                <button class="btn btn-secondary btn-small" type="submit">"Show"</button>
            </Form>
        </div>
        <p class="muted perf-summary" data-testid="goal-summary">{heading}</p>
        {body}
    }
    .into_any()
}

fn status_badge(status: &str) -> (&'static str, &'static str) {
    match status {
        "covered" => ("badge badge-ahead", "Covered"),
        "short" => ("badge badge-behind", "Short"),
        "over" => ("badge badge-warning", "Over"),
        _ => ("badge badge-neutral", "Not split"),
    }
}

#[component]
fn GoalTable(page: GoalsPage, csrf: String) -> impl IntoView {
    view! {
        <div class="table-wrap sales-wrap">
            <table class="table table-compact goal-table" data-testid="goal-tree">
                <thead><tr>
                    <th>"Goal"</th>
                    <th class="num">"Target"</th>
                    <th class="num">"Below"</th>
                    <th>"Coverage"</th>
                    <th class="num">"Gap"</th>
                    <th>"Status"</th>
                    <th><span class="sr-only">"Change"</span></th>
                </tr></thead>
                <tbody>
                    {page.lines.into_iter().map(|line| {
                        let period = page.period.clone();
                        view! { <GoalRow line page_period=period csrf=csrf.clone()/> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn GoalRow(line: GoalLine, page_period: String, csrf: String) -> impl IntoView {
    let update = ServerAction::<UpdateGoalTarget>::new();
    let problem = last_problem(update.value());
    let feedback = expect_context::<Feedback>();
    let conflict = expect_context::<RwSignal<Option<String>>>();
    Effect::new(move |_| match update.value().get() {
        Some(Ok(())) => {
            feedback.toast.set(Some("Target saved.".to_owned()));
            feedback.refresh.update(|n| *n += 1);
        }
        Some(Err(p)) if p.code == "version_conflict" => conflict.set(Some(p.message)),
        _ => {}
    });
    let currency = line.currency.clone();
    let amount = move |raw: &str| goal_amount(raw, currency.as_deref());
    let (status_class, status_text) = status_badge(&line.status);
    let coverage_percent = line.coverage.as_deref().map(|c| geometry(c) * 100.0);
    let tone = match line.status.as_str() {
        "covered" => "meter-good",
        "over" => "meter-warn",
        _ => "meter-bad",
    };
    let gap = if line.children == 0 {
        "–".to_owned()
    } else if line.gap.starts_with('-') {
        format!("{} over", amount(line.gap.trim_start_matches('-')))
    } else {
        amount(&line.gap)
    };
    let other_period = (line.period != page_period).then(|| {
        view! { <span class="badge badge-neutral">{period_label(&line.period)}</span> }
    });
    let indent = format!("--depth: {}", line.depth);
    let input_id = format!("target-{}", line.id);
    let testid = format!("goal-{}", line.scope_name);
    let target_plain = trim_decimal(&line.target);
    let editor = line.editable.then(|| {
        let title = format!("Target: {} · {}", line.scope_name, period_label(&line.period));
        let current = format!(
            "Now {}; the goals below add up to {}.",
            amount(&line.target),
            amount(&line.children_total)
        );
        let conflicted = move || {
            problem
                .get()
                .is_some_and(|p| p.code == "version_conflict")
                .then(|| view! {
                    <button type="button" class="btn btn-secondary btn-small" data-testid="goal-reload" on:click=move |_| {
                        conflict.set(None);
                        feedback.refresh.update(|n| *n += 1);
                    }>"Reload the goals"</button>
                })
        };
        view! {
            <Editor label="Edit" title testid="edit-target">
                <ActionForm action=update attr:class="form" attr:data-testid="goal-target-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="goal_id" value=line.id.clone()/>
                    <input type="hidden" name="version" value=line.version.to_string()/>
                    <div class="field">
                        <label for=input_id.clone()>"New target"</label>
                        <input id=input_id name="target" inputmode="decimal" value=target_plain required=true/>
                        <p class="hint">{current}</p>
                        <FieldError problem field="target"/>
                    </div>
                    <FormError problem fields=&["target"]/>
                    <div class="form-actions">
                        {conflicted}
                        <button class="btn btn-primary" type="submit">"Save target"</button>
                    </div>
                </ActionForm>
            </Editor>
        }
    });
    view! {
        <tr class=format!("goal-line goal-{}", line.status) data-testid=testid>
            <td class="goal-scope" style=indent>
                <span class="goal-name">{line.scope_name.clone()}</span>
                <span class="goal-kind">{scope_kind_label(&line.scope_kind).to_owned()}</span>
                {other_period}
            </td>
            <td class="num goal-target">{amount(&line.target)}</td>
            <td class="num">{if line.children == 0 { "–".to_owned() } else { amount(&line.children_total) }}</td>
            <td class="goal-coverage">
                {match coverage_percent {
                    Some(p) => view! {
                        <Meter percent=p tone label="Coverage"/>
                        <span class="goal-coverage-value">{line.coverage.as_deref().map(percent).unwrap_or_default()}</span>
                    }.into_any(),
                    None => view! { <span class="muted">"–"</span> }.into_any(),
                }}
            </td>
            <td class="num">{gap}</td>
            <td><span class=status_class data-testid="goal-status">{status_text}</span></td>
            <td class="goal-actions">{editor}</td>
        </tr>
    }
}

#[component]
fn NewGoal(info: SessionInfo, page: GoalsPage, create: ServerAction<CreateGoal>) -> impl IntoView {
    let problem: Signal<Option<Problem>> = last_problem(create.value());
    let metric = RwSignal::new(page.metric.clone());
    let default_scope = page
        .scopes
        .first()
        .and_then(|(_, choices)| choices.first())
        .map(|(v, _)| v.clone())
        .unwrap_or_default();
    let scope_problem = Signal::derive(move || {
        problem.get().map(|mut p| {
            if p.field.as_deref() == Some("scope_kind") {
                p.field = Some("scope_id".into());
            }
            p
        })
    });
    view! {
        <ActionForm action=create attr:class="form" attr:data-testid="goal-form">
            <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
            <div class="form-grid">
                <div class="field">
                    <label for="goal-period">"Period"</label>
                    <select id="goal-period" name="period">
                        <GroupedOptions groups=page.periods.clone() selected=page.period.clone()/>
                    </select>
                    <FieldError problem field="period"/>
                </div>
                <div class="field">
                    <label for="goal-metric">"Metric"</label>
                    <select id="goal-metric" name="metric" on:change=move |ev| metric.set(event_target_value(&ev))>
                        {METRICS.iter().map(|(key, label)| view! {
                            <option value=*key selected=*key == page.metric>{*label}</option>
                        }).collect_view()}
                    </select>
                    <FieldError problem field="metric"/>
                </div>
            </div>
            <div class="field">
                <label for="goal-scope">"Whose goal"</label>
                <select id="goal-scope" name="scope">
                    <GroupedOptions groups=page.scopes.clone() selected=default_scope/>
                </select>
                <FieldError problem=scope_problem field="scope_id"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="goal-target">"Target"</label>
                    <input id="goal-target" name="target" inputmode="decimal" required=true placeholder="250000"/>
                    <FieldError problem field="target"/>
                </div>
                <div class="field" hidden=move || !metric_is_money(&metric.get())>
                    <label for="goal-currency">"Currency"</label>
                    <input id="goal-currency" name="currency" value=page.currency.clone() maxlength="3" autocapitalize="characters"/>
                    <FieldError problem field="currency"/>
                </div>
            </div>
            <div class="field">
                <label for="goal-parent">"Part of"</label>
                <select id="goal-parent" name="parent_id">
                    <option value="">"— nothing: top of the cascade —"</option>
                    {page.parents.iter().map(|(id, label)| view! { <option value=id.clone()>{label.clone()}</option> }).collect_view()}
                </select>
                <p class="hint">"The goal this one helps reach: same metric and currency, a period that includes this one."</p>
                <FieldError problem field="parent_id"/>
            </div>
            <FormError problem fields=&["period", "metric", "scope_id", "scope_kind", "target", "currency", "parent_id"]/>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"Set goal"</button></div>
        </ActionForm>
    }
}
