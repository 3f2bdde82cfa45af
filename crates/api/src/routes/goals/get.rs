//! `GET /api/v1/goals/{goal_id}`: one goal.

use super::GoalView;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::goals;
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/goals/{goal_id}",
    tag = "goals",
    operation_id = "goals_get",
    summary = "Get a goal.",
    description = "One goal with its period written as asked for (`2026-Q3`).",
    params(("goal_id" = uuid::Uuid, Path, description = "The goal's id.")),
    responses(
        (status = 200, description = "The goal.", body = crate::routes::goals::GoalView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such goal.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/goals/{goal_id}")]
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
    goal_id: Uuid,
) -> Result<GoalView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<GoalView, ApiError> {
                GoalView::new(goals::find(t, goal_id)?.ok_or_else(|| ApiError::not_found("goal"))?)
            },
        )
        .await
}
