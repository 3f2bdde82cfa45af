//! `GET /api/v1/disputes/{id}`: a dispute with its line and thread.

use super::{visible_dispute, DisputeView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/disputes/{id}",
    tag = "disputes",
    operation_id = "disputes_get",
    summary = "A dispute and its thread.",
    description = "The disputed line as it stood, its status and resolution, and every message; 404 unless the caller may see the statement.",
    params(("id" = Uuid, Path, description = "The dispute.")),
    responses(
        (status = 200, description = "The dispute.", body = crate::routes::disputes::DisputeView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such dispute the caller may see.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/disputes/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
) -> Result<DisputeView, ApiError> {
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            visible_dispute(t, &principal_c, id)
        })
        .await
}
