//! `GET /api/v1/comp/runs?kind=scenario`: the 20 most recent runs of a kind.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_statements::{self, RunRow};
use attain_domain::{Capability, FieldError};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// recalculation or scenario (default).
    pub kind: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/runs",
    tag = "compensation",
    operation_id = "comp_runs_list",
    summary = "Recent runs.",
    description = "The 20 most recent recalculations or scenarios, newest first.",
    params(RunQuery),
    responses(
        (status = 200, description = "Newest first.", body = Vec<attain_db::tenant::comp_statements::RunRow>),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners see runs.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/runs")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<RunQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: RunQuery,
) -> Result<Vec<RunRow>, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let kind = query.kind.unwrap_or_else(|| "scenario".into());
    if !matches!(kind.as_str(), "recalculation" | "scenario") {
        return Err(FieldError::new("kind", "must be recalculation or scenario").into());
    }
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Vec<RunRow>, ApiError> {
                Ok(comp_statements::recent_runs(t, &kind)?)
            },
        )
        .await
}
