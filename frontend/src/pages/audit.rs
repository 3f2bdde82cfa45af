//! `/app/admin/audit`: who changed what, filterable by action.

use crate::{
    api::list_audit,
    components::{
        pagination::{current_page, Pagination},
        shell::{use_session, Forbidden},
    },
};
use crate::{
    model::{AuditRow, Page},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ACTIONS: [(&str, &str); 10] = [
    ("", "All actions"),
    ("tenant.created", "Company created"),
    ("user.role_changed", "Role changed"),
    ("user.deactivated", "User deactivated"),
    ("user.reactivated", "User reactivated"),
    ("invitation.created", "Invitation created"),
    ("invitation.accepted", "Invitation accepted"),
    ("api_token.created", "Token created"),
    ("api_token.revoked", "Token revoked"),
    ("deal.updated", "Deal updated"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let page = current_page();
    let action = Memo::new(move |_| query.read().get("action").unwrap_or_default());
    let entries = Resource::new(
        move || (page.get(), action.get()),
        |(page, action)| list_audit(page, action),
    );
    view! {
        <Title text="Audit log · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let entries = entries.await;
                view! { <Audit entries action=action.get_untracked()/> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Audit(entries: Result<Page<AuditRow>, Problem>, action: String) -> impl IntoView {
    view! {
        <div class="page-header"><div><h1>"Audit log"</h1><p class="muted">"Every change to users, tokens, invitations and deals, newest first."</p></div></div>
        <form class="filters row" method="get">
            <label class="sr-only" for="action">"Action"</label>
            <select id="action" name="action">
                {ACTIONS.iter().map(|(value, label)| view! { <option value=*value selected=action == *value>{*label}</option> }).collect_view()}
            </select>
            <button class="btn btn-secondary btn-small" type="submit">"Filter"</button>
        </form>
        {match entries {
            Ok(list) if list.total == 0 => view! { <div class="empty"><h3>"Nothing recorded yet"</h3><p>"Changes appear here as people make them."</p></div> }.into_any(),
            Ok(list) => {
                let last = list.last_page();
                view! {
                    <div class="table-wrap"><table class="table">
                        <thead><tr><th>"When (UTC)"</th><th>"Who"</th><th>"Action"</th><th>"Target"</th><th>"Change"</th></tr></thead>
                        <tbody>{list.items.into_iter().map(|e| view! {
                            <tr><td class="mono">{e.at}</td><td>{e.actor}</td><td><span class="badge badge-neutral">{e.action}</span></td><td class="mono">{e.target}</td><td>{e.change}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                    <Pagination page=list.page last_page=last total=list.total noun="entries"/>
                }.into_any()
            }
            Err(problem) => view! { <div class="form-error">{problem.message}</div> }.into_any(),
        }}
    }
}
