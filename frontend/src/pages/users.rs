//! `/app/admin/users`: members, invitations, role changes, deactivation.

use crate::{
    api::{list_members, InviteMember, UpdateMember},
    components::{
        forms::{last_problem, FieldError, FormError},
        pagination::{current_page, Pagination},
        shell::{use_session, Forbidden},
        toast::SuccessToast,
    },
    model::{role_label, MemberRow, Page, SessionInfo, ROLES},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let session = use_session();
    let invite = ServerAction::<InviteMember>::new();
    let update = ServerAction::<UpdateMember>::new();
    let page = current_page();
    let members = Resource::new(
        move || (page.get(), invite.version().get(), update.version().get()),
        |(page, _, _)| list_members(page),
    );
    view! {
        <Title text="Users · Attain"/>
        <SuccessToast action=update message="Member updated. Their sessions were ended so the change applies at once."/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let members = members.await;
                view! { <Users info members invite update/> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Users(
    info: SessionInfo,
    members: Result<Page<MemberRow>, Problem>,
    invite: ServerAction<InviteMember>,
    update: ServerAction<UpdateMember>,
) -> impl IntoView {
    let invite_problem = last_problem(invite.value());
    let update_problem = last_problem(update.value());
    let csrf = info.csrf_token.clone();
    let csrf_invite = csrf.clone();
    let may_invite_owners = info.role == "owner";
    view! {
        <div class="page-header">
            <div><h1>"Users"</h1><p class="muted">{format!("Who can sign in to {}, and with which role.", info.tenant_name)}</p></div>
        </div>
        <div class="card">
            <div class="card-header"><h2>"Invite someone"</h2></div>
            <ActionForm action=invite attr:class="row" attr:data-testid="invite-form">
                <input type="hidden" name="csrf" value=csrf_invite/>
                <div class="field">
                    <label for="invite-email">"Email"</label>
                    <input id="invite-email" name="email" type="email" required=true/>
                    <FieldError problem=invite_problem field="email"/>
                </div>
                <div class="field">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" name="role">
                        {ROLES.iter().filter(move |(r, _)| *r != "owner" || may_invite_owners).map(|(value, label)| view! {
                            <option value=*value selected=*value == "rep">{*label}</option>
                        }).collect_view()}
                    </select>
                    <FieldError problem=invite_problem field="role"/>
                </div>
                {may_invite_owners.then(|| view! {
                    <div class="field checkbox">
                        <label><input type="checkbox" name="add_seat" data-testid="invite-add-seat"/>" Add a paid seat if all are taken"</label>
                    </div>
                })}
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Create invitation link"</button></div>
            </ActionForm>
            <FormError problem=invite_problem fields=&["email", "role"]/>
            {move || invite.value().get().and_then(|r| r.ok()).map(|created| view! {
                <div class="secret" data-testid="invite-link">
                    <p>{format!("Invitation for {} as {}. Send them this link (valid until {}):", created.email, role_label(&created.role), created.expires)}</p>
                    <code>{created.invite_url}</code>
                    <p class="secret-note">"There is no email from Attain yet: copy the link to the person yourself."</p>
                </div>
            })}
        </div>
        <FormError problem=update_problem/>
        {match members {
            Ok(list) => {
                let last = list.last_page();
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"Status"</th><th>"Joined"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|member| view! { <MemberLine member csrf=csrf.clone() update/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pagination page=list.page last_page=last total=list.total noun="members"/>
                }.into_any()
            }
            Err(problem) => view! { <div class="form-error">{problem.message}</div> }.into_any(),
        }}
    }
}

#[component]
fn MemberLine(
    member: MemberRow,
    csrf: String,
    update: ServerAction<UpdateMember>,
) -> impl IntoView {
    let (status_class, status) = if member.active {
        ("badge badge-ahead", "Active")
    } else {
        ("badge badge-neutral", "Deactivated")
    };
    let (csrf_role, user_role) = (csrf.clone(), member.user_id.clone());
    let user_active = member.user_id.clone();
    let select_id = format!("role-{}", member.user_id);
    let current_role = member.role.clone();
    view! {
        <tr data-testid=format!("member-{}", member.email)>
            <td>{member.name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td>
                <ActionForm action=update attr:class="inline row">
                    <input type="hidden" name="csrf" value=csrf_role/>
                    <input type="hidden" name="user_id" value=user_role/>
                    <input type="hidden" name="active" value=""/>
                    <label class="sr-only" for=select_id.clone()>"Role"</label>
                    <select id=select_id name="role">
                        {ROLES.iter().map(|(value, label)| view! { <option value=*value selected=*value == current_role>{*label}</option> }).collect_view()}
                    </select>
                    <button class="btn btn-secondary btn-small" type="submit">"Save"</button>
                </ActionForm>
            </td>
            <td><span class=status_class>{status}</span></td>
            <td>{member.joined.clone()}</td>
            <td>
                <ActionForm action=update attr:class="inline">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="user_id" value=user_active/>
                    <input type="hidden" name="role" value=""/>
                    <input type="hidden" name="active" value=if member.active { "false" } else { "true" }/>
                    <button class=if member.active { "btn btn-danger btn-small" } else { "btn btn-secondary btn-small" } type="submit">
                        {if member.active { "Deactivate" } else { "Reactivate" }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
