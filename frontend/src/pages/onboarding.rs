//! `/app/onboarding`: the set-up wizard for owners and admins. Pick the
//! sales model the company starts from (its stages, KPIs and activity
//! targets), import CRM data with a preview of every refused row, invite the
//! team, then fill in products, accounts and people.

use crate::{
    api::InviteMember,
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
    },
    model::{role_label, SessionInfo, ROLES},
    pages::imports::ImportWizard,
    pages::sales_ui::{Feedback, LoadError, Toast},
    problem::Problem,
    sales_api::{load_onboarding, ApplySalesModel},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let apply = ServerAction::<ApplySalesModel>::new();
    let invite = ServerAction::<InviteMember>::new();
    feedback.watch(apply, |stages: &usize| {
        format!("Sales model applied: your pipeline has {stages} stages.")
    });
    let models = Resource::new(move || feedback.refresh.get(), |_| load_onboarding());
    view! {
        <Title text="Set up · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let models = models.await;
                view! { <Onboarding info models apply invite/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Onboarding(
    info: SessionInfo,
    models: Result<OnboardingView, Problem>,
    apply: ServerAction<ApplySalesModel>,
    invite: ServerAction<InviteMember>,
) -> impl IntoView {
    let header = view! {
        <div class="page-header">
            <div>
                <h1>{format!("Set up {}", info.tenant_name)}</h1>
                <p class="muted">"Three steps to a pipeline everyone reads the same way: the stages you sell through, the people who sell, and what they sell to whom."</p>
            </div>
        </div>
    };
    let data = match models {
        Ok(data) => data,
        Err(problem) => return view! { {header} <LoadError problem/> }.into_any(),
    };
    let apply_problem = last_problem(apply.value());
    let chosen = data.chosen.clone();
    let chosen_name = chosen.as_ref().and_then(|key| {
        data.templates
            .iter()
            .find(|t| t.key == *key)
            .map(|t| t.name.clone())
    });
    let csrf = info.csrf_token.clone();
    view! {
        {header}
        <ol class="setup-steps">
            <li class=if chosen.is_some() { "setup-step done" } else { "setup-step current" } data-testid="step-model">
                <div class="setup-step-head">
                    <span class="setup-step-number" aria-hidden="true">"1"</span>
                    <div>
                        <h2>"Choose your sales model"</h2>
                        <p class="muted">{match (&chosen_name, &data.chosen_at) {
                            (Some(name), Some(at)) => format!("You started from {name} on {at}. Applying another model renames and reorders your stages; deals stay in stages whose key both models share."),
                            _ => "Each model sets up pipeline stages with win probabilities, the KPIs your dashboards lead with and weekly activity targets per role. Everything stays editable.".to_owned(),
                        }}</p>
                    </div>
                    {chosen.is_some().then(|| view! { <a class="btn btn-secondary" href="/app/pipeline" data-testid="open-pipeline">"Open the pipeline"</a> })}
                </div>
                <FormError problem=apply_problem/>
                <div class="template-grid">
                    {data.templates.iter().map(|t| view! {
                        <Template template=t.clone() chosen=chosen.as_deref() == Some(t.key.as_str()) csrf=csrf.clone() apply/>
                    }).collect_view()}
                </div>
            </li>
            <li class="setup-step" data-testid="step-import">
                <div class="setup-step-head">
                    <span class="setup-step-number" aria-hidden="true">"2"</span>
                    <div>
                        <h2>"Bring your CRM data"</h2>
                        <p class="muted">"Upload a HubSpot or Salesforce export (or any CSV). You see every row it would import, and every row it refuses with the reason, before anything changes."</p>
                    </div>
                    <a class="btn btn-secondary" href="/app/imports">"All imports"</a>
                </div>
                <ImportWizard csrf=csrf.clone() kind="deals"/>
            </li>
            <li class="setup-step" data-testid="step-team">
                <div class="setup-step-head">
                    <span class="setup-step-number" aria-hidden="true">"3"</span>
                    <div>
                        <h2>"Invite your team"</h2>
                        <p class="muted">{format!("{} people in your sales organisation so far. Invite managers and reps; each gets a link to set a password.", data.people)}</p>
                    </div>
                </div>
                <Invite info=info.clone() invite/>
            </li>
            <li class="setup-step" data-testid="step-catalogue">
                <div class="setup-step-head">
                    <span class="setup-step-number" aria-hidden="true">"4"</span>
                    <div>
                        <h2>"Describe what you sell, and to whom"</h2>
                        <p class="muted">"Products carry priorities your incentive plans reward; accounts are scored against your ideal customer profile."</p>
                    </div>
                </div>
                <div class="link-tiles">
                    <a class="link-tile" href="/app/products">
                        <span class="stat-label">"Products"</span>
                        <span class="stat-value">{data.products.to_string()}</span>
                        <span class="muted small">"Catalogue and priorities"</span>
                    </a>
                    <a class="link-tile" href="/app/accounts">
                        <span class="stat-label">"Accounts"</span>
                        <span class="stat-value">{data.accounts.to_string()}</span>
                        <span class="muted small">"Ideal customer profile and fit"</span>
                    </a>
                    <a class="link-tile" href="/app/people">
                        <span class="stat-label">"People"</span>
                        <span class="stat-value">{data.people.to_string()}</span>
                        <span class="muted small">"Teams, managers and sales roles"</span>
                    </a>
                    <a class="link-tile" href="/app/admin/stages">
                        <span class="stat-label">"Stages"</span>
                        <span class="stat-value">"→"</span>
                        <span class="muted small">"Fine-tune the pipeline"</span>
                    </a>
                </div>
            </li>
        </ol>
    }
    .into_any()
}

#[component]
fn Template(
    template: TemplateCard,
    chosen: bool,
    csrf: String,
    apply: ServerAction<ApplySalesModel>,
) -> impl IntoView {
    let new_business: Vec<&TemplateStage> = template
        .stages
        .iter()
        .filter(|s| s.pipeline == "new_business" && s.kind == "open")
        .collect();
    let retention: Vec<String> = template
        .stages
        .iter()
        .filter(|s| s.pipeline == "retention")
        .map(|s| s.name.clone())
        .collect();
    let roles = template
        .roles
        .iter()
        .map(|r| sales_role_label(r).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let key = template.key.clone();
    view! {
        <article class=if chosen { "template-card chosen" } else { "template-card" } data-testid=format!("template-{}", template.key)>
            <header class="template-card-head">
                <h3>{template.name.clone()}</h3>
                {chosen.then(|| view! { <span class="badge badge-ahead">"Current"</span> })}
            </header>
            <p class="muted">{template.summary.clone()}</p>
            <ol class="stage-chips" aria-label="New-business stages">
                {new_business.into_iter().map(|s| view! {
                    <li><span>{s.name.clone()}</span><span class="stage-chip-prob">{format!("{}%", s.probability)}</span></li>
                }).collect_view()}
                <li class="stage-chip-closed"><span>"Won / lost"</span></li>
            </ol>
            <dl class="template-facts">
                <div><dt>"Retention"</dt><dd>{retention.join(", ")}</dd></div>
                <div><dt>"KPIs"</dt><dd>{template.kpis.iter().map(|k| kpi_label(k).to_owned()).collect::<Vec<_>>().join(", ")}</dd></div>
                <div><dt>"Roles"</dt><dd>{roles}</dd></div>
            </dl>
            <ActionForm action=apply attr:class="template-apply">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="template" value=key.clone()/>
                <button type="submit" class=if chosen { "btn btn-secondary" } else { "btn btn-primary" } data-testid=format!("apply-{key}")>
                    {if chosen { "Apply again" } else { "Use this model" }}
                </button>
            </ActionForm>
        </article>
    }
    .into_any()
}

#[component]
fn Invite(info: SessionInfo, invite: ServerAction<InviteMember>) -> impl IntoView {
    let problem = last_problem(invite.value());
    let may_invite_owners = info.role == "owner";
    view! {
        <div class="card">
            <ActionForm action=invite attr:class="row invite-row" attr:data-testid="onboarding-invite">
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                <div class="field">
                    <label for="onboarding-email">"Email"</label>
                    <input id="onboarding-email" name="email" type="email" required=true placeholder="rep@yourcompany.com"/>
                    <FieldError problem field="email"/>
                </div>
                <div class="field">
                    <label for="onboarding-role">"Role"</label>
                    <select id="onboarding-role" name="role">
                        {ROLES.iter().filter(move |(r, _)| *r != "owner" || may_invite_owners).map(|(value, label)| view! {
                            <option value=*value selected=*value == "rep">{*label}</option>
                        }).collect_view()}
                    </select>
                    <FieldError problem field="role"/>
                </div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Create invitation link"</button></div>
            </ActionForm>
            <FormError problem fields=&["email", "role"]/>
            {move || invite.value().get().and_then(|r| r.ok()).map(|created| view! {
                <div class="secret" data-testid="onboarding-invite-link">
                    <p>{format!("Invitation for {} as {}. Send them this link (valid until {}):", created.email, role_label(&created.role), created.expires)}</p>
                    <code>{created.invite_url}</code>
                    <p class="secret-note">"There is no email from Attain yet: copy the link to the person yourself."</p>
                </div>
            })}
            <p class="muted small">"To see everyone who can sign in, open "<a href="/app/admin/users">"Users"</a>"."</p>
        </div>
    }
    .into_any()
}
