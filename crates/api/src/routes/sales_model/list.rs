//! `GET /api/v1/sales-models`: every template (stages, KPIs, activity
//! targets, roles) and which one the tenant chose, if any.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::stages::{self, SalesModelChoice};
use attain_domain::{sales_model::{self, SalesModel}, Capability};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SalesModels {
    pub templates: Vec<SalesModel>,
    pub chosen: Option<SalesModelChoice>,
}

#[get("/sales-models")]
pub async fn handler(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<SalesModels, ApiError> {
    principal.require(Capability::ViewOrganisation)?;
    let chosen = state.db.in_tenant(principal.tenant.clone(), stages::sales_model).await?;
    Ok(SalesModels { templates: sales_model::all(), chosen })
}
