//! `/app/commissions`: a rep's own commissions for a period. What they
//! earned and what it is made of, attainment against quota as a ring, the
//! engine's warnings, every statement line with its explanation in words
//! and a way to dispute it, a what-if estimator ("if this deal closes, I
//! earn …") and their disputes with the threads.
//!
//! While the page is open it listens for its own statement's topic
//! (`statement:<person>:<period>`) and reloads the statement in place when
//! the worker stores a new version: a deal closes and, seconds later, the
//! line is on the page. The estimator and open forms keep their state.

use crate::{
    comp_api::rep::{
        kind_label, load_my_commissions, money, pct, signed_money, status_meaning, Choice,
        CommissionsData, DisputeData, DisputeLine, EstimateWhatIf, LineData, ReplyInDispute,
        StatementData, WhatIfData, WhatIfDeal,
    },
    components::{
        forms::{last_problem, FieldError, FormError},
        live::use_live_updates,
        shell::use_session,
    },
    pages::sales_ui::{Feedback, LoadError, NoSalesAccess, Toast},
    perf_api::model::geometry,
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::Form,
    hooks::{use_navigate, use_query_map},
};
use std::collections::{BTreeSet, HashMap};

const PATH: &str = "/app/commissions";
/// The API takes at most this many hypothetical deals at once.
const MAX_WHAT_IF_DEALS: usize = 20;

