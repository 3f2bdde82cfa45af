//! The HTTP API: `/api/v1` JSON endpoints (one file each under `routes/`), the
//! health probes, and the middleware every request passes through.

pub mod auth;
pub mod error;
pub mod json;
pub mod pagination;
pub mod passwords;
pub mod request_context;
pub mod routes;
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
                .service(routes::signup::handler)
                .service(routes::auth::login::handler)
                .service(routes::auth::logout::handler)
                .service(routes::auth::session::handler)
                .service(routes::auth::switch_tenant::handler)
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
                .service(routes::kpis::snapshot::handler)
                .service(routes::audit::list::handler)
                .service(routes::teams::list::handler)
                .service(routes::teams::create::handler)
                .service(routes::teams::update::handler)
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
