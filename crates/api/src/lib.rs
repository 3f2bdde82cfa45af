//! The HTTP API: `/api/v1` JSON endpoints (one file each under `routes/`), the
//! health probes, and the middleware every request passes through.

pub mod auth;
pub mod entitlements;
pub mod error;
pub mod json;
pub mod openapi;
pub mod pagination;
pub mod passwords;
pub mod request_context;
pub mod routes;
pub mod seats;
pub mod state;

pub use error::ApiError;
pub use state::AppState;

use actix_web::{web, HttpRequest};

/// Registers every route; the server and the tests both call this.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(json::MAX_BODY_BYTES))
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            ApiError::bad_request(
                "invalid_query",
                format!("The query string is invalid: {e}."),
            )
            .into()
        }))
        .app_data(web::PathConfig::default().error_handler(|_, req| not_found_for(req).into()))
        .service(routes::health::healthz::handler)
        .service(routes::health::readyz::handler)
        .service(
            web::scope("/api/v1")
                .service(routes::openapi::handler)
                .service(routes::signup::handler)
                .service(routes::auth::login::handler)
                .service(routes::auth::logout::handler)
                .service(routes::auth::session::handler)
                .service(routes::auth::switch_tenant::handler)
                .service(routes::billing::webhook::handler)
                .service(routes::billing::overview::handler)
                .service(routes::billing::checkout::handler)
                .service(routes::billing::portal::handler)
                .service(routes::billing::subscription::handler)
                .service(routes::users::list::handler)
                .service(routes::users::update::handler)
                .service(routes::invitations::create::handler)
                .service(routes::invitations::accept::handler)
                .service(routes::tokens::create::handler)
                .service(routes::tokens::list::handler)
                .service(routes::tokens::revoke::handler)
                .service(routes::deals::create::handler)
                .service(routes::deals::list::handler)
                .service(routes::deals::get::handler)
                .service(routes::deals::update::handler)
                .service(routes::deals::milestones::handler)
                .service(routes::deals::reverse::handler)
                .service(routes::kpis::snapshot::handler)
                .service(routes::kpis::scorecard::handler)
                .service(routes::alignment::snapshot::handler)
                .service(routes::alignment::maturity::handler)
                .service(routes::alignment::target_mix_get::handler)
                .service(routes::alignment::target_mix_put::handler)
                .service(routes::benchmarks::view::handler)
                .service(routes::benchmarks::participation::handler)
                .service(routes::coaching::team::handler)
                .service(routes::coaching::notes_list::handler)
                .service(routes::coaching::notes_create::handler)
                .service(routes::events::stream::handler)
                .service(routes::people::list::handler)
                .service(routes::people::create::handler)
                .service(routes::people::update::handler)
                .service(routes::products::list::handler)
                .service(routes::products::create::handler)
                .service(routes::products::update::handler)
                .service(routes::accounts::list::handler)
                .service(routes::accounts::create::handler)
                .service(routes::accounts::get::handler)
                .service(routes::accounts::update::handler)
                .service(routes::accounts::icp::handler)
                .service(routes::accounts::icp_replace::handler)
                .service(routes::stages::list::handler)
                .service(routes::stages::create::handler)
                .service(routes::stages::update::handler)
                .service(routes::sales_model::list::handler)
                .service(routes::sales_model::apply::handler)
                .service(routes::territories::list::handler)
                .service(routes::territories::create::handler)
                .service(routes::territories::update::handler)
                .service(routes::imports::create::handler)
                .service(routes::imports::list::handler)
                .service(routes::imports::get::handler)
                .service(routes::imports::update::handler)
                .service(routes::imports::start::handler)
                .service(routes::imports::rejections::handler)
                .service(routes::audit::list::handler)
                .service(routes::teams::list::handler)
                .service(routes::teams::create::handler)
                .service(routes::teams::update::handler)
                .service(routes::activities::summary::handler)
                .service(routes::activities::list::handler)
                .service(routes::activities::create::handler)
                .service(routes::activities::targets_get::handler)
                .service(routes::activities::targets_put::handler)
                .service(routes::tasks::reminders::handler)
                .service(routes::tasks::list::handler)
                .service(routes::tasks::create::handler)
                .service(routes::tasks::get::handler)
                .service(routes::tasks::update::handler)
                .service(routes::goals::tree::handler)
                .service(routes::goals::list::handler)
                .service(routes::goals::create::handler)
                .service(routes::goals::get::handler)
                .service(routes::goals::update::handler)
                .service(routes::comp::plans_list::handler)
                .service(routes::comp::plans_create::handler)
                .service(routes::comp::plans_get::handler)
                .service(routes::comp::versions_create::handler)
                .service(routes::comp::versions_update::handler)
                .service(routes::comp::versions_publish::handler)
                .service(routes::comp::assignments_list::handler)
                .service(routes::comp::assignments_create::handler)
                .service(routes::comp::assignments_delete::handler)
                .service(routes::comp::quotas_get::handler)
                .service(routes::comp::quotas_put::handler)
                .service(routes::comp::rates_get::handler)
                .service(routes::comp::rates_put::handler)
                .service(routes::comp::settings_get::handler)
                .service(routes::comp::settings_put::handler)
                .service(routes::statements::mine::handler)
                .service(routes::statements::payroll::handler)
                .service(routes::statements::what_if::handler)
                .service(routes::statements::list::handler)
                .service(routes::statements::get::handler)
                .service(routes::statements::approve::handler)
                .service(routes::statements::pay::handler)
                .service(routes::statements::adjust::handler)
                .service(routes::disputes::list::handler)
                .service(routes::disputes::create::handler)
                .service(routes::disputes::get::handler)
                .service(routes::disputes::reply::handler)
                .service(routes::disputes::resolve::handler)
                .service(routes::comp_runs::recalculate::handler)
                .service(routes::comp_runs::scenario::handler)
                .service(routes::comp_runs::list::handler)
                .service(routes::comp_runs::get::handler)
                .default_service(web::to(|req: HttpRequest| async move {
                    Err::<String, _>(not_found_for(&req))
                })),
        );
}

fn not_found_for(req: &HttpRequest) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::NOT_FOUND,
        "not_found",
        format!("Nothing at {} {}.", req.method(), req.path()),
    )
}
