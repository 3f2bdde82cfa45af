//! `/app/admin/teams`: the organisation as a tree; add teams, rename and move them.

use crate::{
    api::{list_teams, CreateTeam, UpdateTeam},
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
        toast::SuccessToast,
    },
    model::{SessionInfo, TeamNode, TeamsView},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let session = use_session();
    let create = ServerAction::<CreateTeam>::new();
    let update = ServerAction::<UpdateTeam>::new();
    let teams = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| list_teams(),
    );
    view! {
        <Title text="Teams · Attain"/>
        <SuccessToast action=create message="Team added."/>
        <SuccessToast action=update message="Team saved."/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let teams = teams.await;
                view! { <Teams info teams create update/> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Teams(
    info: SessionInfo,
    teams: Result<TeamsView, Problem>,
    create: ServerAction<CreateTeam>,
    update: ServerAction<UpdateTeam>,
) -> impl IntoView {
    let create_problem = last_problem(create.value());
    let update_problem = last_problem(update.value());
    let view_model = match teams {
        Ok(view_model) => view_model,
        Err(problem) => {
            return view! { <div class="form-error">{problem.message}</div> }.into_any()
        }
    };
    let parents = view_model.teams.clone();
    let people = view_model.people.clone();
    let csrf = info.csrf_token.clone();
    let csrf_create = csrf.clone();
    view! {
        <div class="page-header">
            <div><h1>"Teams"</h1><p class="muted">"Regions and teams as your company is organised. Goals and plans cascade along this tree."</p></div>
        </div>
        <div class="card">
            <div class="card-header"><h2>"Add a team"</h2></div>
            <ActionForm action=create attr:class="row" attr:data-testid="team-form">
                <input type="hidden" name="csrf" value=csrf_create/>
                <div class="field">
                    <label for="team-name">"Name"</label>
                    <input id="team-name" name="name" placeholder="EMEA, Enterprise North…" required=true/>
                    <FieldError problem=create_problem field="name"/>
                </div>
                <div class="field">
                    <label for="team-parent">"Part of"</label>
                    <select id="team-parent" name="parent_id">
                        <option value="">"— top level —"</option>
                        {parents.iter().map(|t| view! { <option value=t.id.clone()>{indent(t)}</option> }).collect_view()}
                    </select>
                    <FieldError problem=create_problem field="parent_id"/>
                </div>
                <div class="field">
                    <label for="team-manager">"Manager"</label>
                    <select id="team-manager" name="manager_user_id">
                        <option value="">"— none yet —"</option>
                        {people.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError problem=create_problem field="manager_user_id"/>
                </div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Add team"</button></div>
            </ActionForm>
            <FormError problem=create_problem fields=&["name", "parent_id", "manager_user_id"]/>
        </div>
        <FormError problem=update_problem/>
        {if view_model.teams.is_empty() {
            view! {
                <div class="empty">
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4v5m0 0H6v5m6-5h6v5M4 14h4v4H4zm6 0h4v4h-4zm6 0h4v4h-4z" stroke="currentColor" stroke-width="1.8" fill="none" stroke-linejoin="round"/></svg>
                    <h3>"No teams yet"</h3>
                    <p>"Start with your regions, then add the teams inside them."</p>
                </div>
            }.into_any()
        } else {
            let all = view_model.teams.clone();
            view! {
                <div class="card">
                    <ul class="tree" data-testid="team-tree">
                        {view_model.teams.into_iter().map(|team| view! { <TeamLine team all=all.clone() csrf=csrf.clone() update/> }).collect_view()}
                    </ul>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

fn indent(team: &TeamNode) -> String {
    format!("{}{}", "— ".repeat(team.depth), team.name)
}

#[component]
fn TeamLine(
    team: TeamNode,
    all: Vec<TeamNode>,
    csrf: String,
    update: ServerAction<UpdateTeam>,
) -> impl IntoView {
    let padding = format!("padding-left: {}px", team.depth * 24);
    let current_parent = team.parent_id.clone().unwrap_or_default();
    let own_id = team.id.clone();
    let name_id = format!("name-{}", team.id);
    let parent_select_id = format!("parent-{}", team.id);
    let test_id = format!("team-{}", team.name);
    let (team_id, version) = (team.id.clone(), team.version.to_string());
    let (name, manager) = (team.name.clone(), team.manager.clone());
    view! {
        <li style=padding data-testid=test_id>
            <div class="tree-node row">
                <strong>{name.clone()}</strong>
                <span class="muted">{manager.map(|m| format!("Manager: {m}")).unwrap_or_else(|| "No manager yet".into())}</span>
                <details>
                    <summary class="btn-link">"Rename or move"</summary>
                    <ActionForm action=update attr:class="row">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="team_id" value=team_id/>
                        <input type="hidden" name="version" value=version/>
                        <label class="sr-only" for=name_id.clone()>"Name"</label>
                        <input id=name_id name="name" value=name required=true/>
                        <label class="sr-only" for=parent_select_id.clone()>"Part of"</label>
                        <select id=parent_select_id name="parent_id">
                            <option value="" selected=current_parent.is_empty()>"— top level —"</option>
                            {all.iter().filter(|t| t.id != own_id).map(|t| view! {
                                <option value=t.id.clone() selected=t.id == current_parent>{indent(t)}</option>
                            }).collect_view()}
                        </select>
                        <button class="btn btn-secondary btn-small" type="submit">"Save"</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}
