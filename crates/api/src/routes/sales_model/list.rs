//! `GET /api/v1/sales-models`: every template (stages, KPIs, activity
//! targets, roles) and which one the tenant chose, if any.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::stages::{self, SalesModelChoice};
use attain_domain::{
    sales_model::{self, SalesModel},
    Capability,
};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SalesModels {
    pub templates: Vec<SalesModel>,
    pub chosen: Option<SalesModelChoice>,
}

#[utoipa::path(
    get,
    path = "/api/v1/sales-models",
    tag = "sales_model",
    operation_id = "sales_models_list",
    summary = "List the sales-model templates.",
    description = "Every template (stages, KPIs, activity targets, roles) and the one the company chose, if any.",
    responses(
        (status = 200, description = "The templates and the choice.", body = SalesModels),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/sales-models")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<SalesModels, ApiError> {
    principal.require(Capability::ViewOrganisation)?;
    let chosen = state
        .db
        .in_tenant(principal.tenant.clone(), stages::sales_model)
        .await?;
    Ok(SalesModels {
        templates: sales_model::all(),
        chosen,
    })
}
