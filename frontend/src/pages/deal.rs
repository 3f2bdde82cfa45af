//! `/app/deals/:id`: one deal. Its fields, credit splits and product lines
//! (each editable), a stepper that moves it to another stage (closing it
//! lost asks why), and its milestones: every stage it reached, when and by
//! whom.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::{format_money, SessionInfo},
    pages::sales_ui::{
        edits_any_deal, edits_deals, failed, Editor, Feedback, LoadError, NoSalesAccess, Toast,
    },
    sales_api::{load_deal, MoveDeal, UpdateDeal, UpdateLines, UpdateSplits},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Blank rows offered below the existing ones in the split and line editors.
const BLANK_ROWS: usize = 2;

#[derive(Clone, Copy)]
struct Actions {
    moves: ServerAction<MoveDeal>,
    edit: ServerAction<UpdateDeal>,
    splits: ServerAction<UpdateSplits>,
    lines: ServerAction<UpdateLines>,
}

#[component]
pub fn DealPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let feedback = Feedback::new();
    let actions = Actions {
        moves: ServerAction::<MoveDeal>::new(),
        edit: ServerAction::<UpdateDeal>::new(),
        splits: ServerAction::<UpdateSplits>::new(),
        lines: ServerAction::<UpdateLines>::new(),
    };
    feedback.watch(actions.moves, |stage: &String| format!("Moved to {stage}."));
    feedback.watch(actions.edit, |_| "Deal saved.".to_owned());
    feedback.watch(actions.splits, |_| "Credit splits saved.".to_owned());
    feedback.watch(actions.lines, |_| {
        "Product lines saved; the amount is now their total.".to_owned()
    });
    let deal = Resource::new(
        move || (id.get(), feedback.refresh.get()),
        |(id, _)| load_deal(id),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                match deal.await {
                    Ok(deal) => view! { <Deal info deal actions/> }.into_any(),
                    Err(problem) => view! {
                        <Title text="Deal · Attain"/>
                        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/app/pipeline">"Pipeline"</a></nav>
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
fn Deal(info: SessionInfo, deal: DealDetail, actions: Actions) -> impl IntoView {
    let may_edit = edits_deals(&info);
    let move_problem = last_problem(actions.moves.value());
    let current = deal.stages.iter().find(|s| s.id == deal.stage_id).cloned();
    let stage_name = current
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "an inactive stage".into());
    let status_label = match deal.status.as_str() {
        "won" => "Won",
        "lost" => "Lost",
        _ => "Open",
    };
    let subtitle = format!(
        "{} · {} · owned by {}",
        deal.account.clone().unwrap_or_else(|| "No account".into()),
        deal_type_label(&deal.deal_type),
        deal.owner
    );
    view! {
        <Title text=format!("{} · Attain", deal.name)/>
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/app/pipeline">"Pipeline"</a>
            <span aria-hidden="true">"/"</span>
            <span>{deal.name.clone()}</span>
        </nav>
        <div class="page-header">
            <div>
                <h1 data-testid="deal-name">{deal.name.clone()}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <div class="deal-headline">
                <span class=status_badge(&deal.status) data-testid="deal-status">{status_label}</span>
                <span class="deal-amount" data-testid="deal-amount">{format_money(&deal.amount, &deal.currency)}</span>
            </div>
        </div>
        <FormError problem=move_problem fields=&["loss_reason"]/>
        <section class="card">
            <div class="card-header">
                <h2>"Stage"</h2>
                <span class="muted" data-testid="current-stage">{format!("{stage_name} · {} in this stage", days(deal.days_in_stage))}</span>
            </div>
            <Stepper deal=deal.clone() csrf=info.csrf_token.clone() may_edit actions/>
        </section>
        <div class="grid-2">
            <Details info=info.clone() deal=deal.clone() actions/>
            <section class="card">
                <div class="card-header"><h2>"Milestones"</h2><span class="muted">{format!("{} recorded", deal.milestones.len())}</span></div>
                <Timeline milestones=deal.milestones.clone()/>
            </section>
        </div>
        <div class="grid-2">
            <Splits deal=deal.clone() csrf=info.csrf_token.clone() may_edit actions/>
            <Lines deal csrf=info.csrf_token.clone() may_edit actions/>
        </div>
    }
    .into_any()
}

/// The open stages of the deal's pipeline in order, then the closing stages.
#[component]
fn Stepper(deal: DealDetail, csrf: String, may_edit: bool, actions: Actions) -> impl IntoView {
    let current = deal.stages.iter().find(|s| s.id == deal.stage_id).cloned();
    let pipeline = match &current {
        Some(stage) if stage.kind == "open" => stage.pipeline.clone(),
        _ if deal.deal_type != "new_business"
            && deal
                .stages
                .iter()
                .any(|s| s.pipeline == "retention" && s.kind == "open") =>
        {
            "retention".to_owned()
        }
        _ => "new_business".to_owned(),
    };
    let current_position = current.as_ref().map(|s| s.position).unwrap_or(0);
    let closed = current.as_ref().is_some_and(|s| s.kind != "open");
    let won = current.as_ref().is_some_and(|s| s.kind == "won");
    let open: Vec<StageRow> = deal
        .stages
        .iter()
        .filter(|s| s.kind == "open" && s.pipeline == pipeline)
        .cloned()
        .collect();
    let closing: Vec<StageRow> = deal
        .stages
        .iter()
        .filter(|s| s.kind != "open")
        .cloned()
        .collect();
    let problem = last_problem(actions.moves.value());
    let hidden = |stage: &StageRow| {
        view! {
            <input type="hidden" name="csrf" value=csrf.clone()/>
            <input type="hidden" name="deal_id" value=deal.id.clone()/>
            <input type="hidden" name="version" value=deal.version.to_string()/>
            <input type="hidden" name="stage_id" value=stage.id.clone()/>
        }
    };
    let step = |stage: StageRow| {
        let is_current = stage.id == deal.stage_id;
        let state = if is_current {
            "step step-current"
        } else if won || (!closed && stage.position < current_position) {
            "step step-done"
        } else {
            "step"
        };
        let label = view! {
            <span class="step-dot" aria-hidden="true"></span>
            <span class="step-name">{stage.name.clone()}</span>
            <span class="step-prob">{format!("{}%", stage.probability)}</span>
        };
        let body = if is_current || !may_edit {
            view! { <span class="step-label">{label}</span> }.into_any()
        } else {
            let fields = hidden(&stage);
            let (testid, title) = (
                format!("move-{}", stage.key),
                format!("Move to {}", stage.name),
            );
            view! {
                <ActionForm action=actions.moves attr:class="step-form">
                    {fields}
                    <button type="submit" class="step-label step-button" data-testid=testid title=title>{label}</button>
                </ActionForm>
            }
            .into_any()
        };
        view! {
            <li class=state data-testid=format!("step-{}", stage.key) aria-current=is_current.then_some("step")>{body}</li>
        }
    };
    let close = closing.into_iter().map(|stage| {
        let is_current = stage.id == deal.stage_id;
        if is_current {
            let text = match (stage.kind.as_str(), &deal.loss_reason, &deal.closed_date) {
                ("lost", Some(reason), _) => format!("{}: {reason}", stage.name),
                (_, _, Some(date)) => format!("{} on {date}", stage.name),
                _ => stage.name.clone(),
            };
            return view! {
                <span class=format!("{} closed-state", status_badge(&stage.kind)) data-testid=format!("step-{}", stage.key) aria-current="step">{text}</span>
            }
            .into_any();
        }
        if !may_edit {
            return ().into_any();
        }
        let fields = hidden(&stage);
        let testid = format!("move-{}", stage.key);
        if stage.kind == "lost" {
            let reason_id = format!("loss-reason-{}", stage.key);
            let confirm = format!("Move to {}", stage.name);
            view! {
                <Editor label=format!("Mark {}…", stage.name.to_lowercase()) title="Why was this deal lost?" class="btn btn-secondary" testid open_when=Signal::derive(move || problem.get().is_some_and(|p| p.field.as_deref() == Some("loss_reason")))>
                    <ActionForm action=actions.moves attr:class="form">
                        {fields}
                        <div class="field">
                            <label for=reason_id.clone()>"Loss reason"</label>
                            <textarea id=reason_id name="loss_reason" required=true maxlength="300" data-testid="loss-reason" placeholder="Chose a competitor on price; no budget this year…"></textarea>
                            <p class="hint">"Coaching and the win-rate reports learn from it."</p>
                            <FieldError problem field="loss_reason"/>
                        </div>
                        <div class="form-actions"><button class="btn btn-danger" type="submit" data-testid="confirm-lost">{confirm}</button></div>
                    </ActionForm>
                </Editor>
            }
            .into_any()
        } else {
            let label = format!("Mark {}", stage.name.to_lowercase());
            view! {
                <ActionForm action=actions.moves attr:class="inline">
                    {fields}
                    <button type="submit" class="btn btn-primary" data-testid=testid>{label}</button>
                </ActionForm>
            }
            .into_any()
        }
    }).collect_view();
    view! {
        <ol class=if closed { "stepper stepper-closed" } else { "stepper" } data-testid="stage-stepper">
            {open.into_iter().map(step).collect_view()}
        </ol>
        <div class="stepper-close">
            <span class="muted">{if closed { "Outcome:" } else { "Close the deal:" }}</span>
            {close}
        </div>
    }
    .into_any()
}

#[component]
fn Details(info: SessionInfo, deal: DealDetail, actions: Actions) -> impl IntoView {
    let problem = last_problem(actions.edit.value());
    let has_lines = !deal.lines.is_empty();
    let any_owner = edits_any_deal(&info);
    let row =
        |term: &'static str, value: String| view! { <div><dt>{term}</dt><dd>{value}</dd></div> };
    let editor = edits_deals(&info).then(|| {
        let d = deal.clone();
        let csrf = info.csrf_token.clone();
        view! {
            <Editor label="Edit details" title="Deal details" testid="edit-deal" open_when=failed(problem)>
                <ActionForm action=actions.edit attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="deal_id" value=d.id.clone()/>
                    <input type="hidden" name="version" value=d.version.to_string()/>
                    <div class="field">
                        <label for="edit-name">"Name"</label>
                        <input id="edit-name" name="name" value=d.name.clone() required=true/>
                        <FieldError problem field="name"/>
                    </div>
                    {if has_lines {
                        view! { <p class="hint">{format!("The amount ({}) is the total of the product lines; change the lines to change it.", format_money(&d.amount, &d.currency))}</p> }.into_any()
                    } else {
                        view! {
                            <div class="form-grid">
                                <div class="field">
                                    <label for="edit-amount">"Amount"</label>
                                    <input id="edit-amount" name="amount" inputmode="decimal" value=d.amount.clone() required=true/>
                                    <FieldError problem field="amount"/>
                                </div>
                                <div class="field">
                                    <label for="edit-currency">"Currency"</label>
                                    <input id="edit-currency" name="currency" value=d.currency.clone() maxlength="3" required=true/>
                                    <FieldError problem field="currency"/>
                                </div>
                            </div>
                        }.into_any()
                    }}
                    <div class="form-grid">
                        <div class="field">
                            <label for="edit-type">"Type"</label>
                            <select id="edit-type" name="deal_type">
                                {DEAL_TYPES.iter().map(|(key, label)| view! { <option value=*key selected=*key == d.deal_type>{*label}</option> }).collect_view()}
                            </select>
                            <FieldError problem field="deal_type"/>
                        </div>
                        <div class="field">
                            <label for="edit-close">"Expected close"</label>
                            <input id="edit-close" name="expected_close_date" type="date" value=d.expected_close.clone().unwrap_or_default()/>
                            <FieldError problem field="expected_close_date"/>
                        </div>
                    </div>
                    <div class="field">
                        <label for="edit-account">"Account"</label>
                        <select id="edit-account" name="account_id">
                            {d.account_id.is_none().then(|| view! { <option value="" selected=true>"— none —"</option> })}
                            {d.account_id.clone().filter(|a| !d.accounts.iter().any(|(id, _)| id == a)).map(|a| view! {
                                <option value=a selected=true>{d.account.clone().unwrap_or_default()}</option>
                            })}
                            {d.accounts.iter().map(|(id, name)| view! {
                                <option value=id.clone() selected=d.account_id.as_deref() == Some(id.as_str())>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <FieldError problem field="account_id"/>
                    </div>
                    {any_owner.then(|| view! {
                        <div class="field">
                            <label for="edit-owner">"Owner"</label>
                            <select id="edit-owner" name="owner_id">
                                {d.people.iter().map(|(id, name)| view! {
                                    <option value=id.clone() selected=*id == d.owner_id>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <FieldError problem field="owner_id"/>
                        </div>
                    })}
                    <FormError problem fields=&["name", "amount", "currency", "deal_type", "expected_close_date", "account_id", "owner_id"]/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save"</button></div>
                </ActionForm>
            </Editor>
        }
    });
    view! {
        <section class="card">
            <div class="card-header"><h2>"Details"</h2>{editor}</div>
            <dl class="facts">
                {row("Amount", format_money(&deal.amount, &deal.currency))}
                {row("Type", deal_type_label(&deal.deal_type).to_owned())}
                {row("Owner", deal.owner.clone())}
                {row("Account", deal.account.clone().unwrap_or_else(|| "—".into()))}
                {row("Expected close", deal.expected_close.clone().unwrap_or_else(|| "—".into()))}
                {deal.closed_date.clone().map(|d| row("Closed", d))}
                {deal.loss_reason.clone().map(|r| row("Loss reason", r))}
                {row("Created", deal.created.clone())}
            </dl>
        </section>
    }
    .into_any()
}

#[component]
fn Timeline(milestones: Vec<MilestoneRow>) -> impl IntoView {
    if milestones.is_empty() {
        return view! { <p class="muted">"No stage changes recorded yet."</p> }.into_any();
    }
    view! {
        <ol class="timeline" data-testid="milestones">
            {milestones.into_iter().map(|m| {
                let title = match &m.from {
                    Some(from) => format!("{from} → {}", m.to),
                    None => format!("Created in {}", m.to),
                };
                let mut meta = format!("{} · by {}", m.at, m.by);
                if let (Some(after), Some(from)) = (&m.after, &m.from) {
                    meta.push_str(&format!(" · {after} in {from}"));
                }
                if m.source != "app" {
                    meta.push_str(&format!(" · via {}", m.source));
                }
                view! {
                    <li class=format!("timeline-item timeline-{}", m.to_kind) data-testid="milestone">
                        <span class="timeline-dot" aria-hidden="true"></span>
                        <div class="timeline-body">
                            <p class="timeline-title">{title}</p>
                            <p class="timeline-meta">{meta}</p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Splits(deal: DealDetail, csrf: String, may_edit: bool, actions: Actions) -> impl IntoView {
    let problem = last_problem(actions.splits.value());
    let editor = may_edit.then(|| {
        let rows: Vec<SplitRow> = deal
            .splits
            .iter()
            .cloned()
            .chain((0..BLANK_ROWS).map(|_| SplitRow {
                person_id: String::new(),
                person: String::new(),
                share: String::new(),
            }))
            .collect();
        let people = deal.people.clone();
        let (deal_id, version) = (deal.id.clone(), deal.version.to_string());
        view! {
            <Editor label="Edit splits" title="Credit splits" testid="edit-splits" open_when=failed(problem)>
                <ActionForm action=actions.splits attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="deal_id" value=deal_id/>
                    <input type="hidden" name="version" value=version/>
                    <p class="hint">"Shares are percentages and must total 100. Clear every row to credit the owner alone."</p>
                    <div class="rows">
                        {rows.into_iter().enumerate().map(|(i, row)| view! {
                            <div class="form-grid form-grid-wide">
                                <div class="field">
                                    <label for=format!("split-person-{i}")>"Person"</label>
                                    <select id=format!("split-person-{i}") name=format!("splits[{i}][person_id]")>
                                        <option value="">"— none —"</option>
                                        {people.iter().map(|(id, name)| view! {
                                            <option value=id.clone() selected=*id == row.person_id>{name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=format!("split-share-{i}")>"Share %"</label>
                                    <input id=format!("split-share-{i}") name=format!("splits[{i}][share]") inputmode="decimal" value=row.share.clone()/>
                                </div>
                            </div>
                        }).collect_view()}
                    </div>
                    <FieldError problem field="splits"/>
                    <FormError problem fields=&["splits"]/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save splits"</button></div>
                </ActionForm>
            </Editor>
        }
    });
    view! {
        <section class="card">
            <div class="card-header"><h2>"Credit splits"</h2>{editor}</div>
            {if deal.splits.is_empty() {
                view! { <p class="muted">{format!("No splits: {} receives all the credit.", deal.owner)}</p> }.into_any()
            } else {
                view! {
                    <table class="table table-compact">
                        <thead><tr><th>"Person"</th><th class="num">"Share"</th></tr></thead>
                        <tbody>
                            {deal.splits.iter().map(|s| view! {
                                <tr><td>{s.person.clone()}</td><td class="num">{format!("{}%", s.share)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Lines(deal: DealDetail, csrf: String, may_edit: bool, actions: Actions) -> impl IntoView {
    let problem = last_problem(actions.lines.value());
    let currency = deal.currency.clone();
    let editor = may_edit.then(|| {
        let rows: Vec<(String, String, String)> = deal
            .lines
            .iter()
            .map(|l| (l.product_id.clone(), l.quantity.clone(), l.unit_price.clone()))
            .chain((0..BLANK_ROWS).map(|_| Default::default()))
            .collect();
        let products = deal.products.clone();
        let (deal_id, version) = (deal.id.clone(), deal.version.to_string());
        let hint = format!("Products priced in {}. Leave the unit price empty to use the list price; the deal's amount becomes the lines' total.", deal.currency);
        view! {
            <Editor label="Edit lines" title="Product lines" testid="edit-lines" open_when=failed(problem)>
                <ActionForm action=actions.lines attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="deal_id" value=deal_id/>
                    <input type="hidden" name="version" value=version/>
                    <p class="hint">{hint}</p>
                    <div class="rows">
                        {rows.into_iter().enumerate().map(|(i, (product, quantity, price))| view! {
                            <div class="form-grid form-grid-lines">
                                <div class="field">
                                    <label for=format!("line-product-{i}")>"Product"</label>
                                    <select id=format!("line-product-{i}") name=format!("lines[{i}][product_id]")>
                                        <option value="">"— none —"</option>
                                        {products.iter().map(|p| view! {
                                            <option value=p.id.clone() selected=p.id == product>{format!("{} · {}", p.name, format_money(&p.list_price, &p.currency))}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=format!("line-quantity-{i}")>"Quantity"</label>
                                    <input id=format!("line-quantity-{i}") name=format!("lines[{i}][quantity]") inputmode="decimal" value=quantity placeholder="1"/>
                                </div>
                                <div class="field">
                                    <label for=format!("line-price-{i}")>"Unit price"</label>
                                    <input id=format!("line-price-{i}") name=format!("lines[{i}][unit_price]") inputmode="decimal" value=price placeholder="List price"/>
                                </div>
                            </div>
                        }).collect_view()}
                    </div>
                    <FieldError problem field="lines"/>
                    <FieldError problem field="amount"/>
                    <FormError problem fields=&["lines", "amount"]/>
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save lines"</button></div>
                </ActionForm>
            </Editor>
        }
    });
    view! {
        <section class="card">
            <div class="card-header"><h2>"Product lines"</h2>{editor}</div>
            {if deal.lines.is_empty() {
                view! { <p class="muted">"No product lines: the amount was entered directly."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table table-compact">
                            <thead><tr><th>"Product"</th><th class="num">"Qty"</th><th class="num">"Unit price"</th><th class="num">"Total"</th></tr></thead>
                            <tbody>
                                {deal.lines.iter().map(|l| view! {
                                    <tr>
                                        <td class="line-product"><span>{l.product.clone()}</span><span class=priority_badge(&l.priority)>{priority_label(&l.priority).to_owned()}</span></td>
                                        <td class="num">{l.quantity.clone()}</td>
                                        <td class="num">{format_money(&l.unit_price, &currency)}</td>
                                        <td class="num">{format_money(&l.total, &currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr><th colspan="3">"Deal amount"</th><th class="num">{format_money(&deal.amount, &deal.currency)}</th></tr></tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
