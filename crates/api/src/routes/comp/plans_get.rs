//! `GET /api/v1/comp/plans/{plan_id}`: one plan with every version and its
//! rules.

use super::PlanView;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_plans;
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/comp/plans/{plan_id}",
    tag = "compensation",
    operation_id = "comp_plans_get",
    summary = "Get a compensation plan.",
    description = "The plan with every version (drafts included), oldest first, each with its rules.",
    params(("plan_id" = uuid::Uuid, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The plan.", body = crate::routes::comp::PlanView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such plan.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/plans/{plan_id}")]
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
    plan_id: Uuid,
) -> Result<PlanView, ApiError> {
    principal.require(Capability::ViewStatements)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<PlanView, ApiError> {
                let plan = comp_plans::find_plan(t, plan_id)?
                    .ok_or_else(|| ApiError::not_found("plan"))?;
                let versions = comp_plans::versions(t, plan_id)?;
                Ok(PlanView { plan, versions })
            },
        )
        .await
}
