//! The Attain web app: Leptos pages rendered on the server (through actix,
//! same origin as `/api/v1`) and hydrated in the browser by the wasm build of
//! this crate (`hydrate` feature). Pages reach data only through the server
//! functions in [`api`], which call the same services as the REST endpoints.

pub mod api;
pub mod comp_api;
pub mod components;
pub mod model;
pub mod pages;
pub mod perf_api;
pub mod problem;
pub mod sales_api;
pub mod sales_model;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options/>
                <link rel="icon" type="image/svg+xml" href="/pkg/favicon.svg"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="attain" href="/pkg/attain.css"/>
        <Title text="Attain"/>
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::landing::Landing ssr=SsrMode::Async/>
                <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=pages::signup::SignupPage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=pages::accept::AcceptPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("/app") view=components::shell::AppShell ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::home::Home ssr=SsrMode::Async/>
                    <Route path=path!("admin/users") view=pages::users::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/teams") view=pages::teams::TeamsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/tokens") view=pages::tokens::TokensPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/audit") view=pages::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("onboarding") view=pages::onboarding::OnboardingPage ssr=SsrMode::Async/>
                    <Route path=path!("pipeline") view=pages::pipeline::PipelinePage ssr=SsrMode::Async/>
                    <Route path=path!("deals/:id") view=pages::deal::DealPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts") view=pages::accounts::AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("products") view=pages::products::ProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/stages") view=pages::stages::StagesPage ssr=SsrMode::Async/>
                    <Route path=path!("people") view=pages::people::PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("kpis") view=pages::kpis::KpisPage ssr=SsrMode::Async/>
                    <Route path=path!("goals") view=pages::goals::GoalsPage ssr=SsrMode::Async/>
                    <Route path=path!("tasks") view=pages::work::TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("activities") view=pages::work::ActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("imports") view=pages::imports::ImportsPage ssr=SsrMode::Async/>
                    <Route path=path!("commissions") view=pages::commissions::CommissionsPage ssr=SsrMode::Async/>
                    <Route path=path!("commissions/approvals") view=pages::approvals::ApprovalsPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/plans") view=pages::plans::PlansPage ssr=SsrMode::Async/>
                    <Route path=path!("admin/compensation") view=pages::comp_admin::CompAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("billing") view=pages::billing::BillingPage ssr=SsrMode::Async/>
                    <Route path=path!("alignment") view=pages::alignment::AlignmentPage ssr=SsrMode::Async/>
                    <Route path=path!("coaching") view=pages::coaching::CoachingPage ssr=SsrMode::Async/>
                    <Route path=path!("benchmarks") view=pages::benchmarks::BenchmarksPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The wasm entry point: hydrates the server-rendered page, then marks the
/// body so tests (and styles) know the page is interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.dataset().set("hydrated", "true");
    }
}
