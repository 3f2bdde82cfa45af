//! `GET /healthz`: the process is alive. Checks nothing else, on purpose.

use actix_web::{get, HttpResponse};

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    operation_id = "healthz",
    summary = "Liveness probe.",
    description = "The process is alive; checks nothing else, on purpose.",
    responses(
        (status = 200, description = "Alive.", body = crate::openapi::Health),
    ),
)]
#[get("/healthz")]
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
