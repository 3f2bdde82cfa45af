//! `/app/commissions/approvals` (managers for their reports, owners and
//! admins for everyone): a period's statements with their totals; one
//! statement line by line (deal, credit share, weight, tier, rate, rule,
//! amount) with its adjustments; approving it at the version on screen
//! (a statement that changed meanwhile, or is no longer a draft, is refused
//! and says so); for owners and admins, marking approved statements paid and
//! adding adjustments; and the queue of open disputes, each with its line
//! and thread, to answer, resolve (optionally paying an adjustment) or
//! reject.

use crate::{
    comp_api::admin::*,
    components::{
        forms::{last_problem, FieldError, FormError},
        live::use_live_updates,
        shell::use_session,
    },
    model::{format_money, role_label, SessionInfo},
    pages::{
        perf_ui::Meter,
        sales_ui::{Empty, Feedback, LoadError, Toast},
    },
    perf_api::model::{geometry, percent_number, period_label, trim_decimal},
    sales_model::query_string,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const PATH: &str = "/app/commissions/approvals";

/// The page's actions, created once so their outcome survives the reload
/// of the page's data that follows them.
#[derive(Clone, Copy)]
struct Actions {
    approve: ServerAction<ApproveStatement>,
    pay: ServerAction<PayStatement>,
    adjust: ServerAction<AdjustStatement>,
    bulk: ServerAction<ApproveDrafts>,
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = Actions {
        approve: ServerAction::new(),
        pay: ServerAction::new(),
        adjust: ServerAction::new(),
        bulk: ServerAction::new(),
    };
    feedback.watch(actions.approve, |done: &StepDone| {
        format!("{}'s statement is approved.", done.person_name)
    });
    feedback.watch(actions.pay, |done: &StepDone| {
        format!(
            "{}'s statement is marked paid and locked.",
            done.person_name
        )
    });
    feedback.watch(actions.adjust, |_: &String| {
        "Adjustment added; the statement is recalculated within seconds.".to_owned()
    });
    feedback.watch(actions.bulk, |done: &BulkApproved| match done.approved {
        1 => "1 statement approved.".to_owned(),
        n => format!("{n} statements approved."),
    });
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("period").unwrap_or_default(),
            query.get("person").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((period, person), _)| load_approvals(period, person),
    );
    // Statements the worker recalculated while the page is open.
    let shown_period = RwSignal::new(String::new());
    let changes = use_live_updates(move |topic| {
        let period = shown_period.get_untracked();
        topic.starts_with("statement:") && !period.is_empty() && topic.ends_with(&period)
    });
    let seen = RwSignal::new(0u64);
    Effect::new(move |_| {
        feedback.refresh.track();
        seen.set(changes.get_untracked());
    });
    view! {
        <Title text="Approvals · Attain"/>
        {move || (changes.get() > seen.get()).then(|| view! {
            <div class="form-error perf-conflict" role="status" data-testid="approvals-changed">
                <span>"Figures changed since this page loaded: statements were recalculated."</span>
                <button type="button" class="btn btn-secondary btn-small" on:click=move |_| feedback.refresh.update(|n| *n += 1)>"Reload"</button>
            </div>
        }.into_any())}
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !matches!(info.role.as_str(), "owner" | "admin" | "manager") {
                    return view! { <NotForYou info/> }.into_any();
                }
                match data.await {
                    Ok(page) => {
                        shown_period.set(page.period.clone());
                        view! { <Approvals info page actions/> }.into_any()
                    }
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Approvals"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn NotForYou(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Approvals are for managers, admins and owners"</h3>
            <p>{format!("You are signed in as {} in {}. Your own statement is under My commissions.", role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app/commissions">"My commissions"</a>
        </div>
    }
    .into_any()
}

/// Puts a form's inputs back to the values on the page whenever it is shown
/// with fresh data: a re-render reuses the elements, and the browser would
/// keep what was typed into them.
pub fn reset_when_shown(form: NodeRef<leptos::html::Form>) {
    Effect::new(move |_| {
        if let Some(form) = form.get() {
            form.reset();
        }
    });
}

fn href(period: &str, person: &str) -> String {
    format!(
        "{PATH}{}",
        query_string(&[("period", period), ("person", person)])
    )
}

/// Attainment as a bar and a number; a bar full at quota.
#[component]
pub fn Attainment(pct: Option<String>) -> impl IntoView {
    match pct {
        Some(raw) => {
            let value = geometry(&raw);
            let tone = if value >= 100.0 { "meter-good" } else { "" };
            view! {
                <span class="comp-attainment">
                    <Meter percent=value tone label="Attainment against quota"/>
                    <span class="comp-attainment-value">{pct_text(&raw)}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <span class="muted small" title="No quota set for this period">"No quota"</span> }.into_any(),
    }
    .into_any()
}

#[component]
fn Approvals(info: SessionInfo, page: ApprovalsPage, actions: Actions) -> impl IntoView {
    let count = |status: &str| page.items.iter().filter(|i| i.status == status).count();
    let (drafts, approved, paid) = (count("draft"), count("approved"), count("paid"));
    let me = page.me.clone();
    let approvable: Vec<&StatementItem> = page
        .items
        .iter()
        .filter(|i| i.status == "draft" && Some(&i.person_id) != me.as_ref())
        .collect();
    let bulk = (!approvable.is_empty()).then(|| {
        let pairs = approvable
            .iter()
            .map(|i| format!("{}:{}", i.person_id, i.version))
            .collect::<Vec<_>>()
            .join(",");
        let n = approvable.len();
        let problem = last_problem(actions.bulk.value());
        let (csrf, period) = (info.csrf_token.clone(), page.period.clone());
        let refused = move || {
            actions.bulk.value().get().and_then(|r| r.ok()).filter(|d| !d.refused.is_empty()).map(|d| view! {
                <div class="form-error" role="alert" data-testid="bulk-refused">
                    <p>"Some statements were not approved:"</p>
                    <ul>{d.refused.into_iter().map(|(name, why)| view! { <li><strong>{name}</strong>": "{why}</li> }).collect_view()}</ul>
                </div>
            }.into_any())
        };
        view! {
            <ActionForm action=actions.bulk attr:class="comp-bulk" attr:data-testid="approve-all-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="period" value=period/>
                <input type="hidden" name="drafts" value=pairs/>
                <button class="btn btn-secondary btn-small" type="submit" data-testid="approve-all">
                    {if n == 1 { "Approve the draft".to_owned() } else { format!("Approve all {n} drafts") }}
                </button>
            </ActionForm>
            <FormError problem/>
            {refused}
        }
        .into_any()
    });
    let period = page.period.clone();
    let table = if page.items.is_empty() {
        let text = if page.manages {
            "Statements appear once a plan is assigned and deals close in this period. Set plans up under Comp plans."
        } else {
            "Your reports' statements appear here once deals close in this period."
        };
        view! { <div class="card-body"><Empty title="No statements for this period" text/></div> }
            .into_any()
    } else {
        let open_id = page.open.as_ref().map(|o| o.person_id.clone());
        view! {
            <div class="table-scroll">
                <table class="table table-compact comp-table comp-stack" data-testid="approval-list">
                    <thead><tr>
                        <th>"Person"</th>
                        <th>"Status"</th>
                        <th>"Attainment"</th>
                        <th class="num">"Earned"</th>
                        <th class="num">"Payout"</th>
                        <th class="num">"Disputes"</th>
                        <th><span class="sr-only">"Open"</span></th>
                    </tr></thead>
                    <tbody>
                        {page.items.iter().map(|item| {
                            let link = href(&period, &item.person_id);
                            let selected = open_id.as_deref() == Some(item.person_id.as_str());
                            view! {
                                <tr class=if selected { "comp-selected" } else { "" } data-testid=format!("statement-row-{}", item.person_name)>
                                    <td class="comp-lead"><a href=format!("{link}#statement")>{item.person_name.clone()}</a></td>
                                    <td><span class=status_badge(&item.status) data-testid="statement-status">{status_label(&item.status)}</span></td>
                                    <td><Attainment pct=item.attainment_pct.clone()/></td>
                                    <td class="num" data-label="Earned">{format_money(&item.earned, &item.currency)}</td>
                                    <td class="num comp-end"><strong>{format_money(&item.payout, &item.currency)}</strong></td>
                                    <td class="num comp-end">{match item.open_disputes {
                                        0 => view! { <span class="muted">"–"</span> }.into_any(),
                                        n => view! { <span class="badge badge-behind">{format!("{n} open")}</span> }.into_any(),
                                    }}</td>
                                    <td class="num comp-end"><a class="btn btn-secondary btn-small" href=format!("{link}#statement")>{if item.status == "draft" { "Review" } else { "View" }}</a></td>
                                </tr>
                            }.into_any()
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th colspan="4">{match page.items.len() { 1 => "1 statement".to_owned(), n => format!("{n} statements") }}</th>
                        <th class="num comp-end" data-testid="approval-total">{totals_text(&page.totals)}</th>
                        <th colspan="2"></th>
                    </tr></tfoot>
                </table>
            </div>
        }
        .into_any()
    };
    let label = period_label(&page.period);
    let detail = page.open.clone().map(|open| {
        view! { <StatementPanel info=info.clone() detail=open page=page.clone() actions/> }
            .into_any()
    });
    let period_options = page
        .periods
        .iter()
        .map(|(key, text)| {
            let selected = *key == page.period;
            view! { <option value=key.clone() selected=selected>{text.clone()}</option> }
        })
        .collect_view();
    let header = view! {
        <div class="page-header">
            <div>
                <h1>"Approvals"</h1>
                <p class="muted">"Check each statement line by line, approve it, and settle disputes. Approved statements are paid by an admin; paid statements are locked."</p>
            </div>
            <div class="page-actions">
                <Form method="get" action=PATH attr:class="filters perf-inline-form comp-period" attr:data-testid="approval-period">
                    <label class="sr-only" for="approval-period">"Period"</label>
                    <select id="approval-period" name="period">{period_options}</select>
                    <button class="btn btn-secondary btn-small" type="submit">"Show"</button>
                </Form>
            </div>
        </div>
    }
    .into_any();
    let tiles = view! {
        <div class="kpi-grid comp-tiles">
            <div class="card stat"><p class="stat-label">"To approve"</p><p class="stat-value" data-testid="count-draft">{drafts.to_string()}</p><p class="stat-sub">"Drafts"</p></div>
            <div class="card stat"><p class="stat-label">"Approved"</p><p class="stat-value">{approved.to_string()}</p><p class="stat-sub">"Waiting for payment"</p></div>
            <div class="card stat"><p class="stat-label">"Paid"</p><p class="stat-value">{paid.to_string()}</p><p class="stat-sub">"Locked"</p></div>
            <div class="card stat"><p class="stat-label">"Total payout"</p><p class="stat-value comp-money">{totals_text(&page.totals)}</p><p class="stat-sub">{label.clone()}</p></div>
        </div>
    }
    .into_any();
    view! {
        {header}
        {tiles}
        <section class="card card-flush">
            <div class="card-header card-header-padded comp-card-head">
                <h2>{format!("Statements · {label}")}</h2>
                <div class="comp-head-actions">{bulk}</div>
            </div>
            {table}
        </section>
        {detail}
        <DisputeQueue info page/>
    }
    .into_any()
}

#[component]
fn StatementPanel(
    info: SessionInfo,
    detail: StatementDetail,
    page: ApprovalsPage,
    actions: Actions,
) -> impl IntoView {
    let money = {
        let currency = detail.currency.clone();
        move |amount: &str| format_money(amount, &currency)
    };
    let close = href(&page.period, "");
    let own = page.me.as_deref() == Some(detail.person_id.as_str());
    let facts = vec![
        (
            "Quota",
            detail
                .quota
                .as_deref()
                .map(&money)
                .unwrap_or_else(|| "Not set".into()),
        ),
        ("Credited", money(&detail.credited)),
        (
            "Attainment",
            detail
                .attainment_pct
                .as_deref()
                .map(pct_text)
                .unwrap_or_else(|| "–".into()),
        ),
        ("Earned", money(&detail.earned)),
        ("Adjustments", money(&detail.adjustments)),
        ("Draw", money(&detail.draw)),
        ("Recovered", money(&detail.recovered)),
    ];
    let lines = if detail.lines.is_empty() {
        view! { <p class="muted">"No lines: no credited deal, bonus or adjustment in this period yet."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="table table-compact comp-lines comp-stack" data-testid="statement-lines">
                    <thead><tr>
                        <th>"Deal"</th>
                        <th class="num">"Share"</th>
                        <th class="num">"Weight"</th>
                        <th class="num">"Tier"</th>
                        <th class="num">"Rate"</th>
                        <th>"Rule"</th>
                        <th class="num">"Amount"</th>
                    </tr></thead>
                    <tbody>
                        {detail.lines.iter().map(|line| view! { <LineRow line=line.clone() currency=detail.currency.clone() person=detail.person_name.clone()/> }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th colspan="6" class="comp-lead">"Payout"</th>
                        <th class="num comp-end" data-testid="statement-payout">{money(&detail.payout)}</th>
                    </tr></tfoot>
                </table>
            </div>
        }
        .into_any()
    };
    let adjustments = (!detail.adjustment_rows.is_empty()).then(|| {
        view! {
            <h3 class="comp-subhead">"Adjustments"</h3>
            <ul class="comp-adjustments" data-testid="statement-adjustments">
                {detail.adjustment_rows.iter().map(|a| view! {
                    <li>
                        <strong class="comp-amount">{signed_money(&a.amount, &detail.currency)}</strong>
                        <span>{a.reason.clone()}</span>
                        <span class="muted small">{match &a.carried_from {
                            Some(from) => format!("carried from {from} · {}", a.created),
                            None => a.created.clone(),
                        }}</span>
                    </li>
                }.into_any()).collect_view()}
            </ul>
        }.into_any()
    });
    let warnings = (!detail.warnings.is_empty()).then(|| {
        view! {
            <ul class="comp-warnings" data-testid="statement-warnings">
                {detail.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let hidden = (
        info.csrf_token.clone(),
        detail.person_id.clone(),
        detail.period.clone(),
    );
    let version = detail.version.to_string();
    let approve = (detail.status == "draft").then(|| {
        if own {
            return view! { <p class="muted small">"This is your own statement: your manager or an admin approves it."</p> }.into_any();
        }
        let problem = last_problem(actions.approve.value());
        let (csrf, person, period) = hidden.clone();
        let version = version.clone();
        let label = format!("Approve {}", money(&detail.payout));
        let meta = format!("Version {}, computed {}", detail.version, detail.computed);
        view! {
            <ActionForm action=actions.approve attr:class="comp-step" attr:data-testid="approve-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="person_id" value=person/>
                <input type="hidden" name="period" value=period/>
                <input type="hidden" name="version" value=version/>
                <button class="btn btn-primary" type="submit" data-testid="approve-statement">{label}</button>
                <span class="muted small">{meta}</span>
            </ActionForm>
            <FormError problem/>
        }
        .into_any()
    });
    let pay = (page.manages && detail.status == "approved").then(|| {
        let problem = last_problem(actions.pay.value());
        let (csrf, person, period) = hidden.clone();
        let version = version.clone();
        view! {
            <ActionForm action=actions.pay attr:class="comp-step" attr:data-testid="pay-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="person_id" value=person/>
                <input type="hidden" name="period" value=period/>
                <input type="hidden" name="version" value=version/>
                <button class="btn btn-primary" type="submit" data-testid="pay-statement">"Mark paid"</button>
                <span class="muted small">"Locks the statement; later changes arrive as adjustments in the next period."</span>
            </ActionForm>
            <FormError problem/>
        }.into_any()
    });
    let adjust = (page.manages && detail.status != "paid").then(|| {
        let problem = last_problem(actions.adjust.value());
        let (csrf, person, period) = hidden.clone();
        let amount_label = format!("Amount ({})", detail.currency);
        let adjust_form = NodeRef::<leptos::html::Form>::new();
        reset_when_shown(adjust_form);
        view! {
            <details class="comp-adjust">
                <summary class="btn btn-secondary btn-small" data-testid="add-adjustment">"Add adjustment"</summary>
                <ActionForm action=actions.adjust node_ref=adjust_form attr:class="form comp-adjust-form" attr:data-testid="adjustment-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="person_id" value=person/>
                    <input type="hidden" name="period" value=period/>
                    <div class="form-grid form-grid-wide">
                        <div class="field">
                            <label for="adjust-reason">"Reason"</label>
                            <input id="adjust-reason" name="reason" maxlength="500" placeholder="Correction for the Contoso split" aria-describedby="reason-error"/>
                            <p class="hint">"The person reads it on their statement."</p>
                            <FieldError problem field="reason"/>
                        </div>
                        <div class="field">
                            <label for="adjust-amount">{amount_label}</label>
                            <input id="adjust-amount" name="amount" inputmode="decimal" placeholder="250 or -120" aria-describedby="amount-error"/>
                            <FieldError problem field="amount"/>
                        </div>
                    </div>
                    <FormError problem fields=&["amount", "reason"]/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Add adjustment"</button></div>
                </ActionForm>
            </details>
        }.into_any()
    });
    let locked = (detail.status == "paid").then(|| {
        view! { <p class="muted small">{format!("Paid {} and locked: later changes arrive as adjustments in the next period.", detail.paid.clone().unwrap_or_default())}</p> }
    });
    view! {
        <section class="card comp-statement" id="statement" data-testid="statement-detail">
            <div class="card-header comp-card-head">
                <div>
                    <h2>{format!("{} · {}", detail.person_name, period_label(&detail.period))}</h2>
                    <p class="muted small">{match &detail.approved {
                        Some(at) => format!("Approved {at}"),
                        None => format!("Computed {}", detail.computed),
                    }}</p>
                </div>
                <div class="row">
                    <span class=status_badge(&detail.status) data-testid="detail-status">{status_label(&detail.status)}</span>
                    <a class="btn btn-secondary btn-small" href=close>"Close"</a>
                </div>
            </div>
            <dl class="comp-facts">
                {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                <div class="comp-fact-total"><dt>"Payout"</dt><dd>{money(&detail.payout)}</dd></div>
            </dl>
            {warnings}
            {lines}
            {adjustments}
            <div class="comp-actions" data-testid="statement-actions">
                {approve}
                {pay}
                {adjust}
                {locked}
            </div>
        </section>
    }
    .into_any()
}

/// A line and how it was computed.
#[component]
pub fn LineRow(
    line: LineItem,
    currency: String,
    /// Whose statement it is: credit from them is not worth saying.
    #[prop(optional, into)]
    person: String,
) -> impl IntoView {
    let dash = || "–".to_owned();
    let deal = line
        .deal_name
        .clone()
        .unwrap_or_else(|| line_kind_label(&line.kind).to_owned());
    view! {
        <tr class="comp-line" data-testid=format!("line-{}", line.index)>
            <td class="comp-lead">
                <span class="comp-line-deal">{deal}</span>
                <span class="comp-line-kind">
                    {line_kind_label(&line.kind)}
                    {line.credited_from.clone().filter(|from| *from != person).map(|from| format!(" · credit from {from}"))}
                </span>
            </td>
            <td class="num" data-label="Share">{line.share_pct.as_deref().map(|s| format!("{}%", trim_decimal(s))).unwrap_or_else(dash)}</td>
            <td class="num" data-label="Weight">{line.weight.as_deref().map(|w| format!("{}×", trim_decimal(w))).unwrap_or_else(dash)}</td>
            <td class="num" data-label="Tier">{line.tier.map(|t| t.to_string()).unwrap_or_else(dash)}</td>
            <td class="num" data-label="Rate">{line.rate.as_deref().map(|r| format!("{}%", percent_number(r))).unwrap_or_else(dash)}</td>
            <td class="comp-rule">
                {line.rule.clone()}
                {line.attainment_from.clone().zip(line.attainment_to.clone()).map(|(from, to)| view! {
                    <span class="muted small">{format!(" · attainment {} → {}", pct_text(&from), pct_text(&to))}</span>
                })}
                {line.fx_rate.clone().filter(|r| trim_decimal(r) != "1").map(|r| view! {
                    <span class="muted small">{format!(" · at {} to {currency}", trim_decimal(&r))}</span>
                })}
            </td>
            <td class="num comp-end"><strong>{format_money(&line.amount, &currency)}</strong></td>
        </tr>
    }
    .into_any()
}

#[component]
fn DisputeQueue(info: SessionInfo, page: ApprovalsPage) -> impl IntoView {
    let count = page.disputes.len();
    let badge = if count > 0 {
        "badge badge-behind"
    } else {
        "badge badge-ahead"
    };
    let body = if page.disputes.is_empty() {
        view! { <p class="muted" data-testid="no-disputes">"No open disputes. When someone questions a line of their statement, it appears here with its thread."</p> }.into_any()
    } else {
        page.disputes
            .into_iter()
            .map(|d| view! { <DisputeCard dispute=d csrf=info.csrf_token.clone() me=page.me.clone()/> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card comp-disputes" data-testid="dispute-queue">
            <div class="card-header">
                <h2>"Open disputes"</h2>
                <span class=badge>{match count { 0 => "None".to_owned(), 1 => "1 open".to_owned(), n => format!("{n} open") }}</span>
            </div>
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn DisputeCard(dispute: DisputeItem, csrf: String, me: Option<String>) -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    let reply = ServerAction::<AnswerDispute>::new();
    let settle = ServerAction::<SettleDispute>::new();
    feedback.watch(reply, |_: &()| "Reply sent.".to_owned());
    feedback.watch(settle, |status: &String| {
        format!("Dispute {}.", status_label(status).to_lowercase())
    });
    let reply_problem = last_problem(reply.value());
    let (reply_form, settle_form_ref) = (
        NodeRef::<leptos::html::Form>::new(),
        NodeRef::<leptos::html::Form>::new(),
    );
    reset_when_shown(reply_form);
    reset_when_shown(settle_form_ref);
    let settle_problem = last_problem(settle.value());
    let own = me.as_deref() == Some(dispute.person_id.as_str());
    let dispute_id = dispute.id.clone();
    let id = dispute.id.clone();
    let currency = dispute.currency.clone();
    let line = dispute.line.clone().map(|l| {
        let label = l
            .deal_name
            .clone()
            .unwrap_or_else(|| line_kind_label(&l.kind).to_owned());
        view! {
            <p class="comp-dispute-line">
                <span class="badge badge-neutral">{format!("Line {}", l.index + 1)}</span>
                <strong>{label}</strong>
                <span>{format!(" · {}", l.rule)}</span>
                <span class="comp-amount">{format!(" · {}", if currency.is_empty() { trim_decimal(&l.amount) } else { format_money(&l.amount, &currency) })}</span>
            </p>
        }
        .into_any()
    });
    let field = move |name: &str| format!("{name}-{id}");
    let (body_id, resolution_id, adjustment_id) =
        (field("reply"), field("resolution"), field("adjustment"));
    let settle_form = (!own).then(|| {
        let (csrf, id, version) = (csrf.clone(), dispute.id.clone(), dispute.version.to_string());
        view! {
            <ActionForm action=settle node_ref=settle_form_ref attr:class="form comp-settle" attr:data-testid="resolve-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="dispute_id" value=id/>
                <input type="hidden" name="version" value=version/>
                <fieldset class="comp-choice">
                    <legend>"Outcome"</legend>
                    <label><input type="radio" name="status" value="resolved" checked=true/>" Resolve"</label>
                    <label><input type="radio" name="status" value="rejected"/>" Reject"</label>
                </fieldset>
                <div class="form-grid form-grid-wide">
                    <div class="field">
                        <label for=resolution_id.clone()>"Resolution"</label>
                        <input id=resolution_id name="resolution" placeholder="Agreed: the deal was 55,000" aria-describedby="resolution-error"/>
                        <FieldError problem=settle_problem field="resolution"/>
                    </div>
                    <div class="field">
                        <label for=adjustment_id.clone()>"Adjustment (optional)"</label>
                        <input id=adjustment_id name="adjustment" inputmode="decimal" placeholder="500" aria-describedby="adjustment-error"/>
                        <FieldError problem=settle_problem field="adjustment"/>
                    </div>
                </div>
                <FormError problem=settle_problem fields=&["resolution", "adjustment"]/>
                <div class="form-actions"><button class="btn btn-primary btn-small" type="submit" data-testid="resolve-dispute">"Close the dispute"</button></div>
            </ActionForm>
        }.into_any()
    });
    view! {
        <article class="comp-dispute" data-testid=format!("dispute-{}", dispute.person_name)>
            <header class="comp-dispute-head">
                <div>
                    <strong>{dispute.person_name.clone()}</strong>
                    <span class="muted">{format!(" · {} · opened {}", period_label(&dispute.period), dispute.opened)}</span>
                </div>
                <a class="btn btn-secondary btn-small" href=format!("{}#statement", href(&dispute.period, &dispute.person_id))>"Statement"</a>
            </header>
            {line}
            <ol class="comp-thread" aria-label="Thread">
                {dispute.messages.iter().map(|m| view! {
                    <li>
                        <p class="comp-thread-meta"><strong>{m.author.clone()}</strong><span class="muted small">{format!(" · {}", m.at)}</span></p>
                        <p>{m.body.clone()}</p>
                    </li>
                }.into_any()).collect_view()}
            </ol>
            <div class="comp-dispute-forms">
                <ActionForm action=reply node_ref=reply_form attr:class="form comp-reply" attr:data-testid="reply-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="dispute_id" value=dispute_id/>
                    <div class="field">
                        <label for=body_id.clone()>"Reply"</label>
                        <textarea id=body_id name="body" rows="2" aria-describedby="body-error"></textarea>
                        <FieldError problem=reply_problem field="body"/>
                    </div>
                    <FormError problem=reply_problem fields=&["body"]/>
                    <div class="form-actions"><button class="btn btn-secondary btn-small" type="submit">"Send reply"</button></div>
                </ActionForm>
                {settle_form}
            </div>
        </article>
    }
    .into_any()
}
