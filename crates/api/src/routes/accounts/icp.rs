//! `GET /api/v1/icp`: the ideal customer profile's weighted criteria.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, CriterionRow};
use attain_domain::Capability;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IcpView {
    pub criteria: Vec<CriterionRow>,
}

#[get("/icp")]
pub async fn handler(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<IcpView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let criteria = state.db.in_tenant(principal.tenant.clone(), accounts::criteria).await?;
    Ok(IcpView { criteria })
}
