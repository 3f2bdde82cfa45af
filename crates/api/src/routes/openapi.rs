//! `GET /api/v1/openapi.json`: this API described as an OpenAPI 3.1 document
//! (see [`crate::openapi`]). Public: it needs no session.

use actix_web::{get, HttpResponse};

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "openapi",
    operation_id = "openapi_document",
    summary = "This OpenAPI document.",
    description = "The API described as OpenAPI 3.1; public, needs no session.",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document.", body = Object),
    ),
)]
#[get("/openapi.json")]
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::document())
}
