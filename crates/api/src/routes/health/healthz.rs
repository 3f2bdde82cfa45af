//! `GET /healthz`: the process is alive. Checks nothing else, on purpose.

use actix_web::{get, HttpResponse};

#[get("/healthz")]
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
