//! The signed-in frame: sidebar navigation for the caller's role, the company
//! name with a switcher for people in several companies, and sign-out. Pages
//! under it read the session through [`use_session`].

use crate::{
    api::{current_session, Logout, SwitchTenant},
    model::{role_label, SessionInfo},
    problem::Problem,
};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

pub type SessionResource = Resource<Result<Option<SessionInfo>, Problem>>;

/// The session resource the shell loaded.
pub fn use_session() -> SessionResource {
    expect_context::<SessionResource>()
}

#[component]
pub fn AppShell() -> impl IntoView {
    let session: SessionResource = Resource::new(|| (), |_| current_session());
    provide_context(session);
    view! {
        <Suspense fallback=|| view! { <p class="main muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(info)) => view! { <Frame info/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(problem) => view! { <div class="main"><div class="form-error">{problem.message}</div></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Frame(info: SessionInfo) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let switch = ServerAction::<SwitchTenant>::new();
    // <A> marks the current page with aria-current="page" by itself.
    let link =
        |href: &'static str, label: &'static str| view! { <A href=href exact=true>{label}</A> };
    let is_admin = info.is_admin();
    let sales = info.sees_sales_data();
    let approves = matches!(info.role.as_str(), "owner" | "admin" | "manager");
    let leads = matches!(
        info.role.as_str(),
        "owner" | "admin" | "executive" | "manager"
    );
    let several = info.tenants.len() > 1;
    let manages_billing = info.manages_billing();
    let csrf = info.csrf_token.clone();
    view! {
        <div class="app-shell">
            <aside class="sidebar">
                <div class="brand"><span class="mark" aria-hidden="true"></span>"Attain"</div>
                <nav class="nav" aria-label="Main">
                    {link("/app", "Home")}
                    {leads.then(|| view! {
                        {link("/app/alignment", "Alignment")}
                        {link("/app/coaching", "Coaching")}
                    })}
                    {sales.then(|| view! {
                        {link("/app/pipeline", "Pipeline")}
                        {link("/app/accounts", "Accounts")}
                        {link("/app/products", "Products")}
                        {link("/app/people", "People")}
                    })}
                    {sales.then(|| view! {
                        {link("/app/kpis", "KPIs")}
                        {link("/app/benchmarks", "Benchmarks")}
                        {link("/app/goals", "Goals")}
                        {link("/app/tasks", "Tasks")}
                        {link("/app/activities", "Activities")}
                        {link("/app/commissions", "My commissions")}
                    })}
                    {approves.then(|| view! {
                        {link("/app/commissions/approvals", "Approvals")}
                    })}
                    {is_admin.then(|| view! {
                        <p class="nav-section">"Administration"</p>
                        {link("/app/onboarding", "Onboarding")}
                        {link("/app/imports", "Imports")}
                        {link("/app/admin/plans", "Comp plans")}
                        {link("/app/admin/compensation", "Payouts")}
                        {link("/app/admin/stages", "Stages")}
                        {link("/app/admin/users", "Users")}
                        {link("/app/admin/teams", "Teams")}
                        {link("/app/admin/tokens", "API tokens")}
                        {link("/app/admin/audit", "Audit log")}
                    })}
                    {manages_billing.then(|| view! {
                        {(!is_admin).then(|| view! { <p class="nav-section">"Administration"</p> })}
                        {link("/app/billing", "Billing")}
                    })}
                </nav>
            </aside>
            <div>
                <header class="topbar">
                    <div class="row">
                        <span class="tenant-name" data-testid="tenant-name">{info.tenant_name.clone()}</span>
                        {several.then(|| {
                            let csrf = csrf.clone();
                            let current = info.tenant_slug.clone();
                            view! {
                                <ActionForm action=switch attr:class="inline row">
                                    <input type="hidden" name="csrf" value=csrf/>
                                    <label class="sr-only" for="tenant-switcher">"Company"</label>
                                    <select id="tenant-switcher" class="tenant-switcher" name="tenant">
                                        {info.tenants.iter().map(|t| {
                                            let selected = t.slug == current;
                                            view! { <option value=t.slug.clone() selected=selected>{t.name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                    <button class="btn btn-secondary btn-small" type="submit">"Switch"</button>
                                </ActionForm>
                            }
                        })}
                    </div>
                    <div class="row">
                        <span class="user-chip"><span>{info.name.clone()}</span><span class="badge badge-role">{role_label(&info.role)}</span></span>
                        <ActionForm action=logout attr:class="inline">
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <button class="btn-link" type="submit" data-testid="sign-out">"Sign out"</button>
                        </ActionForm>
                    </div>
                </header>
                <main class="main" id="main">
                    {info.billing_banner.clone().map(|banner| view! {
                        <div class="billing-banner" role="alert" data-testid="billing-banner">
                            <span>{banner}</span>
                            {manages_billing.then(|| view! { <a class="btn btn-secondary btn-small" href="/app/billing">"Open billing"</a> })}
                        </div>
                    })}
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

/// What a member sees on a page their role may not open; the server refuses
/// the page's calls as well.
#[component]
pub fn Forbidden(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Only owners and admins can open this page"</h3>
            <p>{format!("You are signed in as {} in {}.", role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app">"Back to home"</a>
        </div>
    }
}