#[component]
pub fn CommissionsPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let query = use_query_map();
    let period = Memo::new(move |_| query.read().get("period").unwrap_or_default());
    let data = Resource::new(move || period.get(), load_my_commissions);
    view! {
        <Title text="My commissions · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                match data.await {
                    Ok(page) => view! { <Commissions csrf=info.csrf_token.clone() page feedback/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"My commissions"</h1></div></div>
                        <LoadError problem/>
                    }
                    .into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

/// What stays put while the statement reloads: open explanations, the line
/// being disputed and what was typed.
#[derive(Debug, Clone, Copy)]
struct LineState {
    open: RwSignal<BTreeSet<String>>,
    disputing: RwSignal<Option<String>>,
    draft: RwSignal<String>,
    replies: RwSignal<HashMap<String, String>>,
}

/// The page for one period. Live updates and saved changes reload the
/// statement and disputes in place; the header, picker and estimator stay.
#[component]
fn Commissions(csrf: String, page: CommissionsData, feedback: Feedback) -> impl IntoView {
    let current = RwSignal::new(page.clone());
    let topic = page
        .person_id
        .as_ref()
        .map(|person| format!("statement:{person}:{}", page.period));
    let live = use_live_updates(move |t| {
        topic
            .as_deref()
            .is_some_and(|wanted| t.eq_ignore_ascii_case(wanted))
    });
    // Reload on every live update and after every saved change; only the
    // answer to the latest request is shown.
    let asked = page.period.clone();
    let latest = StoredValue::new(0u64);
    Effect::watch(
        move || (live.get(), feedback.refresh.get()),
        move |_, _, _| {
            let period = asked.clone();
            let request = latest.get_value() + 1;
            latest.set_value(request);
            leptos::task::spawn_local(async move {
                let Ok(fresh) = load_my_commissions(period).await else {
                    return;
                };
                if latest.try_get_value() == Some(request) {
                    current.try_set(fresh);
                }
            });
        },
        false,
    );
    let state = LineState {
        open: RwSignal::new(BTreeSet::new()),
        disputing: RwSignal::new(None),
        draft: RwSignal::new(String::new()),
        replies: RwSignal::new(HashMap::new()),
    };
    let dispute = ServerAction::<DisputeLine>::new();
    feedback.watch(dispute, |_: &String| {
        "Dispute opened: your manager sees the line and answers under My disputes.".to_owned()
    });
    let reply = ServerAction::<ReplyInDispute>::new();
    feedback.watch(reply, |_: &String| "Reply sent.".to_owned());
    // A dispute that went through closes its form and forgets the draft.
    Effect::new(move |_| {
        if matches!(dispute.value().get(), Some(Ok(_))) {
            state.disputing.set(None);
            state.draft.set(String::new());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = reply.value().get() {
            state.replies.update(|r| {
                r.remove(&id);
            });
        }
    });
    let forms = Forms {
        csrf: StoredValue::new(csrf.clone()),
        dispute,
        reply,
    };
    let has_person = page.person_id.is_some();
    let estimator = has_person.then(|| {
        view! {
            <WhatIf
                csrf=csrf.clone()
                products=page.products.clone()
                current_label=crate::perf_api::model::period_label(&page.current_period)
                other_period=page.period != page.current_period
            />
        }
    });
    view! {
        <div class="page-header">
            <div>
                <h1>"My commissions"</h1>
                <p class="muted">"What you earned, line by line, and why. This page updates by itself seconds after one of your deals changes."</p>
            </div>
            <PeriodPicker page=page.clone()/>
        </div>
        {move || current.with(|p| body(p, state, forms))}
        <div class="comm-lower">
            {estimator}
            {move || current.with(|p| p.person_id.is_some().then(|| disputes_panel(p, state, forms)))}
        </div>
    }
    .into_any()
}

/// The forms' actions, shared by every line and dispute.
#[derive(Clone, Copy)]
struct Forms {
    csrf: StoredValue<String>,
    dispute: ServerAction<DisputeLine>,
    reply: ServerAction<ReplyInDispute>,
}

#[component]
fn PeriodPicker(page: CommissionsData) -> AnyView {
    let navigate = use_navigate();
    let problem = {
        let problem = page.problem.clone();
        Signal::derive(move || problem.clone())
    };
    view! {
        <Form method="get" action=PATH attr:class="filters comm-period" attr:data-testid="comm-period">
            <label for="comm-period-select">"Period"</label>
            <select id="comm-period-select" name="period" on:change=move |ev| {
                let period = event_target_value(&ev);
                navigate(&format!("{PATH}?period={period}"), Default::default());
            }>
                {page.periods.iter().map(|(value, label)| {
                    let text = if *value == page.current_period { format!("{label} (current)") } else { label.clone() };
                    view! { <option value=value.clone() selected=*value == page.period>{text}</option> }
                }).collect_view()}
            </select>
            <button class="btn btn-secondary btn-small comm-period-go" type="submit">"Show"</button>
            <FieldError problem field="period"/>
        </Form>
    }
    .into_any()
}

/// Everything about the statement: summary, warnings and lines, or what
/// to do while there is none.
fn body(page: &CommissionsData, state: LineState, forms: Forms) -> AnyView {
    if page.person_id.is_none() {
        return view! {
            <div class="empty" data-testid="comm-empty">
                <svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="8" r="4" stroke="currentColor" stroke-width="2" fill="none"/><path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/></svg>
                <h3>"No commissions for your account"</h3>
                <p>"Statements are for people in the sales organisation. Ask an admin to add you on the People page and assign you a compensation plan."</p>
            </div>
        }
        .into_any();
    }
    let Some(statement) = page.statement.clone() else {
        let month = page
            .period_label
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let text = if page.period == page.current_period {
            "It appears here by itself once a plan is assigned to you and one of your deals closes: no need to reload. Meanwhile, the what-if estimator below shows what a deal would earn you."
        } else {
            "There was no plan or closed deal of yours in that period. Choose another period above."
        };
        return view! {
            <div class="empty comm-empty" data-testid="comm-empty">
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 3h9l3 3v15H6z M9 10h6M9 14h6M9 18h3" stroke="currentColor" stroke-width="2" fill="none" stroke-linejoin="round" stroke-linecap="round"/></svg>
                <h3>{format!("No statement for {month} yet")}</h3>
                <p>{text}</p>
            </div>
        }
        .into_any();
    };
    let person = page.person_id.clone().unwrap_or_default();
    view! {
        <Summary statement=statement.clone() period_label=page.period_label.clone()/>
        {warnings(&statement)}
        {lines_table(&statement, &person, &page.period, state, forms)}
    }
    .into_any()
}

// ---------------------------------------------------------------------------
// Summary: earned, status, figures, attainment
// ---------------------------------------------------------------------------

#[component]
fn Summary(statement: StatementData, period_label: String) -> AnyView {
    let ccy = statement.currency.clone();
    let (badge, status, meaning) = status_meaning(&statement.status);
    // Draw: this period's top-up or recovery, and what is still owed.
    let draw = match (is_zero(&statement.draw), is_zero(&statement.recovered)) {
        (false, _) => format!("{} top-up", signed_money(&statement.draw, &ccy)),
        (true, false) => format!("-{} recovered", money(&statement.recovered, &ccy)),
        (true, true) => "–".to_owned(),
    };
    let balance = if is_zero(&statement.draw_balance) {
        "Nothing owed".to_owned()
    } else {
        format!("{} still owed", money(&statement.draw_balance, &ccy))
    };
    let when = match (&statement.paid_at, &statement.approved_at) {
        (Some(at), _) => format!("Calculated {} · paid {at}", statement.computed_at),
        (None, Some(at)) => format!("Calculated {} · approved {at}", statement.computed_at),
        _ => format!("Calculated {}", statement.computed_at),
    };
    let recalculated = statement.recalculated_payout.clone().map(|now| {
        view! {
            <p class="comm-note" data-testid="comm-recalculated">
                {format!("Recalculated today this period would pay {}: the difference is carried into your next open statement as an adjustment.", money(&now, &ccy))}
            </p>
        }
    });
    let figure = |label: &'static str, value: String, testid: &'static str| {
        view! { <div><dt>{label}</dt><dd data-testid=testid>{value}</dd></div> }
    };
    view! {
        <section class="card comm-summary" aria-labelledby="comm-earned-label" data-testid="comm-summary">
            <div class="comm-earned-block">
                <h2 class="stat-label comm-earned-label" id="comm-earned-label">{format!("Earned this period · {period_label}")}</h2>
                <p class="comm-earned" data-testid="comm-earned">{money(&statement.payout, &ccy)}</p>
                <p class="comm-status">
                    <span class=badge data-testid="comm-status" data-status=statement.status.clone()>{status}</span>
                    <span class="muted small">{meaning}</span>
                </p>
                <dl class="comm-figures">
                    {figure("Commissions", money(&statement.commissions, &ccy), "comm-commissions")}
                    {figure("Bonuses & SPIFFs", money(&statement.bonuses, &ccy), "comm-bonuses")}
                    {figure("Adjustments", if is_zero(&statement.adjustments) { "–".to_owned() } else { signed_money(&statement.adjustments, &ccy) }, "comm-adjustments")}
                    <div>
                        <dt>"Draw"</dt>
                        <dd data-testid="comm-draw">{draw}</dd>
                        <dd class="comm-figure-sub" data-testid="comm-draw-balance">{balance}</dd>
                    </div>
                </dl>
                {recalculated}
                <p class="muted small comm-when">{when}</p>
            </div>
            <div class="comm-attainment">
                <AttainmentRing attainment=statement.attainment_pct.clone()/>
                {match &statement.quota {
                    Some(quota) => view! {
                        <p class="comm-ring-caption" data-testid="comm-credited">
                            <strong>{money(&statement.credited, &ccy)}</strong>
                            <span class="muted">" credited of "</span>
                            <strong>{money(quota, &ccy)}</strong>
                            <span class="muted">" quota"</span>
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="comm-ring-caption muted" data-testid="comm-credited">
                            {format!("{} credited. No quota is set for this period, so there is no attainment yet: every deal pays at the first tier's rate.", money(&statement.credited, &ccy))}
                        </p>
                    }.into_any(),
                }}
            </div>
        </section>
    }
    .into_any()
}

/// A donut filled to the attainment; past 100% the ring is complete and an
/// outer arc shows how far beyond quota.
#[component]
fn AttainmentRing(attainment: Option<String>) -> AnyView {
    let radius = 54.0;
    let outer = 66.0;
    let circumference = 2.0 * std::f64::consts::PI * radius;
    let outer_circumference = 2.0 * std::f64::consts::PI * outer;
    let Some(raw) = attainment else {
        return view! {
            <svg class="comm-ring" viewBox="0 0 148 148" role="img" aria-label="Attainment: no quota for this period" data-testid="comm-ring">
                <circle class="comm-ring-track" cx="74" cy="74" r=radius stroke-width="12"/>
                <text class="comm-ring-value" x="74" y="70">"–"</text>
                <text class="comm-ring-sub" x="74" y="94">"no quota"</text>
            </svg>
        }
        .into_any();
    };
    // For drawing only; the label is the engine's decimal.
    let value = geometry(&raw).max(0.0);
    let over = value > 100.0;
    let filled = circumference * value.min(100.0) / 100.0;
    let beyond = outer_circumference * (value - 100.0).clamp(0.0, 100.0) / 100.0;
    let label = pct(&raw);
    let aria = if over {
        format!("Attainment {label} of quota: above quota")
    } else {
        format!("Attainment {label} of quota")
    };
    let class = if over {
        "comm-ring comm-ring-over"
    } else {
        "comm-ring"
    };
    view! {
        <svg class=class viewBox="0 0 148 148" role="img" aria-label=aria data-testid="comm-ring" data-attainment=raw.clone()>
            <circle class="comm-ring-track" cx="74" cy="74" r=radius stroke-width="12"/>
            <circle class="comm-ring-fill" cx="74" cy="74" r=radius stroke-width="12"
                stroke-dasharray=format!("{filled:.1} {circumference:.1}") transform="rotate(-90 74 74)"/>
            {over.then(|| view! {
                <circle class="comm-ring-beyond" cx="74" cy="74" r=outer stroke-width="5"
                    stroke-dasharray=format!("{beyond:.1} {outer_circumference:.1}") transform="rotate(-90 74 74)"/>
            })}
            <text class="comm-ring-value" x="74" y="70">{label}</text>
            <text class="comm-ring-sub" x="74" y="94">{if over { "above quota" } else { "of quota" }}</text>
        </svg>
    }
    .into_any()
}

/// "must be more than zero" → "Must be more than zero."
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

fn is_zero(raw: &str) -> bool {
    raw.trim()
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
}

fn warnings(statement: &StatementData) -> Option<impl IntoView> {
    (!statement.warnings.is_empty()).then(|| {
        view! {
            <div class="comm-warnings" role="status" data-testid="comm-warnings">
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3 2 21h20L12 3zm0 6v6m0 3v.5" stroke="currentColor" stroke-width="2" fill="none" stroke-linejoin="round" stroke-linecap="round"/></svg>
                <div>
                    <strong>"Worth knowing about this statement"</strong>
                    <ul>{statement.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                </div>
            </div>
        }
    })
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

fn lines_table(
    statement: &StatementData,
    person: &str,
    period: &str,
    state: LineState,
    forms: Forms,
) -> AnyView {
    let count = statement.lines.len();
    let body = if count == 0 {
        view! { <p class="muted comm-no-lines">"No lines yet: lines appear as your deals close."</p> }
            .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="table comm-lines" data-testid="comm-lines">
                    <caption class="sr-only">"Statement lines; open a line to see how it was worked out"</caption>
                    <thead><tr>
                        <th scope="col">"Deal"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Tier"</th>
                        <th scope="col" class="num">"Rate"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col"><span class="sr-only">"Dispute"</span></th>
                    </tr></thead>
                    <tbody>
                        {statement.lines.iter().map(|line| line_rows(line, &statement.currency, person, period, state, forms)).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="4">"Payout"</th>
                        <td class="num comm-total" data-testid="comm-total">{money(&statement.payout, &statement.currency)}</td>
                        <td></td>
                    </tr></tfoot>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card card-flush comm-lines-card" aria-labelledby="comm-lines-title">
            <div class="card-header card-header-padded">
                <h2 id="comm-lines-title">"Statement lines"</h2>
                <span class="muted small">{format!("{count} {} · open one to see how it was worked out", if count == 1 { "line" } else { "lines" })}</span>
            </div>
            {body}
        </section>
    }
    .into_any()
}

fn line_rows(
    line: &LineData,
    currency: &str,
    person: &str,
    period: &str,
    state: LineState,
    forms: Forms,
) -> AnyView {
    let key = line.key.clone();
    let explain_id = format!("comm-explain-{}", line.index);
    let form_id = format!("comm-dispute-form-{}", line.index);
    let is_open = {
        let key = key.clone();
        move || state.open.with(|open| open.contains(&key))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            state.open.update(|open| {
                if !open.remove(&key) {
                    open.insert(key.clone());
                }
            })
        }
    };
    let is_disputing = {
        let key = key.clone();
        move || state.disputing.with(|d| d.as_deref() == Some(key.as_str()))
    };
    let negative = line.amount.trim().starts_with('-');
    let amount_class = if negative {
        "num comm-amount comm-negative"
    } else {
        "num comm-amount"
    };
    let action = match &line.dispute_id {
        Some(id) => view! {
            <a class="badge badge-warning comm-disputed" href=format!("#dispute-{id}") data-testid="comm-disputed">"Disputed"</a>
        }
        .into_any(),
        None => {
            let key = key.clone();
            let is_disputing = is_disputing.clone();
            view! {
                <button type="button" class="btn btn-secondary btn-small" data-testid="comm-dispute"
                    aria-expanded=move || if is_disputing() { "true" } else { "false" }
                    aria-controls=form_id.clone()
                    on:click=move |_| {
                        let already = state.disputing.get_untracked().as_deref() == Some(key.as_str());
                        state.disputing.set(if already { None } else { Some(key.clone()) });
                    }>
                    "Dispute"
                    <span class="sr-only">{format!(" {}", line.title)}</span>
                </button>
            }
            .into_any()
        }
    };
    let form = {
        let line = line.clone();
        let (person, period) = (person.to_owned(), period.to_owned());
        move || {
            is_disputing().then(|| {
                view! {
                    <tr class="comm-form-row" id=form_id.clone()>
                        <td colspan="6">
                            <DisputeForm line=line.clone() person=person.clone() period=period.clone() state forms/>
                        </td>
                    </tr>
                }
            })
        }
    };
    let is_open_row = is_open.clone();
    let is_open_class = is_open.clone();
    view! {
        <tr class="comm-line" class:comm-line-open=is_open_class data-testid="comm-line" data-index=line.index.to_string() data-deal=line.title.clone() data-kind=line.kind.clone()>
            <td class="comm-line-title">
                <button type="button" class="comm-toggle" data-testid="comm-toggle"
                    aria-expanded=move || if is_open() { "true" } else { "false" }
                    aria-controls=explain_id.clone()
                    on:click=toggle>
                    <svg class="comm-chevron" viewBox="0 0 16 16" aria-hidden="true"><path d="M6 4l4 4-4 4" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>
                    <span>{line.title.clone()}</span>
                </button>
            </td>
            <td><span class=format!("comm-kind comm-kind-{}", line.kind)>{line.kind_label.clone()}</span></td>
            <td class="comm-tier">{line.tier.map(|t| format!("Tier {t}")).unwrap_or_else(|| "–".to_owned())}</td>
            <td class="num">{line.rate.clone().unwrap_or_else(|| "–".to_owned())}</td>
            <td class=amount_class>{money(&line.amount, currency)}</td>
            <td class="comm-actions">{action}</td>
        </tr>
        <tr class="comm-explain-row" id=explain_id.clone() hidden=move || !is_open_row() data-testid="comm-explain">
            <td colspan="6">
                <p class="comm-explain">{line.explanation.clone()}</p>
                <p class="muted small comm-rule"><span>"Rule: "</span>{line.rule.clone()}</p>
            </td>
        </tr>
        {form}
    }
    .into_any()
}

#[component]
fn DisputeForm(
    line: LineData,
    person: String,
    period: String,
    state: LineState,
    forms: Forms,
) -> AnyView {
    let action = forms.dispute;
    let index = line.index.to_string();
    // Errors belong to the form of the line last submitted.
    let submitted = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            submitted.set(Some(input.line_index));
        }
    });
    let problem: Signal<Option<Problem>> = {
        let index = index.clone();
        let last = last_problem(action.value());
        Signal::derive(move || {
            last.get()
                .filter(|_| submitted.get().as_deref() == Some(index.as_str()))
        })
    };
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(element) = textarea.get() {
            let _ = element.focus();
        }
    });
    let message_id = format!("comm-dispute-message-{}", line.index);
    view! {
        <ActionForm action attr:class="form comm-dispute-form" attr:data-testid="comm-dispute-form">
            <input type="hidden" name="csrf" value=forms.csrf.get_value()/>
            <input type="hidden" name="person_id" value=person/>
            <input type="hidden" name="period" value=period/>
            <input type="hidden" name="line_index" value=index/>
            <div class="field">
                <label for=message_id.clone()>{format!("What is wrong with “{}” ({})?", line.title, kind_label(&line.kind))}</label>
                <textarea id=message_id name="message" rows="3" required=true node_ref=textarea
                    placeholder="For example: the deal was 55,000, not 50,000 (invoice INV-1042)."
                    prop:value=state.draft.get_untracked()
                    on:input=move |ev| state.draft.set(event_target_value(&ev))></textarea>
                <p class="hint">"Your manager sees this line and your message, and answers under My disputes."</p>
                <FieldError problem field="message"/>
                <FieldError problem field="line_index"/>
            </div>
            <FormError problem fields=&["message", "line_index"]/>
            <div class="form-actions">
                <button type="button" class="btn btn-secondary" on:click=move |_| state.disputing.set(None)>"Cancel"</button>
                <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Open dispute"</button>
            </div>
        </ActionForm>
    }
    .into_any()
}

