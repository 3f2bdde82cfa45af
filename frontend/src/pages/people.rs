//! `/app/people`: the sales organisation. Everyone who sells or manages,
//! with team, manager and sales role, whether or not they sign in. Everyone
//! with access to sales data sees it; owners and admins add and change people.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::SessionInfo,
    pages::sales_ui::{
        failed, Editor, Empty, Feedback, LoadError, NoSalesAccess, PageLinks, Toast,
    },
    problem::Problem,
    sales_api::{load_people, CreatePerson, SetPersonActive, UpdatePerson},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const PATH: &str = "/app/people";

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreatePerson>,
    update: ServerAction<UpdatePerson>,
    toggle: ServerAction<SetPersonActive>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    q: String,
    team: String,
    role: String,
    status: String,
    page: i64,
}

impl Filters {
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("team", self.team.clone()),
            ("role", self.role.clone()),
            ("status", self.status.clone()),
        ]
    }

    fn any(&self) -> bool {
        self.params().iter().any(|(_, v)| !v.is_empty())
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        toggle: ServerAction::new(),
    };
    feedback.watch(actions.create, |_| {
        "Person added to the organisation.".to_owned()
    });
    feedback.watch(actions.update, |_| "Person saved.".to_owned());
    feedback.watch(actions.toggle, |_| "Person status changed.".to_owned());
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        Filters {
            q: get("q"),
            team: get("team"),
            role: get("role"),
            status: get("status"),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    });
    let people = Resource::new(
        move || (filters.get(), feedback.refresh.get()),
        |(f, _)| load_people(f.q, f.team, f.role, f.status, f.page),
    );
    view! {
        <Title text="People · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let people = people.await;
                let filters = filters.get_untracked();
                view! { <People info people filters actions/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn People(
    info: SessionInfo,
    people: Result<PeopleView, Problem>,
    filters: Filters,
    actions: Actions,
) -> impl IntoView {
    let admin = info.is_admin();
    let csrf = info.csrf_token.clone();
    let data = match people {
        Ok(data) => data,
        Err(problem) => {
            return view! {
                <div class="page-header"><div><h1>"People"</h1></div></div>
                <LoadError problem/>
            }
            .into_any()
        }
    };
    let add = admin.then(|| {
        let (csrf, data) = (csrf.clone(), data.clone());
        view! {
            <Editor label="Add person" title="Add someone to the organisation" class="btn btn-primary" testid="add-person" open_when=failed(last_problem(actions.create.value()))>
                <PersonForm csrf data person=None actions/>
            </Editor>
        }
    });
    let toggle_problem = last_problem(actions.toggle.value());
    let last = data.page.last_page();
    let f = filters.clone();
    let filtered = f.any();
    let teams = data.teams.clone();
    view! {
        <div class="page-header">
            <div>
                <h1>"People"</h1>
                <p class="muted">"Your sales organisation: who sells, in which team, reporting to whom. Goals, plans and credit follow these lines."</p>
            </div>
            <div class="page-actions">
                {admin.then(|| view! { <a class="btn btn-secondary" href="/app/admin/teams">"Teams"</a> })}
                {add}
            </div>
        </div>
        <Form method="get" action=PATH attr:class="filters filters-fill">
            <label class="sr-only" for="people-q">"Search people"</label>
            <input id="people-q" type="search" name="q" placeholder="Name or email" value=f.q.clone()/>
            <label class="sr-only" for="people-team">"Team"</label>
            <select id="people-team" name="team">
                <option value="">"All teams"</option>
                {teams.iter().map(|(id, name)| view! { <option value=id.clone() selected=*id == f.team>{name.clone()}</option> }).collect_view()}
            </select>
            <label class="sr-only" for="people-role">"Sales role"</label>
            <select id="people-role" name="role">
                <option value="">"All roles"</option>
                {SALES_ROLES.iter().map(|(key, label)| view! { <option value=*key selected=*key == f.role>{*label}</option> }).collect_view()}
            </select>
            <label class="sr-only" for="people-status">"Status"</label>
            <select id="people-status" name="status">
                <option value="">"Active and inactive"</option>
                <option value="active" selected=f.status == "active">"Active"</option>
                <option value="inactive" selected=f.status == "inactive">"Inactive"</option>
            </select>
            <button class="btn btn-secondary btn-small" type="submit">"Apply"</button>
            {filtered.then(|| view! { <a class="btn-link" href=PATH>"Clear filters"</a> })}
        </Form>
        <FormError problem=toggle_problem/>
        {if data.page.items.is_empty() {
            view! {
                <Empty title="Nobody here" text=if filtered { "Nobody matches these filters." } else { "Add the people who sell and manage, or import them." }/>
            }.into_any()
        } else {
            let d = data.clone();
            let (page, total) = (data.page.page, data.page.total);
            view! {
                <div class="table-wrap sales-wrap">
                    <table class="table" data-testid="people-table">
                        <thead><tr>
                            <th>"Person"</th><th>"Team"</th><th>"Manager"</th><th>"Sales role"</th>
                            {admin.then(|| view! { <th><span class="sr-only">"Actions"</span></th> })}
                        </tr></thead>
                        <tbody>
                            {data.page.items.into_iter().map(|person| view! {
                                <PersonLine person csrf=csrf.clone() admin data=d.clone() actions/>
                            }.into_any()).collect_view()}
                        </tbody>
                    </table>
                </div>
                <PageLinks path=PATH params=filters.params() page=page last_page=last total=total noun="people"/>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn PersonLine(
    person: PersonRow,
    csrf: String,
    admin: bool,
    data: PeopleView,
    actions: Actions,
) -> impl IntoView {
    let actions_cell = admin.then(|| {
        let p = person.clone();
        let (edit_csrf, edit_person) = (csrf.clone(), p.clone());
        let (title, testid) = (format!("Edit {}", p.name), format!("edit-{}", p.name));
        let (person_id, version, active) = (p.id.clone(), p.version.to_string(), p.active);
        view! {
            <td>
                <div class="row-actions">
                    <Editor label="Edit" title testid>
                        <PersonForm csrf=edit_csrf person=Some(edit_person) data actions/>
                    </Editor>
                    <ActionForm action=actions.toggle attr:class="inline">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="person_id" value=person_id/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="active" value=if active { "false" } else { "true" }/>
                        <button class="btn-link" type="submit">{if active { "Deactivate" } else { "Reactivate" }}</button>
                    </ActionForm>
                </div>
            </td>
        }
    });
    view! {
        <tr data-testid=format!("person-{}", person.name) class=(!person.active).then_some("row-muted")>
            <td>
                <span class="person-name">
                    <span class="avatar" aria-hidden="true">{initials(&person.name)}</span>
                    <span class="person-text">
                        <strong>{person.name.clone()}</strong>
                        <span class="person-email">{person.email.clone().unwrap_or_else(|| "No email".into())}</span>
                    </span>
                    {person.member.then(|| view! { <span class="badge badge-role" title="Signs in to Attain">"Member"</span> })}
                    {(!person.active).then(|| view! { <span class="badge badge-neutral">"Inactive"</span> })}
                </span>
            </td>
            <td class="nowrap">{person.team.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="nowrap">{person.manager.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="nowrap"><span class="badge badge-neutral">{sales_role_label(&person.sales_role).to_owned()}</span></td>
            {actions_cell}
        </tr>
    }
    .into_any()
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// The add form (`person` None) or the edit form of one person.
#[component]
fn PersonForm(
    csrf: String,
    person: Option<PersonRow>,
    data: PeopleView,
    actions: Actions,
) -> impl IntoView {
    let p = person.clone().unwrap_or(PersonRow {
        id: String::new(),
        name: String::new(),
        email: None,
        team_id: None,
        team: None,
        manager_id: None,
        manager: None,
        sales_role: "ae".into(),
        active: true,
        version: 0,
        member: false,
    });
    let prefix = if person.is_some() {
        format!("person-{}", p.id)
    } else {
        "new-person".to_owned()
    };
    let own_id = p.id.clone();
    let fields = move |problem: Signal<Option<Problem>>| {
        let id = |name: &str| format!("{prefix}-{name}");
        let team = p.team_id.clone().unwrap_or_default();
        let manager = p.manager_id.clone().unwrap_or_default();
        view! {
            <div class="field">
                <label for=id("name")>"Name"</label>
                <input id=id("name") name="name" value=p.name.clone() required=true autocomplete="off"/>
                <FieldError problem field="name"/>
            </div>
            <div class="field">
                <label for=id("email")>"Email"</label>
                <input id=id("email") name="email" type="email" value=p.email.clone().unwrap_or_default() autocomplete="off"/>
                <p class="hint">"Optional. Inviting this email as a user links the two."</p>
                <FieldError problem field="email"/>
            </div>
            <div class="field">
                <label for=id("role")>"Sales role"</label>
                <select id=id("role") name="sales_role">
                    {SALES_ROLES.iter().map(|(key, label)| view! { <option value=*key selected=*key == p.sales_role>{*label}</option> }).collect_view()}
                </select>
                <FieldError problem field="sales_role"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for=id("team")>"Team"</label>
                    <select id=id("team") name="team_id">
                        <option value="" selected=team.is_empty()>"— no team —"</option>
                        {data.teams.iter().map(|(tid, name)| view! { <option value=tid.clone() selected=*tid == team>{name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="team_id"/>
                </div>
                <div class="field">
                    <label for=id("manager")>"Manager"</label>
                    <select id=id("manager") name="manager_id">
                        <option value="" selected=manager.is_empty()>"— no manager —"</option>
                        {data.people.iter().filter(|(pid, _)| *pid != own_id).map(|(pid, name)| view! {
                            <option value=pid.clone() selected=*pid == manager>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <FieldError problem field="manager_id"/>
                </div>
            </div>
            <FormError problem fields=&["name", "email", "sales_role", "team_id", "manager_id"]/>
        }
    };
    match person {
        None => {
            let problem = last_problem(actions.create.value());
            view! {
                <ActionForm action=actions.create attr:class="form" attr:data-testid="person-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Add person"</button></div>
                </ActionForm>
            }
            .into_any()
        }
        Some(person) => {
            let problem = last_problem(actions.update.value());
            view! {
                <ActionForm action=actions.update attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="person_id" value=person.id.clone()/>
                    <input type="hidden" name="version" value=person.version.to_string()/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save"</button></div>
                </ActionForm>
            }
            .into_any()
        }
    }
}
