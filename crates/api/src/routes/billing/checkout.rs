//! `POST /api/v1/billing/checkout`: a Stripe Checkout session for a tier and
//! interval, with one seat per active member; answers the page to send the
//! browser to. Paying grants nothing by itself: the company's plan changes
//! when Stripe's webhook says the subscription exists. Owners and billing
//! admins only.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_billing::client::{CheckoutRequest, Plan};
use attain_billing::{Interval, Tier};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartCheckout {
    /// starter, growth or enterprise.
    pub tier: String,
    /// monthly or yearly.
    pub interval: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckoutStarted {
    pub session_id: String,
    /// Stripe's Checkout page.
    pub url: String,
    /// The seats it sells: the active members now.
    pub seats: u32,
}

#[utoipa::path(
    post,
    path = "/api/v1/billing/checkout",
    tag = "billing",
    operation_id = "billing_checkout",
    summary = "Start Stripe Checkout.",
    description = "A Checkout session (subscription mode) for the tier and interval with one seat per active member. The plan changes only when Stripe's webhook confirms the subscription.",
    request_body = StartCheckout,
    responses(
        (status = 200, description = "The Checkout page.", body = CheckoutStarted),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The company already has a live subscription: change it instead.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid, or the tier sells fewer seats than are in use; `field` names it.", body = crate::openapi::ErrorBody),
        (status = 502, description = "Stripe could not be reached.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/billing/checkout")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<StartCheckout>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: StartCheckout,
) -> Result<CheckoutStarted, ApiError> {
    let (row, seats_used) = super::load(state, principal).await?;
    let tier = Tier::parse(&body.tier).ok_or_else(|| {
        super::invalid(
            "tier",
            format!(
                "tier must be starter, growth or enterprise (got {:?})",
                body.tier
            ),
        )
    })?;
    let interval = Interval::parse(&body.interval).ok_or_else(|| {
        super::invalid(
            "interval",
            format!(
                "interval must be monthly or yearly (got {:?})",
                body.interval
            ),
        )
    })?;
    if row.live_subscription_id().is_some() {
        return Err(ApiError::conflict(
            "already_subscribed",
            "The company already has a subscription: change its tier or seats, or manage it in the customer portal.",
        ));
    }
    let seats = u32::try_from(seats_used.max(1)).unwrap_or(u32::MAX);
    if let Some(max) = tier.max_seats() {
        if seats > max {
            return Err(super::invalid(
                "tier",
                format!(
                    "tier {tier} sells at most {max} seats and {seats} are in use; choose a higher tier"
                ),
            ));
        }
    }
    let customer = super::ensure_customer(state, principal, &row).await?;
    let base = &state.settings.base_url;
    let success_url =
        format!("{base}/app/billing?checkout=success&session_id={{CHECKOUT_SESSION_ID}}");
    let cancel_url = format!("{base}/app/billing?checkout=canceled");
    let attempt = principal
        .request_id
        .clone()
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let session = state
        .stripe
        .create_checkout_session(&CheckoutRequest {
            tenant_id: principal.tenant.id,
            customer_id: &customer,
            plan: Plan {
                tier,
                interval,
                seats,
            },
            success_url: &success_url,
            cancel_url: &cancel_url,
            attempt: &attempt,
        })
        .await
        .map_err(super::stripe_error)?;
    Ok(CheckoutStarted {
        session_id: session.id,
        url: session.url,
        seats,
    })
}
