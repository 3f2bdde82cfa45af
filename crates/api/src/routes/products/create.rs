//! `POST /api/v1/products`: adds a product to the catalogue.

use super::name_taken;
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::products::{self, Product},
    DbError,
};
use attain_domain::{
    deal::Currency, org::ProductPriority, validation::bounded_text, Capability, FieldError,
};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProduct {
    pub name: String,
    pub category: Option<String>,
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub list_price: serde_json::Value,
    pub currency: String,
    /// strategic, standard (default) or loss_leader.
    pub priority: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/products",
    tag = "products",
    operation_id = "products_create",
    summary = "Add a product.",
    description = "Adds a product with its category, list price and priority to the catalogue.",
    request_body = CreateProduct,
    responses(
        (status = 201, description = "The product.", body = attain_db::tenant::products::Product),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "Another product has this name (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/products")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateProduct>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

/// A list price: not negative, at most two decimals.
pub fn list_price(value: &serde_json::Value) -> Result<rust_decimal::Decimal, FieldError> {
    let price = decimal_from_json("list_price", value)?;
    attain_domain::deal::parse_amount(price).map_err(|e| FieldError::new("list_price", e.message))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateProduct,
) -> Result<Product, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let product = Product {
        id: Uuid::new_v4(),
        name: bounded_text("name", &body.name, 1, 120)?,
        category: body
            .category
            .as_deref()
            .map(|c| bounded_text("category", c, 0, 80))
            .transpose()?
            .unwrap_or_default(),
        list_price: list_price(&body.list_price)?,
        currency: Currency::parse(&body.currency)?.as_str().to_owned(),
        priority: body
            .priority
            .as_deref()
            .unwrap_or("standard")
            .parse::<ProductPriority>()?
            .as_str()
            .to_owned(),
        active: true,
        version: 1,
        created_at: Utc::now(),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Product, ApiError> {
                products::insert(t, &product).map_err(name_taken)?;
                let after =
                    serde_json::to_value(&product).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("product.created", "product", product.id, None, Some(after)),
                )?;
                Ok(product)
            },
        )
        .await
}
