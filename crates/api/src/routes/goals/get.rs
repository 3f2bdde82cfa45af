//! `GET /api/v1/goals/{goal_id}`: one goal.

use super::GoalView;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::goals;
use attain_domain::Capability;
use uuid::Uuid;

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
