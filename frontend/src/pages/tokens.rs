//! `/app/admin/tokens`: API tokens for integrations (create, shown once, revoke).

use crate::{
    api::{list_tokens, CreateToken, RevokeToken},
    components::{
        forms::{last_problem, FieldError, FormError},
        pagination::{current_page, Pagination},
        shell::{use_session, Forbidden},
        toast::SuccessToast,
    },
    model::{role_label, Page, SessionInfo, TokenRow, ROLES},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TokensPage() -> impl IntoView {
    let session = use_session();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let page = current_page();
    let tokens = Resource::new(
        move || (page.get(), create.version().get(), revoke.version().get()),
        |(page, _, _)| list_tokens(page),
    );
    view! {
        <Title text="API tokens · Attain"/>
        <SuccessToast action=revoke message="Token revoked. It stopped working at once."/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let tokens = tokens.await;
                view! { <Tokens info tokens create revoke/> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Tokens(
    info: SessionInfo,
    tokens: Result<Page<TokenRow>, Problem>,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let problem = last_problem(create.value());
    let csrf = info.csrf_token.clone();
    let csrf_create = csrf.clone();
    view! {
        <div class="page-header">
            <div><h1>"API tokens"</h1><p class="muted">{format!("Tokens let integrations call the Attain API as one role of {}.", info.tenant_name)}</p></div>
        </div>
        <div class="card">
            <div class="card-header"><h2>"Create a token"</h2></div>
            <ActionForm action=create attr:class="row">
                <input type="hidden" name="csrf" value=csrf_create/>
                <div class="field">
                    <label for="token-name">"Name"</label>
                    <input id="token-name" name="name" placeholder="CRM sync" required=true/>
                    <FieldError problem field="name"/>
                </div>
                <div class="field">
                    <label for="token-role">"Acts as"</label>
                    <select id="token-role" name="role">
                        {ROLES.iter().filter(|(r, _)| *r != "owner").map(|(value, label)| view! { <option value=*value selected=*value == "manager">{*label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Create token"</button></div>
            </ActionForm>
            <FormError problem fields=&["name"]/>
            {move || create.value().get().and_then(|r| r.ok()).map(|created| view! {
                <div class="secret" data-testid="token-secret">
                    <p>{format!("{} ({}): copy it now, it is shown only once.", created.name, role_label(&created.role))}</p>
                    <code>{created.secret}</code>
                    <p class="secret-note">"Send it as 'Authorization: Bearer <token>'."</p>
                </div>
            })}
        </div>
        {match tokens {
            Ok(list) if list.total == 0 => view! {
                <div class="empty"><h3>"No tokens yet"</h3><p>"Create one above for each integration, so each can be revoked on its own."</p></div>
            }.into_any(),
            Ok(list) => {
                let last = list.last_page();
                view! {
                    <div class="table-wrap"><table class="table">
                        <thead><tr><th>"Name"</th><th>"Acts as"</th><th>"Token"</th><th>"Created"</th><th>"Last used"</th><th>"Status"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|token| {
                                let csrf = csrf.clone();
                                view! {
                                    <tr>
                                        <td>{token.name.clone()}</td>
                                        <td>{role_label(&token.role)}</td>
                                        <td class="mono">{format!("{}…", token.prefix)}</td>
                                        <td>{token.created.clone()}</td>
                                        <td>{token.last_used.clone().unwrap_or_else(|| "never".into())}</td>
                                        <td>{if token.revoked { view! { <span class="badge badge-neutral">"Revoked"</span> } } else { view! { <span class="badge badge-ahead">"Active"</span> } }}</td>
                                        <td>{(!token.revoked).then(|| view! {
                                            <ActionForm action=revoke attr:class="inline">
                                                <input type="hidden" name="csrf" value=csrf/>
                                                <input type="hidden" name="token_id" value=token.id.clone()/>
                                                <button class="btn btn-danger btn-small" type="submit">"Revoke"</button>
                                            </ActionForm>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <Pagination page=list.page last_page=last total=list.total noun="tokens"/>
                }.into_any()
            }
            Err(problem) => view! { <div class="form-error">{problem.message}</div> }.into_any(),
        }}
    }
}
