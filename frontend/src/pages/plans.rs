//! `/app/admin/plans` (owners and admins): the company's compensation plans
//! and their effective-dated versions; an editor for a draft version (what
//! counts, the tier table, threshold, caps, priority weights, bonuses,
//! SPIFFs, clawbacks, draw) whose problems appear next to the input they
//! name (`rules.rate_table.tiers[1].from_pct` is the second tier's "from");
//! publishing after a confirmation; a new plan, or a new version from the
//! one on screen; and who each plan is assigned to, from when to when.

use crate::{
    comp_api::admin::*,
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
    },
    model::SessionInfo,
    pages::{
        approvals::reset_when_shown,
        perf_ui::GroupedOptions,
        sales_ui::{Empty, Feedback, LoadError, Toast},
    },
    perf_api::model::ChoiceGroup as PerfGroup,
    problem::Problem,
    sales_model::{query_string, DEAL_TYPES},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

const PATH: &str = "/app/admin/plans";

fn href(plan: &str, version: Option<i32>) -> String {
    let version = version.map(|v| v.to_string()).unwrap_or_default();
    format!(
        "{PATH}{}",
        query_string(&[("plan", plan), ("version", &version)])
    )
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("plan").unwrap_or_default(),
            query.get("version").unwrap_or_default(),
            query.get("new").is_some(),
        )
    });
    let data = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((plan, version, _), _)| load_plans(plan, version),
    );
    view! {
        <Title text="Comp plans · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let creating = params.get_untracked().2;
                match data.await {
                    Ok(page) => plans_view(info, page, creating),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Comp plans"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

fn plans_view(info: SessionInfo, page: PlansPage, creating: bool) -> AnyView {
    let creating = creating || page.plans.is_empty();
    let editor = if creating {
        let fresh = OpenVersion {
            plan_id: String::new(),
            plan_name: String::new(),
            version: 0,
            status: "draft".into(),
            effective_from: page.month_start.clone(),
            published: None,
            rules: RulesForm::starter(),
            base_rules: "{}".into(),
        };
        view! { <PlanEditor info=info.clone() open=fresh page=page.clone()/> }.into_any()
    } else {
        match page.open.clone() {
            Some(open) => view! { <PlanEditor info=info.clone() open page=page.clone()/> }.into_any(),
            None => view! { <Empty title="Choose a plan" text="Pick a version above to see its rules."/> }.into_any(),
        }
    };
    let open_key = page
        .open
        .as_ref()
        .filter(|_| !creating)
        .map(|o| (o.plan_id.clone(), o.version));
    let list = (!page.plans.is_empty()).then(|| {
        view! {
            <section class="card card-flush">
                <div class="card-header card-header-padded"><h2>"Plans"</h2></div>
                <div class="table-scroll">
                    <table class="table table-compact comp-table comp-stack" data-testid="plan-list">
                        <thead><tr><th>"Plan"</th><th>"Versions"</th><th class="num">"Assignments"</th></tr></thead>
                        <tbody>
                            {page.plans.iter().map(|plan| view! {
                                <tr data-testid=format!("plan-{}", plan.name)>
                                    <td class="comp-lead">
                                        <a href=href(&plan.id, None)><strong>{plan.name.clone()}</strong></a>
                                        {(!plan.description.is_empty()).then(|| view! { <span class="comp-line-kind">{plan.description.clone()}</span> })}
                                    </td>
                                    <td>
                                        <ul class="comp-versions">
                                            {plan.versions.iter().map(|v| {
                                                let here = open_key.as_ref() == Some(&(plan.id.clone(), v.version));
                                                view! {
                                                    <li>
                                                        <a class=if here { "comp-version comp-version-open" } else { "comp-version" }
                                                            href=href(&plan.id, Some(v.version)) aria-current=here.then_some("page")
                                                            data-testid=format!("version-{}", v.version)>
                                                            <span>{format!("v{}", v.version)}</span>
                                                            <span class=status_badge(&v.status)>{status_label(&v.status)}</span>
                                                            <span class="muted small">{format!("from {}", v.effective_from)}</span>
                                                        </a>
                                                    </li>
                                                }.into_any()
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                    <td class="num comp-end" data-label="Assigned">{plan.assignments.to_string()}</td>
                                </tr>
                            }.into_any()).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }.into_any()
    });
    view! {
        <div class="page-header">
            <div>
                <h1>"Comp plans"</h1>
                <p class="muted">"Effective-dated plans: edit a draft, model it on real history under Payouts, then publish it. Published versions never change; a new version replaces one from its own date."</p>
            </div>
            <div class="page-actions">
                <a class="btn btn-primary" href=format!("{PATH}?new=1") data-testid="new-plan">"New plan"</a>
            </div>
        </div>
        {list}
        {editor}
        <Assignments info page/>
    }
    .into_any()
}

/// An id for the input of `field` (a JSON path).
fn input_id(field: &str) -> String {
    let mut id = String::from("plan-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

/// Whether the editor has an input for `field`; problems of other fields
/// are listed above the form.
fn placed(field: &str) -> bool {
    const FIELDS: [&str; 19] = [
        "name",
        "description",
        "effective_from",
        "rules.currency",
        "rules.measure",
        "rules.crediting",
        "rules.crediting.deal_types",
        "rules.crediting.manager_rollup",
        "rules.rate_table",
        "rules.rate_table.tiers",
        "rules.rate_table.method",
        "rules.threshold_pct",
        "rules.cap_per_deal",
        "rules.cap_per_period",
        "rules.priority_weights.strategic",
        "rules.priority_weights.standard",
        "rules.priority_weights.loss_leader",
        "rules.clawback_days",
        "rules.draw.amount",
    ];
    if FIELDS.contains(&field) {
        return true;
    }
    let indexed = |prefix: &str, keys: &[&str]| {
        field.strip_prefix(prefix).is_some_and(|rest| {
            rest.split_once("].").is_some_and(|(n, key)| {
                n.chars().all(|c| c.is_ascii_digit()) && keys.contains(&key)
            })
        })
    };
    indexed("rules.rate_table.tiers[", &["from_pct", "to_pct", "rate"])
        || indexed("rules.bonuses[", &["at_pct", "amount"])
        || indexed(
            "rules.spiffs[",
            &["name", "from", "to", "amount_per_deal", "min_amount"],
        )
}

/// The messages for `field`, next to its input.
#[component]
fn Msgs(problems: RwSignal<Vec<FieldProblem>>, #[prop(into)] field: String) -> impl IntoView {
    let id = format!("{}-error", input_id(&field));
    let testid = format!("error-{field}");
    move || {
        {
        let messages = problems.with(|p| problems_for(p, &field));
        (!messages.is_empty()).then(|| {
            view! {
                <p class="field-error" id=id.clone() role="alert" data-testid=testid.clone()>{messages.join(" ")}</p>
            }
        })
    }
    .into_any()
    }
}

/// `aria-invalid` for the input of `field`.
fn invalid(
    problems: RwSignal<Vec<FieldProblem>>,
    field: String,
) -> impl Fn() -> Option<&'static str> {
    move || {
        problems
            .with(|p| p.iter().any(|x| x.field == field))
            .then_some("true")
    }
}

/// A labelled text input whose name, id and problems follow `field`.
#[component]
fn Input(
    problems: RwSignal<Vec<FieldProblem>>,
    label: &'static str,
    /// The API's path, e.g. `rules.cap_per_deal`.
    #[prop(into)]
    field: String,
    /// The form's name, e.g. `rules[cap_per_deal]`.
    #[prop(into)]
    name: String,
    #[prop(into)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] placeholder: &'static str,
    #[prop(default = "")] mode: &'static str,
) -> impl IntoView {
    let id = input_id(&field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id.clone() name=name type=kind value=value placeholder=placeholder
                inputmode=(!mode.is_empty()).then_some(mode)
                aria-invalid=invalid(problems, field.clone()) aria-describedby=format!("{id}-error")/>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <Msgs problems field/>
        </div>
    }
    .into_any()
}

#[component]
fn PlanEditor(info: SessionInfo, open: OpenVersion, page: PlansPage) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let navigate = use_navigate();
    let save = ServerAction::<SavePlan>::new();
    let publish = ServerAction::<PublishPlanVersion>::new();
    let copy = ServerAction::<CopyPlanVersion>::new();
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let (plan_form, copy_ref) = (
        NodeRef::<leptos::html::Form>::new(),
        NodeRef::<leptos::html::Form>::new(),
    );
    reset_when_shown(plan_form);
    reset_when_shown(copy_ref);
    let dirty = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let rules = open.rules.clone();
    let tiers = RwSignal::new(rules.tiers.clone());
    let bonuses = RwSignal::new(rules.bonuses.clone());
    let spiffs = RwSignal::new(rules.spiffs.clone());
    let is_new = open.plan_id.is_empty();
    let editable = open.status == "draft";
    // Every outcome lands here: problems stay by their inputs; success
    // opens the saved version.
    let outcome = move |result: Option<Result<PlanSaved, Problem>>, done: &'static str| match result
    {
        Some(Ok(saved)) if saved.problems.is_empty() => {
            problems.set(Vec::new());
            dirty.set(false);
            confirming.set(false);
            feedback.toast.set(Some(done.to_owned()));
            navigate(
                &href(&saved.plan_id, Some(saved.version)),
                Default::default(),
            );
            feedback.refresh.update(|n| *n += 1);
        }
        Some(Ok(saved)) => problems.set(saved.problems),
        Some(Err(problem)) => problems.set(vec![FieldProblem {
            field: problem.field.unwrap_or_default(),
            message: problem.message,
        }]),
        None => {}
    };
    {
        let outcome = outcome.clone();
        Effect::new(move |_| outcome(save.value().get(), "Plan saved."));
    }
    {
        let outcome = outcome.clone();
        Effect::new(move |_| {
            outcome(
                publish.value().get(),
                "Version published: statements are being recalculated.",
            )
        });
    }
    Effect::new(move |_| outcome(copy.value().get(), "New draft version created."));
    let unplaced = move || {
        let others: Vec<FieldProblem> =
            problems.with(|p| p.iter().filter(|x| !placed(&x.field)).cloned().collect());
        (!others.is_empty()).then(|| {
            view! {
                <div class="form-error" role="alert" data-testid="plan-problems">
                    {others.into_iter().map(|p| view! {
                        <p>{if p.field.is_empty() { p.message } else { format!("{}: {}", p.field, p.message) }}</p>
                    }).collect_view()}
                </div>
            }.into_any()
        })
    };
    let count = move || problems.with(Vec::len);
    let title = if is_new {
        "New plan".to_owned()
    } else {
        format!("{} · version {}", open.plan_name, open.version)
    };
    let status = if is_new {
        view! { <span class="badge badge-warning">"Not saved yet"</span> }.into_any()
    } else {
        view! { <span class=status_badge(&open.status) data-testid="editor-status">{status_label(&open.status)}</span> }.into_any()
    };
    let naming = is_new.then(|| {
        view! {
            <div class="form-grid comp-naming">
                <Input problems label="Plan name" field="name" name="name" value="" placeholder="AE plan 2026"/>
                <Input problems label="Description (optional)" field="description" name="description" value="" placeholder="New business, quarterly accelerators"/>
            </div>
        }.into_any()
    });
    let published_note = (!editable).then(|| {
        view! {
            <p class="comp-note" data-testid="published-note">
                {format!("Published {} and in force from {}. Published versions never change: create a new version to change the rules.",
                    open.published.clone().unwrap_or_default(), open.effective_from)}
            </p>
        }.into_any()
    });
    let measure = rules.measure.clone();
    let method = rules.method.clone();
    let deal_type_checked = |key: &str| match key {
        "new_business" => rules.dt_new_business,
        "expansion" => rules.dt_expansion,
        _ => rules.dt_renewal,
    };
    let deal_types = DEAL_TYPES
        .iter()
        .map(|(key, label)| {
            let checked = deal_type_checked(key);
            view! {
                <label class="comp-check">
                    <input type="checkbox" name=format!("rules[dt_{key}]") value="true" checked=checked/>
                    {format!(" {label}")}
                </label>
            }.into_any()
        })
        .collect_view();
    let tier_rows = move || {
        let rows = tiers.get();
        let last = rows.len().saturating_sub(1);
        rows.into_iter()
            .enumerate()
            .map(|(i, t)| {
                let at = |k: &str| format!("rules.rate_table.tiers[{i}].{k}");
                let name = |k: &str| format!("rules[tiers][{i}][{k}]");
                let set = move |k: &'static str| {
                    move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        tiers.update_untracked(|rows| {
                            if let Some(row) = rows.get_mut(i) {
                                match k {
                                    "from" => row.from_pct = value,
                                    "to" => row.to_pct = value,
                                    _ => row.rate_pct = value,
                                }
                            }
                        });
                    }
                };
                let (from_f, to_f, rate_f) = (at("from_pct"), at("to_pct"), at("rate"));
                view! {
                    <tr data-testid=format!("tier-{i}")>
                        <th scope="row" class="comp-tier-number">{format!("Tier {}", i + 1)}</th>
                        <td>
                            <label class="sr-only" for=input_id(&from_f)>{format!("Tier {} from (% of quota)", i + 1)}</label>
                            <input id=input_id(&from_f) name=name("from_pct") value=t.from_pct inputmode="decimal"
                                aria-invalid=invalid(problems, from_f.clone()) aria-describedby=format!("{}-error", input_id(&from_f))
                                on:input=set("from")/>
                            <Msgs problems field=from_f/>
                        </td>
                        <td>
                            <label class="sr-only" for=input_id(&to_f)>{format!("Tier {} to (% of quota)", i + 1)}</label>
                            <input id=input_id(&to_f) name=name("to_pct") value=t.to_pct inputmode="decimal"
                                placeholder=if i == last { "and above" } else { "" }
                                aria-invalid=invalid(problems, to_f.clone()) aria-describedby=format!("{}-error", input_id(&to_f))
                                on:input=set("to")/>
                            <Msgs problems field=to_f/>
                        </td>
                        <td>
                            <label class="sr-only" for=input_id(&rate_f)>{format!("Tier {} rate (%)", i + 1)}</label>
                            <input id=input_id(&rate_f) name=name("rate_pct") value=t.rate_pct inputmode="decimal"
                                aria-invalid=invalid(problems, rate_f.clone()) aria-describedby=format!("{}-error", input_id(&rate_f))
                                on:input=set("rate")/>
                            <Msgs problems field=rate_f/>
                        </td>
                        <td class="num">
                            <button type="button" class="btn btn-secondary btn-icon" aria-label=format!("Remove tier {}", i + 1)
                                on:click=move |_| { problems.set(Vec::new()); tiers.update(|rows| { rows.remove(i); }); }>"×"</button>
                        </td>
                    </tr>
                }.into_any()
            })
            .collect_view()
    };
    let add_tier = move |_| {
        problems.set(Vec::new());
        tiers.update(|rows| {
            let from = rows.last().map(|t| t.to_pct.clone()).unwrap_or_default();
            rows.push(TierForm {
                from_pct: from,
                ..TierForm::default()
            });
        });
    };
    let bonus_rows = move || {
        bonuses
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let at = |k: &str| format!("rules.bonuses[{i}].{k}");
                let name = |k: &str| format!("rules[bonuses][{i}][{k}]");
                let keep = move |k: &'static str| {
                    move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        bonuses.update_untracked(|rows| {
                            if let Some(row) = rows.get_mut(i) {
                                if k == "at" {
                                    row.at_pct = value;
                                } else {
                                    row.amount = value;
                                }
                            }
                        });
                    }
                };
                view! {
                    <div class="comp-row" data-testid=format!("bonus-{i}")>
                        <div on:input=keep("at")>
                            <Input problems label="At attainment (%)" field=at("at_pct") name=name("at_pct") value=b.at_pct mode="decimal" placeholder="100"/>
                        </div>
                        <div on:input=keep("amount")>
                            <Input problems label="Amount" field=at("amount") name=name("amount") value=b.amount mode="decimal" placeholder="2000"/>
                        </div>
                        <button type="button" class="btn btn-secondary btn-icon comp-row-remove" aria-label=format!("Remove bonus {}", i + 1)
                            on:click=move |_| { problems.set(Vec::new()); bonuses.update(|rows| { rows.remove(i); }); }>"×"</button>
                    </div>
                }.into_any()
            })
            .collect_view()
    };
    let spiff_rows = move || {
        spiffs
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let at = |k: &str| format!("rules.spiffs[{i}].{k}");
                let name = |k: &str| format!("rules[spiffs][{i}][{k}]");
                let keep = move |k: &'static str| {
                    move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        spiffs.update_untracked(|rows| {
                            if let Some(row) = rows.get_mut(i) {
                                match k {
                                    "name" => row.name = value,
                                    "from" => row.from = value,
                                    "to" => row.to = value,
                                    "amount" => row.amount_per_deal = value,
                                    _ => row.min_amount = value,
                                }
                            }
                        });
                    }
                };
                view! {
                    <div class="comp-spiff" data-testid=format!("spiff-{i}")>
                        <input type="hidden" name=name("keep") value=s.keep/>
                        <div class="comp-spiff-fields">
                            <div on:input=keep("name")><Input problems label="Name" field=at("name") name=name("name") value=s.name placeholder="Q4 strategic push"/></div>
                            <div on:input=keep("from")><Input problems label="From" field=at("from") name=name("from") value=s.from kind="date"/></div>
                            <div on:input=keep("to")><Input problems label="To" field=at("to") name=name("to") value=s.to kind="date"/></div>
                            <div on:input=keep("amount")><Input problems label="Per deal" field=at("amount_per_deal") name=name("amount_per_deal") value=s.amount_per_deal mode="decimal" placeholder="500"/></div>
                            <div on:input=keep("min")><Input problems label="Minimum deal (optional)" field=at("min_amount") name=name("min_amount") value=s.min_amount mode="decimal" placeholder="10000"/></div>
                        </div>
                        <button type="button" class="btn btn-secondary btn-small comp-row-remove" aria-label=format!("Remove SPIFF {}", i + 1)
                            on:click=move |_| { problems.set(Vec::new()); spiffs.update(|rows| { rows.remove(i); }); }>"Remove"</button>
                    </div>
                }.into_any()
            })
            .collect_view()
    };
    let today = page.today.clone();
    let publish_bar = (editable && !is_new).then(|| {
        let csrf = info.csrf_token.clone();
        let (plan_id, version, from) = (open.plan_id.clone(), open.version, open.effective_from.clone());
        view! {
            <div class="comp-publish" data-testid="publish-bar">
                {move || if confirming.get() {
                    let (csrf, plan_id, from) = (csrf.clone(), plan_id.clone(), from.clone());
                    view! {
                        <ActionForm action=publish attr:class="comp-confirm" attr:data-testid="publish-confirm">
                            <input type="hidden" name="csrf" value=csrf/>
                            <input type="hidden" name="plan_id" value=plan_id/>
                            <input type="hidden" name="version" value=version.to_string()/>
                            <p role="alert">
                                {format!("Publish version {version}? It is in force from {from}, every statement from that period on is recalculated, and it can never change again.")}
                                {move || dirty.get().then_some(" You have unsaved changes: save them first, or they are not part of what you publish.")}
                            </p>
                            <div class="row">
                                <button class="btn btn-primary" type="submit" data-testid="publish-confirm-button" disabled=move || dirty.get()>"Publish now"</button>
                                <button class="btn btn-secondary" type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            </div>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <button class="btn btn-secondary" type="button" data-testid="publish" on:click=move |_| confirming.set(true)>
                            {format!("Publish version {version}…")}
                        </button>
                    }.into_any()
                }}
            </div>
        }.into_any()
    });
    let copy_form = (!is_new).then(|| {
        let copy_problem = last_problem(copy.value());
        let (csrf, plan_id, version, from) = (
            info.csrf_token.clone(),
            open.plan_id.clone(),
            open.version.to_string(),
            page.next_month_start.clone(),
        );
        view! {
            <details class="comp-copy">
                <summary class="btn btn-secondary" data-testid="new-version">"New version from this one"</summary>
                <ActionForm action=copy node_ref=copy_ref attr:class="form comp-copy-form" attr:data-testid="copy-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="plan_id" value=plan_id/>
                    <input type="hidden" name="version" value=version/>
                    <div class="field">
                        <label for="copy-effective-from">"In force from"</label>
                        <input id="copy-effective-from" type="date" name="effective_from" value=from/>
                        <p class="hint">"The new draft starts with these rules; nothing changes until it is published."</p>
                        <FieldError problem=copy_problem field="copy_effective_from"/>
                    </div>
                    <div class="form-actions"><button class="btn btn-primary btn-small" type="submit">"Create the draft"</button></div>
                </ActionForm>
            </details>
        }.into_any()
    });
    let pending = save.pending();
    let what_counts = view! {
        <div class="comp-section">
            <h3>"What counts"</h3>
            <div class="form-grid comp-grid-3">
                <Input problems label="In force from" field="effective_from" name="effective_from" value=open.effective_from.clone() kind="date"
                    hint="Once published, from this day until a later version."/>
                <Input problems label="Payout currency" field="rules.currency" name="rules[currency]" value=rules.currency.clone() placeholder="USD"
                    hint="Quotas are in it too."/>
                <div class="field">
                    <label for="plan-rules-measure">"Measure"</label>
                    <select id="plan-rules-measure" name="rules[measure]">
                        {MEASURES.iter().map(|(key, label)| view! {
                            <option value=*key selected=*key == measure>{*label}</option>
                        }).collect_view()}
                    </select>
                    <Msgs problems field="rules.measure"/>
                </div>
            </div>
            <fieldset class="comp-choice">
                <legend>"Deal types"</legend>
                {deal_types}
                <p class="hint">"None ticked: every deal type counts. Hunters are usually paid on new business, farmers on expansion and renewals."</p>
                <Msgs problems field="rules.crediting.deal_types"/>
            </fieldset>
            <label class="comp-check">
                <input type="checkbox" name="rules[manager_rollup]" value="true" checked=rules.manager_rollup/>
                " Manager roll-up: people on this plan are credited with their reports' deals"
            </label>
        </div>
    }
    .into_any();
    let rates = view! {
        <div class="comp-section">
            <h3>"Rate table"</h3>
            <fieldset class="comp-choice">
                <legend>"Tiers apply"</legend>
                <label><input type="radio" name="rules[method]" value="marginal" checked=method != "retroactive"/>" Marginally: each slice of attainment at its own rate"</label>
                <label><input type="radio" name="rules[method]" value="retroactive" checked=method == "retroactive"/>" Retroactively: everything at the rate of the tier reached"</label>
            </fieldset>
            <div class="table-scroll">
                <table class="table table-compact comp-tiers" data-testid="tier-table">
                    <thead><tr>
                        <th><span class="sr-only">"Tier"</span></th>
                        <th>"From (% of quota)"</th>
                        <th>"To (%)"</th>
                        <th>"Rate (%)"</th>
                        <th><span class="sr-only">"Remove"</span></th>
                    </tr></thead>
                    <tbody>{tier_rows}</tbody>
                </table>
            </div>
            <Msgs problems field="rules.rate_table.tiers"/>
            <p class="hint">"Tiers run from 0% without gaps; the last one is open-ended. A rate below 100% of quota is a decelerator, above it an accelerator."</p>
            <button type="button" class="btn btn-secondary btn-small" on:click=add_tier data-testid="add-tier">"Add tier"</button>
        </div>
    }
    .into_any();
    let caps = view! {
        <div class="comp-section">
            <h3>"Threshold and caps"</h3>
            <div class="form-grid comp-grid-3">
                <Input problems label="Threshold (% of quota)" field="rules.threshold_pct" name="rules[threshold_pct]" value=rules.threshold_pct.clone() mode="decimal" placeholder="None"
                    hint="Nothing is paid below it, e.g. 25."/>
                <Input problems label="Cap per deal" field="rules.cap_per_deal" name="rules[cap_per_deal]" value=rules.cap_per_deal.clone() mode="decimal" placeholder="No cap"/>
                <Input problems label="Cap per period" field="rules.cap_per_period" name="rules[cap_per_period]" value=rules.cap_per_period.clone() mode="decimal" placeholder="No cap"/>
            </div>
        </div>
    }
    .into_any();
    let weights = view! {
        <div class="comp-section">
            <h3>"Priority weights"</h3>
            <p class="hint">"How much a product of each priority counts: 1.5 counts a strategic product half again; empty counts it once."</p>
            <div class="form-grid comp-grid-3">
                <Input problems label="Strategic" field="rules.priority_weights.strategic" name="rules[weight_strategic]" value=rules.weight_strategic.clone() mode="decimal" placeholder="1.5"/>
                <Input problems label="Standard" field="rules.priority_weights.standard" name="rules[weight_standard]" value=rules.weight_standard.clone() mode="decimal" placeholder="1"/>
                <Input problems label="Loss leader" field="rules.priority_weights.loss_leader" name="rules[weight_loss_leader]" value=rules.weight_loss_leader.clone() mode="decimal" placeholder="0.5"/>
            </div>
        </div>
    }
    .into_any();
    let bonus_section = view! {
        <div class="comp-section">
            <h3>"Bonuses"</h3>
            <p class="hint">"A flat amount once attainment reaches a level."</p>
            <div class="comp-rows">{bonus_rows}</div>
            <button type="button" class="btn btn-secondary btn-small" on:click=move |_| { problems.set(Vec::new()); bonuses.update(|b| b.push(BonusForm::default())); }>"Add bonus"</button>
        </div>
    }
    .into_any();
    let spiff_section = view! {
        <div class="comp-section">
            <h3>"SPIFFs"</h3>
            <p class="hint">"A flat amount per qualifying deal closed between two days."</p>
            <div class="comp-rows">{spiff_rows}</div>
            <button type="button" class="btn btn-secondary btn-small" on:click=move |_| {
                problems.set(Vec::new());
                let today = today.clone();
                spiffs.update(|s| s.push(SpiffForm { from: today.clone(), to: today, keep: "{}".into(), ..SpiffForm::default() }));
            }>"Add SPIFF"</button>
        </div>
    }
    .into_any();
    let draw_section = view! {
        <div class="comp-section">
            <h3>"Clawbacks and draw"</h3>
            <div class="form-grid comp-grid-3">
                <Input problems label="Clawback window (days)" field="rules.clawback_days" name="rules[clawback_days]" value=rules.clawback_days.clone() mode="numeric" placeholder="90"
                    hint="A deal refunded or churned within it takes its payout back."/>
                <Input problems label="Draw per period" field="rules.draw.amount" name="rules[draw_amount]" value=rules.draw_amount.clone() mode="decimal" placeholder="No draw"
                    hint="Tops earnings up to this amount."/>
                <div class="field comp-field-check">
                    <label class="comp-check">
                        <input type="checkbox" name="rules[draw_recoverable]" value="true" checked=rules.draw_recoverable/>
                        " Recoverable from later earnings"
                    </label>
                </div>
            </div>
        </div>
    }
    .into_any();
    view! {
        <section class="card comp-editor" data-testid="plan-editor">
            <div class="card-header comp-card-head">
                <div>
                    <h2>{title}</h2>
                    <p class="muted small">{if editable { "Draft: save as often as you like; nothing is paid on it until it is published." } else { "Read-only." }}</p>
                </div>
                <div class="row">{status}</div>
            </div>
            {published_note}
            <ActionForm action=save node_ref=plan_form attr:class="form comp-plan-form" attr:data-testid="plan-form"
                on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                <input type="hidden" name="plan_id" value=open.plan_id.clone()/>
                <input type="hidden" name="version" value=open.version.to_string()/>
                <input type="hidden" name="base_rules" value=open.base_rules.clone()/>
                {move || (count() > 0).then(|| view! {
                    <div class="form-error" role="alert" data-testid="plan-error-summary">
                        {match count() { 1 => "1 problem: see the highlighted field.".to_owned(), n => format!("{n} problems: see the highlighted fields.") }}
                    </div>
                }.into_any())}
                {unplaced}
                <fieldset class="comp-fieldset" disabled=!editable>
                    {naming}
                    {what_counts}
                    {rates}
                    {caps}
                    {weights}
                    {bonus_section}
                    {spiff_section}
                    {draw_section}
                </fieldset>
                {editable.then(|| view! {
                    <div class="form-actions comp-save">
                        <button class="btn btn-primary" type="submit" data-testid="save-plan">{if is_new { "Create plan" } else { "Save draft" }}</button>
                        <span class="muted small" aria-live="polite">{move || if pending.get() { "Saving…" } else if dirty.get() { "Unsaved changes" } else { "" }}</span>
                    </div>
                }.into_any())}
            </ActionForm>
            <div class="comp-editor-foot">
                {publish_bar}
                {copy_form}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Assignments(info: SessionInfo, page: PlansPage) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let assign = ServerAction::<AssignPlan>::new();
    let assign_form = NodeRef::<leptos::html::Form>::new();
    reset_when_shown(assign_form);
    feedback.watch(assign, |_: &String| {
        "Plan assigned: statements are being recalculated.".to_owned()
    });
    let problem = Signal::derive(move || {
        last_problem(assign.value()).get().map(|mut p| {
            if p.field.as_deref() == Some("role") {
                p.field = Some("person_id".into());
            }
            p
        })
    });
    let targets: Vec<PerfGroup> = page.targets.clone();
    let plan_choices: Vec<(String, String)> = page
        .plans
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let selected_plan = page
        .open
        .as_ref()
        .map(|o| o.plan_id.clone())
        .unwrap_or_default();
    let list = if page.assignments.is_empty() {
        view! { <p class="muted card-body">"No assignments yet: a plan pays nobody until it is assigned to a person or a sales role."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="table table-compact comp-table comp-stack" data-testid="assignment-list">
                    <thead><tr><th>"Plan"</th><th>"Who"</th><th>"From"</th><th>"Until"</th><th><span class="sr-only">"Remove"</span></th></tr></thead>
                    <tbody>
                        {page.assignments.iter().map(|a| view! { <AssignmentRow item=a.clone() csrf=info.csrf_token.clone()/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let form = (!page.plans.is_empty()).then(|| {
        view! {
            <ActionForm action=assign node_ref=assign_form attr:class="form comp-assign" attr:data-testid="assign-form">
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                <div class="comp-assign-grid">
                    <div class="field">
                        <label for="assign-plan">"Plan"</label>
                        <select id="assign-plan" name="plan_id">
                            {plan_choices.into_iter().map(|(id, name)| {
                                let selected = id == selected_plan;
                                view! { <option value=id selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError problem field="plan_id"/>
                    </div>
                    <div class="field">
                        <label for="assign-target">"Who"</label>
                        <select id="assign-target" name="target">
                            <GroupedOptions groups=targets selected=""/>
                        </select>
                        <FieldError problem field="person_id"/>
                    </div>
                    <div class="field">
                        <label for="assign-starts">"From"</label>
                        <input id="assign-starts" type="date" name="starts_on" value=page.month_start.clone() aria-describedby="starts_on-error"/>
                        <FieldError problem field="starts_on"/>
                    </div>
                    <div class="field">
                        <label for="assign-ends">"Until (optional)"</label>
                        <input id="assign-ends" type="date" name="ends_on" aria-describedby="ends_on-error"/>
                        <FieldError problem field="ends_on"/>
                    </div>
                </div>
                <FormError problem fields=&["plan_id", "person_id", "starts_on", "ends_on"]/>
                <div class="form-actions"><button class="btn btn-primary" type="submit" data-testid="assign-submit">"Assign"</button></div>
            </ActionForm>
        }.into_any()
    });
    view! {
        <section class="card card-flush comp-assignments" data-testid="assignments">
            <div class="card-header card-header-padded">
                <h2>"Assignments"</h2>
                <span class="muted small">"A person's own assignment wins over their role's."</span>
            </div>
            {list}
            <div class="card-body">{form}</div>
        </section>
    }
    .into_any()
}

#[component]
fn AssignmentRow(item: AssignmentItem, csrf: String) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let remove = ServerAction::<UnassignPlan>::new();
    feedback.watch(remove, |_: &()| "Assignment removed.".to_owned());
    let problem = last_problem(remove.value());
    view! {
        <tr data-testid=format!("assignment-{}", item.target)>
            <td class="comp-lead">{item.plan_name.clone()}</td>
            <td>
                {item.target.clone()}
                {item.current.then(|| view! { <span class="badge badge-ahead comp-inline-badge">"In force"</span> })}
            </td>
            <td class="nowrap" data-label="From">{item.starts_on.clone()}</td>
            <td class="nowrap" data-label="Until">{item.ends_on.clone().unwrap_or_else(|| "Open-ended".into())}</td>
            <td class="num comp-end">
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="assignment_id" value=item.id.clone()/>
                    <button class="btn btn-secondary btn-small" type="submit">"Remove"</button>
                </ActionForm>
                <FormError problem/>
            </td>
        </tr>
    }
    .into_any()
}
