//! `GET /api/v1/comp/plans`: every plan, by name, with a summary of its
//! versions (number, status, effective date).

use super::{PlanSummary, VersionSummary};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_plans;
use attain_domain::Capability;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanList {
    pub items: Vec<PlanSummary>,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/plans",
    tag = "compensation",
    operation_id = "comp_plans_list",
    summary = "List compensation plans.",
    description = "Every plan, sorted by name, with its versions' numbers, statuses and effective dates. Everyone who reads statements may read plans.",
    responses(
        (status = 200, description = "The plans.", body = PlanList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/plans")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<PlanList, ApiError> {
    principal.require(Capability::ViewStatements)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<PlanList, ApiError> {
                let plans = comp_plans::list_plans(t)?;
                let mut versions: HashMap<_, Vec<VersionSummary>> = HashMap::new();
                for version in comp_plans::all_versions(t)? {
                    versions
                        .entry(version.plan_id)
                        .or_default()
                        .push(VersionSummary::from(&version));
                }
                let items = plans
                    .into_iter()
                    .map(|plan| PlanSummary {
                        versions: versions.remove(&plan.id).unwrap_or_default(),
                        plan,
                    })
                    .collect();
                Ok(PlanList { items })
            },
        )
        .await
}
