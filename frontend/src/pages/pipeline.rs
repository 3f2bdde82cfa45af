//! `/app/pipeline`: the new-business pipeline as a board (a column per open
//! stage, the largest deals first) or as a filtered, sorted, paginated list;
//! and a new deal.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::{format_money, SessionInfo},
    pages::sales_ui::{
        edits_any_deal, edits_deals, failed, Editor, Feedback, LoadError, NoSalesAccess, PageLinks,
        Toast,
    },
    problem::Problem,
    sales_api::{load_pipeline, CreateDeal},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const PATH: &str = "/app/pipeline";

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    list: bool,
    stage: String,
    owner: String,
    deal_type: String,
    q: String,
    sort: String,
    page: i64,
}

impl Filters {
    /// The query of this view with `list` as given (page left out).
    fn params(&self, list: bool) -> Vec<(&'static str, String)> {
        let mut params = vec![
            (
                "view",
                if list {
                    "list".to_owned()
                } else {
                    String::new()
                },
            ),
            ("q", self.q.clone()),
            ("owner", self.owner.clone()),
            ("type", self.deal_type.clone()),
        ];
        if list {
            params.push(("stage", self.stage.clone()));
            params.push(("sort", self.sort.clone()));
        }
        params
    }

    fn href(&self, list: bool) -> String {
        let params = self.params(list);
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("{PATH}{}", query_string(&pairs))
    }

