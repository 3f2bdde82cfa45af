//! `GET /api/v1/products?priority=&category=&active=`: the catalogue by name.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::products::{self, Product, ProductFilter};
use attain_domain::{org::ProductPriority, Capability};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// strategic, standard or loss_leader.
    pub priority: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
}

#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "products",
    operation_id = "products_list",
    summary = "List the product catalogue.",
    description = "The catalogue by name, filtered by priority, category and active.",
    params(ProductQuery),
    responses(
        (status = 200, description = "The products.", body = Vec<attain_db::tenant::products::Product>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/products")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ProductQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: ProductQuery,
) -> Result<Vec<Product>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let priority: Option<ProductPriority> =
        query.priority.as_deref().map(str::parse).transpose()?;
    let filter = ProductFilter {
        priority: priority.map(|p| p.as_str().to_owned()),
        category: query.category,
        active: query.active,
    };
    Ok(state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            products::list(t, &filter)
        })
        .await?)
}
