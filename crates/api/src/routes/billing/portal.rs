//! `POST /api/v1/billing/portal`: a Stripe customer portal session (cards,
//! invoices, cancellation); answers its URL. Owners and billing admins only.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PortalStarted {
    /// Stripe's customer portal.
    pub url: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/billing/portal",
    tag = "billing",
    operation_id = "billing_portal",
    summary = "Open the Stripe customer portal.",
    description = "A customer portal session for cards, invoices and cancellation; answers its URL.",
    responses(
        (status = 200, description = "The portal page.", body = PortalStarted),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 502, description = "Stripe could not be reached.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/billing/portal")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<PortalStarted, ApiError> {
    let (row, _) = super::load(state, principal).await?;
    let customer = super::ensure_customer(state, principal, &row).await?;
    let return_url = format!("{}/app/billing", state.settings.base_url);
    let attempt = principal
        .request_id
        .clone()
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let url = state
        .stripe
        .create_portal_session(principal.tenant.id, &customer, &return_url, &attempt)
        .await
        .map_err(super::stripe_error)?;
    Ok(PortalStarted { url })
}
