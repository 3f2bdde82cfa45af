//! `GET /api/v1/products?priority=&category=&active=`: the catalogue by name.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::products::{self, Product, ProductFilter};
use attain_domain::{org::ProductPriority, Capability};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct ProductQuery {
    pub priority: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
}

#[get("/products")]
pub async fn handler(state: web::Data<AppState>, principal: Principal, query: web::Query<ProductQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, query: ProductQuery) -> Result<Vec<Product>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let priority: Option<ProductPriority> = query.priority.as_deref().map(str::parse).transpose()?;
    let filter = ProductFilter {
        priority: priority.map(|p| p.as_str().to_owned()),
        category: query.category,
        active: query.active,
    };
    Ok(state.db.in_tenant(principal.tenant.clone(), move |t| products::list(t, &filter)).await?)
}
