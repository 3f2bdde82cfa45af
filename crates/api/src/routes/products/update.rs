//! `PATCH /api/v1/products/{product_id}`: renames, reprices, reprioritises or
//! retires a product (`active: false`; deals that sold it keep it).

use super::{create::list_price, name_taken};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::products::{self, Product},
    DbError,
};
use attain_domain::{deal::Currency, org::ProductPriority, validation::bounded_text, Capability};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProduct {
    pub version: i32,
    pub name: Option<String>,
    pub category: Option<String>,
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub list_price: Option<serde_json::Value>,
    pub currency: Option<String>,
    pub priority: Option<String>,
    /// `false` retires the product; deals that sold it keep it.
    pub active: Option<bool>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/products/{product_id}",
    tag = "products",
    operation_id = "products_update",
    summary = "Change a product.",
    description = "Renames, reprices, reprioritises or retires a product; deals that sold it keep it. Carries the `version` last read.",
    params(("product_id" = uuid::Uuid, Path, description = "The product's id.")),
    request_body = UpdateProduct,
    responses(
        (status = 200, description = "The product as changed.", body = attain_db::tenant::products::Product),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such product.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or another product has this name (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/products/{product_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateProduct>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    product_id: Uuid,
    body: UpdateProduct,
) -> Result<Product, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 120))
        .transpose()?;
    let category = body
        .category
        .as_deref()
        .map(|c| bounded_text("category", c, 0, 80))
        .transpose()?;
    let price = body.list_price.as_ref().map(list_price).transpose()?;
    let currency = body.currency.as_deref().map(Currency::parse).transpose()?;
    let priority: Option<ProductPriority> = body.priority.as_deref().map(str::parse).transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Product, ApiError> {
            let before = products::find_for_update(t, product_id)?.ok_or_else(|| ApiError::not_found("product"))?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This product was changed by someone else (now version {}). Reload and try again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(category) = category { after.category = category; }
            if let Some(price) = price { after.list_price = price; }
            if let Some(currency) = currency { after.currency = currency.as_str().to_owned(); }
            if let Some(priority) = priority { after.priority = priority.as_str().to_owned(); }
            if let Some(active) = body.active { after.active = active; }
            after.version += 1;
            products::save(t, &after).map_err(name_taken)?;
            let json = |p: &Product| serde_json::to_value(p).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("product.updated", "product", product_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await
}
