//! `/app/accounts`: the companies you sell to, best fit against the ideal
//! customer profile first, with filters; adding and editing accounts; and,
//! for owners and admins, the ICP editor (weighted criteria).

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::SessionInfo,
    pages::sales_ui::{
        edits_deals, failed, Editor, Empty, Feedback, LoadError, NoSalesAccess, PageLinks,
        ScoreBar, Toast,
    },
    problem::Problem,
    sales_api::{load_accounts, CreateAccount, ReplaceIcp, UpdateAccount},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const PATH: &str = "/app/accounts";
/// Blank rows the ICP editor offers below the existing criteria.
const BLANK_CRITERIA: usize = 3;

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateAccount>,
    update: ServerAction<UpdateAccount>,
    icp: ServerAction<ReplaceIcp>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    q: String,
    industry: String,
    segment: String,
    min_score: String,
    sort: String,
    page: i64,
}

impl Filters {
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("industry", self.industry.clone()),
            ("segment", self.segment.clone()),
            ("min_score", self.min_score.clone()),
            ("sort", self.sort.clone()),
        ]
    }

    fn any(&self) -> bool {
        self.params().iter().any(|(_, v)| !v.is_empty())
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        icp: ServerAction::new(),
    };
    feedback.watch(actions.create, |_| {
        "Account added and scored against your ICP.".to_owned()
    });
    feedback.watch(actions.update, |_| "Account saved and rescored.".to_owned());
    feedback.watch(actions.icp, |rescored: &usize| {
        format!("Ideal customer profile saved; {rescored} accounts rescored.")
    });
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        Filters {
            q: get("q"),
            industry: get("industry"),
            segment: get("segment"),
            min_score: get("min_score"),
            sort: get("sort"),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    });
    let accounts = Resource::new(
        move || (filters.get(), feedback.refresh.get()),
        |(f, _)| load_accounts(f.q, f.industry, f.segment, f.min_score, f.sort, f.page),
    );
    view! {
        <Title text="Accounts · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let accounts = accounts.await;
                let filters = filters.get_untracked();
                view! { <Accounts info accounts filters actions/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Accounts(
    info: SessionInfo,
    accounts: Result<AccountsView, Problem>,
    filters: Filters,
    actions: Actions,
) -> impl IntoView {
    let data = match accounts {
        Ok(data) => data,
        Err(problem) => {
            return view! {
                <div class="page-header"><div><h1>"Accounts"</h1></div></div>
                <LoadError problem/>
            }
            .into_any()
        }
    };
    let may_edit = edits_deals(&info);
    let csrf = info.csrf_token.clone();
    let add = may_edit.then(|| {
        let (csrf, data) = (csrf.clone(), data.clone());
        view! {
            <Editor label="Add account" title="Add an account" class="btn btn-primary" testid="add-account" open_when=failed(last_problem(actions.create.value()))>
                <AccountForm csrf data account=None actions/>
            </Editor>
        }
    });
    let last = data.page.last_page();
    let f = filters.clone();
    let filtered = f.any();
    view! {
        <div class="page-header">
            <div>
                <h1>"Accounts"</h1>
                <p class="muted">"Best fit first: each account is scored 0–100 against your ideal customer profile, so reps work the best prospects."</p>
            </div>
            <div class="page-actions">{add}</div>
        </div>
        <Icp info=info.clone() data=data.clone() actions/>
        <Form method="get" action=PATH attr:class="filters filters-fill">
            <label class="sr-only" for="accounts-q">"Search accounts"</label>
            <input id="accounts-q" type="search" name="q" placeholder="Search accounts" value=f.q.clone()/>
            <label class="sr-only" for="accounts-industry">"Industry"</label>
            <input id="accounts-industry" name="industry" placeholder="Industry" list="industries" value=f.industry.clone()/>
            <label class="sr-only" for="accounts-segment">"Segment"</label>
            <select id="accounts-segment" name="segment">
                <option value="">"All segments"</option>
                {SEGMENTS.iter().map(|(key, label)| view! { <option value=*key selected=*key == f.segment>{*label}</option> }).collect_view()}
            </select>
            <label class="sr-only" for="accounts-fit">"Minimum fit"</label>
            <select id="accounts-fit" name="min_score">
                {[("", "Any fit"), ("40", "Fit 40+"), ("70", "Fit 70+"), ("90", "Fit 90+")].into_iter().map(|(value, label)| view! {
                    <option value=value selected=value == f.min_score>{label}</option>
                }).collect_view()}
            </select>
            <label class="sr-only" for="accounts-sort">"Sort"</label>
            <select id="accounts-sort" name="sort">
                {[("fit", "Best fit first"), ("name", "By name"), ("newest", "Newest first")].into_iter().map(|(value, label)| view! {
                    <option value=value selected=value == f.sort || (f.sort.is_empty() && value == "fit")>{label}</option>
                }).collect_view()}
            </select>
            <button class="btn btn-secondary btn-small" type="submit">"Apply"</button>
            {filtered.then(|| view! { <a class="btn-link" href=PATH>"Clear filters"</a> })}
        </Form>
        <datalist id="industries">
            {data.industries.iter().map(|i| view! { <option value=i.clone()></option> }).collect_view()}
        </datalist>
        {if data.page.items.is_empty() {
            view! {
                <Empty title="No accounts here" text=if filtered { "No account matches these filters." } else { "Add the companies you sell to; each is scored against your ideal customer profile." }/>
            }.into_any()
        } else {
            let d = data.clone();
            let (page, total) = (data.page.page, data.page.total);
            view! {
                <div class="table-wrap sales-wrap">
                    <table class="table" data-testid="account-table">
                        <thead><tr>
                            <th>"Account"</th><th>"Industry"</th><th>"Segment"</th><th class="num">"Employees"</th><th>"Region"</th><th>"Owner"</th><th>"ICP fit"</th>
                            {may_edit.then(|| view! { <th><span class="sr-only">"Actions"</span></th> })}
                        </tr></thead>
                        <tbody>
                            {data.page.items.into_iter().map(|account| {
                                let editor = may_edit.then(|| {
                                    let (a, csrf, d) = (account.clone(), csrf.clone(), d.clone());
                                    view! {
                                        <td>
                                            <Editor label="Edit" title=format!("Edit {}", a.name) testid=format!("edit-{}", a.name)>
                                                <AccountForm csrf data=d account=Some(a.clone()) actions/>
                                            </Editor>
                                        </td>
                                    }
                                    .into_any()
                                });
                                view! {
                                    <tr data-testid=format!("account-{}", account.name)>
                                        <td><strong>{account.name.clone()}</strong></td>
                                        <td>{if account.industry.is_empty() { "—".to_owned() } else { account.industry.clone() }}</td>
                                        <td class="nowrap">{segment_label(&account.segment).to_owned()}</td>
                                        <td class="num">{account.employees.map(|e| group_digits(e.into())).unwrap_or_else(|| "—".into())}</td>
                                        <td>{account.region.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td class="nowrap">{account.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td><ScoreBar score=account.score/></td>
                                        {editor}
                                    </tr>
                                }
                                .into_any()
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <PageLinks path=PATH params=filters.params() page=page total=total last_page=last noun="accounts"/>
            }.into_any()
        }}
    }
    .into_any()
}

/// The profile as chips; owners and admins edit it.
#[component]
fn Icp(info: SessionInfo, data: AccountsView, actions: Actions) -> impl IntoView {
    let total: i32 = data.criteria.iter().map(|c| c.weight).sum();
    let editor = info.is_admin().then(|| {
        let (csrf, form_data) = (info.csrf_token.clone(), data.clone());
        view! {
            <Editor label=if data.criteria.is_empty() { "Define profile" } else { "Edit profile" } title="Ideal customer profile" testid="edit-icp" open_when=failed(last_problem(actions.icp.value()))>
                <IcpForm csrf data=form_data actions/>
            </Editor>
        }
    });
    view! {
        <section class="card icp-card" data-testid="icp">
            <div class="card-header">
                <div>
                    <h2>"Ideal customer profile"</h2>
                    <p class="muted small">"An account's fit is the weight of the criteria it meets over the total weight (per attribute, the best match counts)."</p>
                </div>
                {editor}
            </div>
            {if data.criteria.is_empty() {
                view! { <p class="muted">"No criteria yet: every account scores 0 until the profile is defined."</p> }.into_any()
            } else {
                view! {
                    <ul class="chips">
                        {data.criteria.iter().map(|c| view! {
                            <li class="chip">
                                <span class="chip-label">{icp_attribute_label(&c.attribute).to_owned()}</span>
                                <strong>{c.shown.clone()}</strong>
                                <span class="chip-weight">{format!("weight {}", c.weight)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="muted small">{format!("{} criteria · total weight {total}", data.criteria.len())}</p>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn IcpForm(csrf: String, data: AccountsView, actions: Actions) -> impl IntoView {
    let problem = last_problem(actions.icp.value());
    let rows: Vec<CriterionView> = data
        .criteria
        .iter()
        .cloned()
        .chain((0..BLANK_CRITERIA).map(|_| CriterionView {
            attribute: "industry".into(),
            value: String::new(),
            shown: String::new(),
            weight: 10,
        }))
        .collect();
    view! {
        <ActionForm action=actions.icp attr:class="form" attr:data-testid="icp-form">
            <input type="hidden" name="csrf" value=csrf/>
            <p class="hint">"Industry: a name such as Software. Segment: smb, mid_market or enterprise. Region: pick from the suggestions. Employees: a whole number. Weights 1–100. Rows without a value are dropped."</p>
            <datalist id="icp-values">
                {data.industries.iter().map(|i| view! { <option value=i.clone()></option> }).collect_view()}
                {SEGMENTS.iter().map(|(key, label)| view! { <option value=*key label=format!("Segment: {label}")></option> }).collect_view()}
                {data.regions.iter().map(|(id, name)| view! { <option value=id.clone() label=format!("Region: {name}")></option> }).collect_view()}
            </datalist>
            <div class="rows">
                {rows.into_iter().enumerate().map(|(i, row)| view! {
                    <div class="form-grid form-grid-icp">
                        <div class="field">
                            <label for=format!("icp-attribute-{i}")>"Attribute"</label>
                            <select id=format!("icp-attribute-{i}") name=format!("criteria[{i}][attribute]")>
                                {ICP_ATTRIBUTES.iter().map(|(key, label)| view! { <option value=*key selected=*key == row.attribute>{*label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("icp-value-{i}")>"Value"</label>
                            <input id=format!("icp-value-{i}") name=format!("criteria[{i}][value]") list="icp-values" value=row.value.clone()/>
                        </div>
                        <div class="field">
                            <label for=format!("icp-weight-{i}")>"Weight"</label>
                            <input id=format!("icp-weight-{i}") name=format!("criteria[{i}][weight]") type="number" min="1" max="100" value=row.weight.to_string()/>
                        </div>
                    </div>
                }).collect_view()}
            </div>
            <FieldError problem field="attribute"/>
            <FieldError problem field="value"/>
            <FieldError problem field="weight"/>
            <FieldError problem field="criteria"/>
            <FormError problem fields=&["attribute", "value", "weight", "criteria"]/>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"Save profile and rescore"</button></div>
        </ActionForm>
    }
    .into_any()
}

/// The add form (`account` None) or the edit form of one account.
#[component]
fn AccountForm(
    csrf: String,
    account: Option<AccountRow>,
    data: AccountsView,
    actions: Actions,
) -> impl IntoView {
    let a = account.clone().unwrap_or(AccountRow {
        id: String::new(),
        name: String::new(),
        industry: String::new(),
        employees: None,
        segment: String::new(),
        region_id: None,
        region: None,
        owner_id: None,
        owner: None,
        score: 0,
        version: 0,
    });
    let prefix = if account.is_some() {
        format!("account-{}", a.id)
    } else {
        "new-account".to_owned()
    };
    // Preselect "from headcount" when the segment is what the headcount gives.
    let derived = a.employees.is_none_or(|n| segment_for(n) == a.segment);
    let fields = move |problem: Signal<Option<Problem>>| {
        let id = |name: &str| format!("{prefix}-{name}");
        let region = a.region_id.clone().unwrap_or_default();
        let owner = a.owner_id.clone().unwrap_or_default();
        view! {
            <div class="field">
                <label for=id("name")>"Name"</label>
                <input id=id("name") name="name" value=a.name.clone() required=true autocomplete="off"/>
                <FieldError problem field="name"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for=id("industry")>"Industry"</label>
                    <input id=id("industry") name="industry" list="industries" value=a.industry.clone() placeholder="Software"/>
                    <FieldError problem field="industry"/>
                </div>
                <div class="field">
                    <label for=id("employees")>"Employees"</label>
                    <input id=id("employees") name="employees" inputmode="numeric" value=a.employees.map(|e| e.to_string()).unwrap_or_default()/>
                    <FieldError problem field="employees"/>
                </div>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for=id("segment")>"Segment"</label>
                    <select id=id("segment") name="segment">
                        <option value="" selected=derived>"From headcount"</option>
                        {SEGMENTS.iter().map(|(key, label)| view! { <option value=*key selected=!derived && *key == a.segment>{*label}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="segment"/>
                </div>
                <div class="field">
                    <label for=id("owner")>"Owner"</label>
                    <select id=id("owner") name="owner_id">
                        <option value="" selected=owner.is_empty()>"— none —"</option>
                        {data.people.iter().map(|(pid, name)| view! { <option value=pid.clone() selected=*pid == owner>{name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="owner_id"/>
                </div>
            </div>
            {(!data.regions.is_empty()).then(|| view! {
                <div class="field">
                    <label for=id("region")>"Region"</label>
                    <select id=id("region") name="region_id">
                        <option value="" selected=region.is_empty()>"— none —"</option>
                        {data.regions.iter().map(|(rid, name)| view! { <option value=rid.clone() selected=*rid == region>{name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="region_id"/>
                </div>
            })}
            <FormError problem fields=&["name", "industry", "employees", "segment", "owner_id", "region_id"]/>
        }
    };
    match account {
        None => {
            let problem = last_problem(actions.create.value());
            view! {
                <ActionForm action=actions.create attr:class="form" attr:data-testid="account-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Add account"</button></div>
                </ActionForm>
            }
            .into_any()
        }
        Some(account) => {
            let problem = last_problem(actions.update.value());
            view! {
                <ActionForm action=actions.update attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="account_id" value=account.id.clone()/>
                    <input type="hidden" name="version" value=account.version.to_string()/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save"</button></div>
                </ActionForm>
            }
            .into_any()
        }
    }
}

/// The segment a company of `employees` people falls in (as the API derives it).
fn segment_for(employees: i32) -> &'static str {
    match employees {
        ..=199 => "smb",
        200..=1999 => "mid_market",
        _ => "enterprise",
    }
}
