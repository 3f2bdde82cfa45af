//! `GET /api/v1/teams`: every team, parents before children.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::teams::{self, Team};
use attain_domain::Capability;

#[utoipa::path(
    get,
    path = "/api/v1/teams",
    tag = "teams",
    operation_id = "teams_list",
    summary = "List teams.",
    description = "Every team and region, parents before children.",
    responses(
        (status = 200, description = "The teams.", body = crate::openapi::TeamList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/teams")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": run(&state, &principal).await? })))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<Team>, ApiError> {
    principal.require(Capability::ViewOrganisation)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), |t| {
            Ok::<_, ApiError>(teams::all(t)?)
        })
        .await
}
