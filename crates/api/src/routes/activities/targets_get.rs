//! `GET /api/v1/activity-targets`: how many activities of each kind each
//! sales role should log per week.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::stages::{self, ActivityTargetRow};
use attain_domain::Capability;

#[utoipa::path(
    get,
    path = "/api/v1/activity-targets",
    tag = "activities",
    operation_id = "activity_targets_get",
    summary = "Weekly activity targets.",
    description = "How many activities of each kind each sales role should log per week.",
    responses(
        (status = 200, description = "The targets.", body = crate::openapi::ActivityTargets),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/activity-targets")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "targets": run(&state, &principal).await? })))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
) -> Result<Vec<ActivityTargetRow>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), |t| {
            Ok::<_, ApiError>(stages::activity_targets(t)?)
        })
        .await
}
