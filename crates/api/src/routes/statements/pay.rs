//! `POST /api/v1/statements/{person_id}/{period}/pay`: mark a statement paid. By an admin or owner; the statement is then locked.
//! The body carries the version the caller saw, so nobody pays figures
//! they have not looked at.

use super::{statement_period, step, StatementView, VersionInput};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post,
    path = "/api/v1/statements/{person_id}/{period}/pay",
    tag = "statements",
    operation_id = "statements_pay",
    summary = "Mark a statement paid.",
    description = "By an admin or owner; the statement is then locked. 409 when the statement changed since the caller loaded it, or is not in the right status.",
    params(("person_id" = Uuid, Path, description = "The person."), ("period" = String, Path, description = "2026-11.")),
    request_body = crate::routes::statements::VersionInput,
    responses(
        (status = 200, description = "The statement, now paid.", body = crate::routes::statements::StatementView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not do this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such statement the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The statement changed (`version_conflict`) or is not in the right status (`wrong_status`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/statements/{person_id}/{period}/pay")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, String)>,
    body: Json<VersionInput>,
) -> Result<HttpResponse, ApiError> {
    let (person, period) = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&state, &principal, person, period, body.0.version).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person: Uuid,
    period: String,
    version: i32,
) -> Result<StatementView, ApiError> {
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<StatementView, ApiError> {
                let period = statement_period(t, &period)?;
                step(t, &principal_c, person, period, version, "paid")
            },
        )
        .await
}