// ---------------------------------------------------------------------------
// Disputes
// ---------------------------------------------------------------------------

fn disputes_panel(page: &CommissionsData, state: LineState, forms: Forms) -> AnyView {
    let open = page.disputes.iter().filter(|d| d.status == "open").count();
    let badge = (open > 0).then(|| {
        view! { <span class="badge badge-warning">{format!("{open} open")}</span> }
    });
    let list = if page.disputes.is_empty() {
        view! {
            <p class="muted" data-testid="comm-no-disputes">"No disputes. If a line looks wrong, press “Dispute” on it: your manager sees the line with your message and answers here."</p>
        }
        .into_any()
    } else {
        view! {
            <ul class="comm-dispute-list">
                {page.disputes.iter().map(|d| dispute_item(d.clone(), state, forms)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card comm-disputes" aria-labelledby="comm-disputes-title" data-testid="comm-disputes">
            <div class="card-header">
                <h2 id="comm-disputes-title">"My disputes"</h2>
                {badge}
            </div>
            {list}
        </section>
    }
    .into_any()
}

fn dispute_item(dispute: DisputeData, state: LineState, forms: Forms) -> AnyView {
    let (badge, status) = match dispute.status.as_str() {
        "open" => ("badge badge-warning", "Open"),
        "resolved" => ("badge badge-ahead", "Resolved"),
        _ => ("badge badge-behind", "Rejected"),
    };
    let resolution = dispute.resolution.clone().map(|text| {
        let when = dispute
            .resolved_at
            .clone()
            .map(|at| format!(" on {at}"))
            .unwrap_or_default();
        view! {
            <p class="comm-resolution"><strong>{format!("{status}{when}: ")}</strong>{text}</p>
        }
    });
    let reply = (dispute.status == "open").then(|| {
        let id = dispute.id.clone();
        let field_id = format!("comm-reply-{}", dispute.id);
        let action = forms.reply;
        let submitted = RwSignal::new(None::<String>);
        Effect::new(move |_| {
            if let Some(input) = action.input().get() {
                submitted.set(Some(input.dispute_id));
            }
        });
        let problem: Signal<Option<Problem>> = {
            let id = id.clone();
            let last = last_problem(action.value());
            Signal::derive(move || {
                last.get()
                    .filter(|_| submitted.get().as_deref() == Some(id.as_str()))
            })
        };
        let draft = state
            .replies
            .with_untracked(|r| r.get(&id).cloned())
            .unwrap_or_default();
        let typed = id.clone();
        view! {
            <ActionForm action attr:class="comm-reply" attr:data-testid="comm-reply-form">
                <input type="hidden" name="csrf" value=forms.csrf.get_value()/>
                <input type="hidden" name="dispute_id" value=id.clone()/>
                <label class="sr-only" for=field_id.clone()>"Reply"</label>
                <textarea id=field_id name="body" rows="2" required=true placeholder="Add to the thread…"
                    prop:value=draft
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        state.replies.update_untracked(|r| { r.insert(typed.clone(), text); });
                    }></textarea>
                <button type="submit" class="btn btn-secondary btn-small" disabled=move || action.pending().get()>"Send reply"</button>
                <FieldError problem field="body"/>
                <FormError problem fields=&["body"]/>
            </ActionForm>
        }
    });
    view! {
        <li class="comm-dispute" id=format!("dispute-{}", dispute.id) data-testid="comm-dispute-item" data-status=dispute.status.clone()>
            <div class="comm-dispute-head">
                <span class=badge>{status}</span>
                <strong>{dispute.line_summary.clone()}</strong>
            </div>
            <p class="muted small">{format!("{} · opened {}", dispute.period_label, dispute.opened_at)}</p>
            <ol class="comm-thread" aria-label="Messages">
                {dispute.messages.iter().map(|m| view! {
                    <li class="comm-msg" class:comm-msg-mine=m.mine>
                        <p class="comm-msg-meta"><strong>{m.author.clone()}</strong><span class="muted">{m.at.clone()}</span></p>
                        <p class="comm-msg-body">{m.body.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
            {resolution}
            {reply}
        </li>
    }
    .into_any()
}

// ---------------------------------------------------------------------------
// What-if
// ---------------------------------------------------------------------------

/// One deal being typed into the estimator.
#[derive(Debug, Clone, Copy)]
struct DealDraft {
    id: usize,
    name: RwSignal<String>,
    amount: RwSignal<String>,
    product: RwSignal<String>,
    deal_type: RwSignal<String>,
}

impl DealDraft {
    fn new(id: usize) -> Self {
        Self {
            id,
            name: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            product: RwSignal::new(String::new()),
            deal_type: RwSignal::new("new_business".to_owned()),
        }
    }

    fn input(&self) -> WhatIfDeal {
        WhatIfDeal {
            name: self.name.get_untracked(),
            amount: self.amount.get_untracked(),
            product_id: self.product.get_untracked(),
            deal_type: self.deal_type.get_untracked(),
        }
    }
}

const DEAL_TYPES: [(&str, &str); 3] = [
    ("new_business", "New business"),
    ("expansion", "Expansion"),
    ("renewal", "Renewal"),
];

#[component]
fn WhatIf(
    csrf: String,
    products: Vec<Choice>,
    current_label: String,
    other_period: bool,
) -> AnyView {
    let action = ServerAction::<EstimateWhatIf>::new();
    let problem = last_problem(action.value());
    let next = StoredValue::new(1usize);
    let rows = RwSignal::new(vec![DealDraft::new(0)]);
    let products = StoredValue::new(products);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let deals = rows.with_untracked(|r| r.iter().map(DealDraft::input).collect());
        action.dispatch(EstimateWhatIf {
            csrf: csrf.clone(),
            deals,
        });
    };
    let add = move |_| {
        let id = next.get_value();
        next.set_value(id + 1);
        rows.update(|r| r.push(DealDraft::new(id)));
    };
    let general = Signal::derive(move || {
        problem
            .get()
            .filter(|p| !p.field.as_deref().is_some_and(|f| f.starts_with("deals[")))
    });
    let note = if other_period {
        format!("Estimates are for the current period, {current_label}, on your real statement and plan.")
    } else {
        format!("What a deal closing in {current_label} would add to your statement, worked out by the same engine as your statement.")
    };
    view! {
        <section class="card comm-whatif" aria-labelledby="comm-whatif-title" data-testid="comm-whatif">
            <div class="card-header"><h2 id="comm-whatif-title">"What if I close…"</h2></div>
            <p class="muted small">{note}</p>
            <form class="form comm-whatif-form" data-testid="whatif-form" on:submit=submit novalidate=true>
                <For each=move || rows.get() key=|d| d.id let:draft>
                    <DealFields draft rows products problem/>
                </For>
                <FormError problem=general/>
                <div class="comm-whatif-actions">
                    <button type="button" class="btn btn-secondary btn-small" data-testid="whatif-add" on:click=add
                        disabled=move || rows.with(|r| r.len() >= MAX_WHAT_IF_DEALS)>"+ Add another deal"</button>
                    <button type="submit" class="btn btn-primary" data-testid="whatif-submit" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Estimating…" } else { "Estimate" }}
                    </button>
                </div>
            </form>
            {move || match action.value().get() {
                Some(Ok(answer)) => Some(view! { <WhatIfResult answer/> }),
                _ => None,
            }}
        </section>
    }
    .into_any()
}

#[component]
fn DealFields(
    draft: DealDraft,
    rows: RwSignal<Vec<DealDraft>>,
    products: StoredValue<Vec<Choice>>,
    problem: Signal<Option<Problem>>,
) -> AnyView {
    let id = draft.id;
    let index = Memo::new(move |_| {
        rows.with(|r| r.iter().position(|d| d.id == id))
            .unwrap_or(0)
    });
    // The API names the field in its message too ("deals[0].amount must
    // be …"): beside the field, the name goes.
    let error = move |field: &'static str| {
        move || {
            let path = format!("deals[{}].{field}", index.get());
            problem
                .get()
                .and_then(|p| p.for_field(&path))
                .map(|message| {
                    sentence(
                        message
                            .strip_prefix(&format!("{path} "))
                            .unwrap_or(&message),
                    )
                })
        }
    };
    let shown = move |field: &'static str| {
        let message = error(field);
        move || {
            message().map(|m| {
                view! { <p class="field-error" id=format!("whatif-{field}-{id}-error") role="alert">{m}</p> }
            })
        }
    };
    let invalid = move |field: &'static str| {
        let message = error(field);
        move || message().is_some().then_some("true")
    };
    let several = move || rows.with(|r| r.len() > 1);
    let legend = move || {
        if several() {
            format!("Deal {}", index.get() + 1)
        } else {
            "Deal".to_owned()
        }
    };
    view! {
        <fieldset class="comm-whatif-deal" data-testid="whatif-deal">
            <legend>{legend}</legend>
            <div class="comm-whatif-grid">
                <div class="field">
                    <label for=format!("whatif-amount-{id}")>"Amount"</label>
                    <input id=format!("whatif-amount-{id}") inputmode="decimal" autocomplete="off" placeholder="25,000"
                        aria-invalid=invalid("amount") aria-describedby=format!("whatif-amount-{id}-error")
                        prop:value=move || draft.amount.get() on:input=move |ev| draft.amount.set(event_target_value(&ev))/>
                    {shown("amount")}
                </div>
                <div class="field">
                    <label for=format!("whatif-product-{id}")>"Product "<span class="muted">"(optional)"</span></label>
                    <select id=format!("whatif-product-{id}") aria-invalid=invalid("product_id")
                        on:change=move |ev| draft.product.set(event_target_value(&ev))>
                        <option value="">"Any / not sure"</option>
                        {products.get_value().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                    {shown("product_id")}
                </div>
                <div class="field">
                    <label for=format!("whatif-type-{id}")>"Deal type"</label>
                    <select id=format!("whatif-type-{id}") aria-invalid=invalid("deal_type")
                        on:change=move |ev| draft.deal_type.set(event_target_value(&ev))>
                        {DEAL_TYPES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                    </select>
                    {shown("deal_type")}
                </div>
                <div class="field">
                    <label for=format!("whatif-name-{id}")>"Name "<span class="muted">"(optional)"</span></label>
                    <input id=format!("whatif-name-{id}") autocomplete="off" placeholder="Contoso renewal"
                        prop:value=move || draft.name.get() on:input=move |ev| draft.name.set(event_target_value(&ev))/>
                    {shown("name")}
                </div>
            </div>
            {move || several().then(|| view! {
                <button type="button" class="btn-link comm-whatif-remove" on:click=move |_| rows.update(|r| r.retain(|d| d.id != id))>
                    {move || format!("Remove deal {}", index.get() + 1)}
                </button>
            })}
        </fieldset>
    }
    .into_any()
}

#[component]
fn WhatIfResult(answer: WhatIfData) -> AnyView {
    let ccy = answer.currency.clone();
    let change_class = if answer.payout_change.trim().starts_with('-') {
        "comm-whatif-change comm-negative"
    } else if is_zero(&answer.payout_change) {
        "comm-whatif-change"
    } else {
        "comm-whatif-change comm-positive"
    };
    let attainment = match (&answer.attainment_before, &answer.attainment_after) {
        (Some(before), Some(after)) => {
            let points = answer
                .attainment_change
                .as_deref()
                .map(|c| {
                    let sign = if c.trim().starts_with('-') { "" } else { "+" };
                    format!(
                        " ({sign}{} points)",
                        crate::perf_api::model::trim_decimal(c)
                    )
                })
                .unwrap_or_default();
            format!("{} → {}{points}", pct(before), pct(after))
        }
        _ => "No quota this period".to_owned(),
    };
    let line_item = {
        let ccy = ccy.clone();
        move |line: &LineData| {
            let tier = line
                .tier
                .map(|t| format!(" · Tier {t}"))
                .unwrap_or_default();
            let rate = line
                .rate
                .clone()
                .map(|r| format!(" at {r}"))
                .unwrap_or_default();
            view! {
                <li>
                    <div class="comm-whatif-line">
                        <span><strong>{line.title.clone()}</strong><span class="muted">{format!(" · {}{tier}{rate}", line.kind_label)}</span></span>
                        <strong class="comm-amount">{signed_money(&line.amount, &ccy)}</strong>
                    </div>
                    <p class="comm-explain small">{line.explanation.clone()}</p>
                </li>
            }
        }
    };
    let others = (!answer.other_lines.is_empty()).then(|| {
        let line_item = line_item.clone();
        view! {
            <h3 class="comm-whatif-subtitle">"Also changes"</h3>
            <ul class="comm-whatif-lines">{answer.other_lines.iter().map(line_item).collect_view()}</ul>
        }
    });
    let warnings = (!answer.warnings.is_empty()).then(|| {
        view! {
            <ul class="comm-whatif-warnings">{answer.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <div class="comm-whatif-result" data-testid="whatif-result" role="status" aria-live="polite">
            <p class="stat-label">{format!("Projected payout change · {}", answer.period_label)}</p>
            <p class=change_class data-testid="whatif-change">{signed_money(&answer.payout_change, &ccy)}</p>
            <dl class="comm-figures comm-whatif-figures">
                <div><dt>"Payout"</dt><dd>{format!("{} → {}", money(&answer.payout_before, &ccy), money(&answer.payout_after, &ccy))}</dd></div>
                <div><dt>"Attainment"</dt><dd data-testid="whatif-attainment">{attainment}</dd></div>
            </dl>
            {warnings}
            <h3 class="comm-whatif-subtitle">"New lines"</h3>
            <ul class="comm-whatif-lines" data-testid="whatif-lines">
                {if answer.lines.is_empty() {
                    view! { <li class="muted">"These deals add no lines: your plan does not count them (check the product and deal type)."</li> }.into_any()
                } else {
                    answer.lines.iter().map(line_item.clone()).collect_view().into_any()
                }}
            </ul>
            {others}
            <p class="muted small comm-engine-time" data-testid="whatif-elapsed">{format!("Worked out by the engine in {} ms", answer.elapsed_ms)}</p>
        </div>
    }
    .into_any()
}