    fn any(&self) -> bool {
        !(self.q.is_empty()
            && self.owner.is_empty()
            && self.deal_type.is_empty()
            && self.stage.is_empty()
            && self.sort.is_empty())
    }
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let session = use_session();
    let create = ServerAction::<CreateDeal>::new();
    let feedback = Feedback::new();
    feedback.watch(create, |_| "Deal created.".to_owned());
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        Filters {
            list: get("view") == "list",
            stage: get("stage"),
            owner: get("owner"),
            deal_type: get("type"),
            q: get("q"),
            sort: get("sort"),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    });
    let data = Resource::new(
        move || (filters.get(), feedback.refresh.get()),
        |(f, _)| {
            load_pipeline(
                if f.list {
                    "list".into()
                } else {
                    "board".into()
                },
                f.stage,
                f.owner,
                f.deal_type,
                f.q,
                f.sort,
                f.page,
            )
        },
    );
    view! {
        <Title text="Pipeline · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let data = data.await;
                let filters = filters.get_untracked();
                view! { <Pipeline info data filters create/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Pipeline(
    info: SessionInfo,
    data: Result<PipelineView, Problem>,
    filters: Filters,
    create: ServerAction<CreateDeal>,
) -> impl IntoView {
    let data = match data {
        Ok(data) => data,
        Err(problem) => {
            return view! {
                <div class="page-header"><div><h1>"Pipeline"</h1></div></div>
                <LoadError problem/>
            }
            .into_any()
        }
    };
    let subtitle = match &data.list {
        Some(page) => format!("{} deals match", page.total),
        None => {
            let open: i64 = data.columns.iter().map(|c| c.total).sum();
            format!(
                "{open} open new-business deals across {} stages",
                data.columns.len()
            )
        }
    };
    let (board_href, list_href) = (filters.href(false), filters.href(true));
    let is_list = filters.list;
    let new_deal = edits_deals(&info).then(|| {
        let (info, data) = (info.clone(), data.clone());
        view! {
            <Editor label="New deal" title="New deal" class="btn btn-primary" testid="new-deal" open_when=failed(last_problem(create.value()))>
                <NewDeal info data create/>
            </Editor>
        }
    });
    view! {
        <div class="page-header">
            <div>
                <h1>"Pipeline"</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <div class="page-actions">
                <nav class="segmented" aria-label="View">
                    <a href=board_href aria-current=(!is_list).then_some("page") data-testid="view-board">"Board"</a>
                    <a href=list_href aria-current=is_list.then_some("page") data-testid="view-list">"List"</a>
                </nav>
                {new_deal}
            </div>
        </div>
        <FilterBar filters=filters.clone() data=data.clone()/>
        {match data.list.clone() {
            Some(page) => view! { <DealList page filters/> }.into_any(),
            None => view! { <Board columns=data.columns.clone() filters/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn FilterBar(filters: Filters, data: PipelineView) -> impl IntoView {
    let list = filters.list;
    let clear = filters.any().then(|| {
        let href = if list {
            format!("{PATH}?view=list")
        } else {
            PATH.to_owned()
        };
        view! { <a class="btn-link" href=href>"Clear filters"</a> }
    });
    let f = filters.clone();
    view! {
        <Form method="get" action=PATH attr:class="filters filters-fill" attr:data-testid="deal-filters">
            {list.then(|| view! { <input type="hidden" name="view" value="list"/> })}
            <label class="sr-only" for="filter-q">"Search deals"</label>
            <input id="filter-q" type="search" name="q" placeholder="Search deals" value=f.q.clone()/>
            <label class="sr-only" for="filter-owner">"Owner"</label>
            <select id="filter-owner" name="owner">
                <option value="">"All owners"</option>
                {data.people.iter().map(|(id, name)| view! {
                    <option value=id.clone() selected=*id == f.owner>{name.clone()}</option>
                }).collect_view()}
            </select>
            <label class="sr-only" for="filter-type">"Deal type"</label>
            <select id="filter-type" name="type">
                <option value="">"All types"</option>
                {DEAL_TYPES.iter().map(|(key, label)| view! {
                    <option value=*key selected=*key == f.deal_type>{*label}</option>
                }).collect_view()}
            </select>
            {list.then(|| view! {
                <label class="sr-only" for="filter-stage">"Stage"</label>
                <select id="filter-stage" name="stage">
                    <option value="">"All stages"</option>
                    {data.stages.iter().map(|s| view! {
                        <option value=s.id.clone() selected=s.id == f.stage>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
                <label class="sr-only" for="filter-sort">"Sort"</label>
                <select id="filter-sort" name="sort">
                    {[("newest", "Newest first"), ("amount", "Largest first"), ("expected_close", "Closing soonest"), ("name", "By name")].into_iter().map(|(key, label)| view! {
                        <option value=key selected=key == f.sort.as_str() || (f.sort.is_empty() && key == "newest")>{label}</option>
                    }).collect_view()}
                </select>
            })}
            <button class="btn btn-secondary btn-small" type="submit">"Apply"</button>
            {clear}
        </Form>
    }
    .into_any()
}

#[component]
fn Board(columns: Vec<BoardColumn>, filters: Filters) -> impl IntoView {
    if columns.is_empty() {
        return view! {
            <div class="empty">
                <h3>"No open stages"</h3>
                <p>"Your new-business pipeline has no active open stage. Add one, or pick a sales model."</p>
                <a class="btn btn-secondary" href="/app/admin/stages">"Pipeline stages"</a>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="board" data-testid="pipeline-board">
            {columns.into_iter().map(|column| {
                let mut more = filters.clone();
                more.stage = column.stage.id.clone();
                view! { <Column column more_href=more.href(true)/> }
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn Column(column: BoardColumn, more_href: String) -> impl IntoView {
    let stage = column.stage;
    let sums = if column.sums.is_empty() {
        "No value yet".to_owned()
    } else {
        column
            .sums
            .iter()
            .map(|(currency, amount)| format_money(amount, currency))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let hidden = column.total - column.deals.len() as i64;
    let sums = if hidden > 0 && !column.sums.is_empty() {
        format!("{sums} in the {} shown", column.deals.len())
    } else {
        sums
    };
    view! {
        <section class="board-column" data-testid=format!("column-{}", stage.key) aria-label=stage.name.clone()>
            <header class="board-column-header">
                <h2 class="board-column-title">{stage.name.clone()}</h2>
                <span class="badge badge-neutral">{column.total.to_string()}</span>
            </header>
            <p class="board-column-meta">
                <span>{format!("{}% probability", stage.probability)}</span>
                <span class="board-column-sum">{sums}</span>
            </p>
            {if column.deals.is_empty() {
                view! { <p class="board-column-empty">"No deals in this stage"</p> }.into_any()
            } else {
                view! {
                    <ol class="deal-cards">
                        {column.deals.into_iter().map(|deal| view! { <DealCard deal/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(hidden > 0).then(|| view! {
                <a class="board-column-more" href=more_href>{format!("{hidden} more in the list")}</a>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn DealCard(deal: DealRow) -> impl IntoView {
    let stale = deal.days_in_stage > 30;
    view! {
        <li>
            <a class="deal-card" href=format!("/app/deals/{}", deal.id) data-testid="deal-card">
                <span class="deal-card-name">{deal.name.clone()}</span>
                {deal.account.clone().map(|a| view! { <span class="deal-card-account">{a}</span> })}
                <span class="deal-card-amount">{format_money(&deal.amount, &deal.currency)}</span>
                <span class="deal-card-meta">
                    <span class="deal-card-owner">{deal.owner.clone()}</span>
                    <span class=if stale { "deal-card-age stale" } else { "deal-card-age" }>{stage_age(deal.days_in_stage)}</span>
                </span>
            </a>
        </li>
    }
    .into_any()
}

#[component]
fn DealList(page: crate::model::Page<DealRow>, filters: Filters) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <div class="empty">
                <h3>"No deals match"</h3>
                <p>"Change or clear the filters, or create a deal."</p>
            </div>
        }
        .into_any();
    }
    let last = page.last_page();
    view! {
        <div class="table-wrap sales-wrap">
            <table class="table" data-testid="deal-list">
                <thead><tr>
                    <th>"Deal"</th><th>"Account"</th><th>"Stage"</th><th>"Owner"</th><th>"Type"</th>
                    <th class="num">"Amount"</th><th>"Close date"</th><th class="num">"In stage"</th>
                </tr></thead>
                <tbody>
                    {page.items.into_iter().map(|d| view! {
                        <tr>
                            <td><a href=format!("/app/deals/{}", d.id)>{d.name.clone()}</a></td>
                            <td>{d.account.clone().unwrap_or_else(|| "—".into())}</td>
                            <td class="nowrap"><span class=status_badge(&d.status)>{d.stage.clone()}</span></td>
                            <td class="nowrap">{d.owner.clone()}</td>
                            <td class="nowrap">{deal_type_label(&d.deal_type).to_owned()}</td>
                            <td class="num">{format_money(&d.amount, &d.currency)}</td>
                            <td class="nowrap">{d.expected_close.clone().unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{days(d.days_in_stage)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PageLinks path=PATH params=filters.params(true) page=page.page last_page=last total=page.total noun="deals"/>
    }
    .into_any()
}

#[component]
fn NewDeal(
    info: SessionInfo,
    data: PipelineView,
    create: ServerAction<CreateDeal>,
) -> impl IntoView {
    let problem = last_problem(create.value());
    let any_owner = edits_any_deal(&info);
    let me = data.me.clone().unwrap_or_default();
    // Open new-business stages first: where new deals usually start.
    let mut stages = data.stages.clone();
    stages.sort_by_key(|s| (s.kind != "open", s.pipeline != "new_business", s.position));
    view! {
        <ActionForm action=create attr:class="form" attr:data-testid="deal-form">
            <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
            <div class="field">
                <label for="deal-name">"Name"</label>
                <input id="deal-name" name="name" required=true placeholder="Northwind platform"/>
                <FieldError problem field="name"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="deal-amount">"Amount"</label>
                    <input id="deal-amount" name="amount" inputmode="decimal" required=true placeholder="48000.00"/>
                    <FieldError problem field="amount"/>
                </div>
                <div class="field">
                    <label for="deal-currency">"Currency"</label>
                    <input id="deal-currency" name="currency" value="USD" maxlength="3" required=true autocapitalize="characters"/>
                    <FieldError problem field="currency"/>
                </div>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="deal-stage">"Stage"</label>
                    <select id="deal-stage" name="stage_id">
                        {stages.iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="stage_id"/>
                </div>
                <div class="field">
                    <label for="deal-type">"Type"</label>
                    <select id="deal-type" name="deal_type">
                        {DEAL_TYPES.iter().map(|(key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="deal_type"/>
                </div>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="deal-close">"Expected close"</label>
                    <input id="deal-close" name="expected_close_date" type="date"/>
                    <FieldError problem field="expected_close_date"/>
                </div>
                <div class="field">
                    <label for="deal-account">"Account"</label>
                    <select id="deal-account" name="account_id">
                        <option value="">"— none —"</option>
                        {data.accounts.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="account_id"/>
                </div>
            </div>
            {if any_owner {
                view! {
                    <div class="field">
                        <label for="deal-owner">"Owner"</label>
                        <select id="deal-owner" name="owner_id">
                            {me.is_empty().then(|| view! { <option value="">"— choose —"</option> })}
                            {data.people.iter().map(|(id, name)| view! {
                                <option value=id.clone() selected=*id == me>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <FieldError problem field="owner_id"/>
                    </div>
                }.into_any()
            } else {
                view! { <input type="hidden" name="owner_id" value=""/> }.into_any()
            }}
            <FormError problem fields=&["name", "amount", "currency", "stage_id", "deal_type", "expected_close_date", "account_id", "owner_id"]/>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"Create deal"</button></div>
        </ActionForm>
    }
    .into_any()
}
