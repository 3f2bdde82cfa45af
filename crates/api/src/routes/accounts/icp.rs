//! `GET /api/v1/icp`: the ideal customer profile's weighted criteria.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, CriterionRow};
use attain_domain::Capability;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IcpView {
    pub criteria: Vec<CriterionRow>,
}

#[utoipa::path(
    get,
    path = "/api/v1/icp",
    tag = "accounts",
    operation_id = "icp_get",
    summary = "The ideal customer profile.",
    description = "The profile's weighted criteria that accounts are scored against.",
    responses(
        (status = 200, description = "The criteria.", body = IcpView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/icp")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<IcpView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let criteria = state
        .db
        .in_tenant(principal.tenant.clone(), accounts::criteria)
        .await?;
    Ok(IcpView { criteria })
}
