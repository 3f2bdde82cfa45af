//! `GET /api/v1/comp/runs/{id}`: a run's status, progress and result.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_statements::{self, RunRow};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/comp/runs/{id}",
    tag = "compensation",
    operation_id = "comp_runs_get",
    summary = "A recalculation or scenario run.",
    description = "Status (queued, running, done, failed), progress (done of total) and, when done, the result.",
    params(("id" = Uuid, Path, description = "The run.")),
    responses(
        (status = 200, description = "The run.", body = attain_db::tenant::comp_statements::RunRow),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners see runs.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such run.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/runs/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, id: Uuid) -> Result<RunRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<RunRow, ApiError> {
                comp_statements::find_run(t, id)?.ok_or_else(|| ApiError::not_found("run"))
            },
        )
        .await
}
