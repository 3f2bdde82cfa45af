//! `PATCH /api/v1/billing/subscription`: changes the tier or the seats of
//! the subscription, prorated (an increase is invoiced at once, a decrease
//! credited on the next invoice). Seats below those in use, or above what
//! the tier sells, are refused naming the field. The stored plan follows
//! when Stripe's webhook confirms. Owners and billing admins only.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_billing::client::Plan;
use attain_billing::{Interval, Tier};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeSubscription {
    /// starter, growth or enterprise.
    pub tier: Option<String>,
    /// At least the active members; at most what the tier sells.
    pub seats: Option<u32>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubscriptionChanged {
    pub tier: String,
    pub interval: String,
    pub seats: u64,
    /// Stripe's status after the change.
    pub status: Option<String>,
    /// Always true: the stored plan changes when Stripe's webhook arrives.
    pub pending_confirmation: bool,
}

#[utoipa::path(
    patch,
    path = "/api/v1/billing/subscription",
    tag = "billing",
    operation_id = "billing_change_subscription",
    summary = "Change the tier or seats.",
    description = "Moves the subscription to another tier or seat count with proration. Seats cannot go below the active members or above the tier's limit.",
    request_body = ChangeSubscription,
    responses(
        (status = 200, description = "Stripe accepted the change.", body = SubscriptionChanged),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "There is no live subscription to change: start Checkout first.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid (seats below those in use or above the tier's limit); `field` names it.", body = crate::openapi::ErrorBody),
        (status = 502, description = "Stripe could not be reached.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/billing/subscription")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ChangeSubscription>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: ChangeSubscription,
) -> Result<SubscriptionChanged, ApiError> {
    let (row, seats_used) = super::load(state, principal).await?;
    if body.tier.is_none() && body.seats.is_none() {
        return Err(super::invalid(
            "tier",
            "give a tier, seats or both".to_owned(),
        ));
    }
    let tier = match &body.tier {
        Some(text) => Tier::parse(text).ok_or_else(|| {
            super::invalid(
                "tier",
                format!("tier must be starter, growth or enterprise (got {text:?})"),
            )
        })?,
        None => Tier::parse(&row.tier).unwrap_or(Tier::Growth),
    };
    let seats = body
        .seats
        .unwrap_or_else(|| u32::try_from(row.seats.max(1)).unwrap_or(1));
    let in_use = u32::try_from(seats_used).unwrap_or(u32::MAX);
    if seats < in_use.max(1) {
        return Err(super::invalid(
            "seats",
            format!(
                "seats cannot be fewer than the {in_use} active members; deactivate members first"
            ),
        ));
    }
    if let Some(max) = tier.max_seats() {
        if seats > max {
            let field = if body.seats.is_some() {
                "seats"
            } else {
                "tier"
            };
            return Err(super::invalid(
                field,
                format!("tier {tier} sells at most {max} seats (asked for {seats}); choose a higher tier"),
            ));
        }
    }
    let Some(subscription_id) = row.live_subscription_id().map(str::to_owned) else {
        return Err(ApiError::conflict(
            "no_subscription",
            "There is no subscription to change yet: start Checkout first.",
        ));
    };
    let interval = Interval::parse(&row.billing_interval).unwrap_or(Interval::Monthly);
    let current_tier = Tier::parse(&row.tier).unwrap_or(tier);
    let bill_now = tier > current_tier || i64::from(seats) > i64::from(row.seats);
    let version = row
        .stripe_state_at
        .map(|at| at.timestamp_millis().to_string())
        .unwrap_or_default();
    let summary = state
        .stripe
        .change_plan(
            principal.tenant.id,
            &subscription_id,
            Plan {
                tier,
                interval,
                seats,
            },
            bill_now,
            &version,
        )
        .await
        .map_err(super::stripe_error)?;
    Ok(SubscriptionChanged {
        tier: tier.as_str().to_owned(),
        interval: interval.as_str().to_owned(),
        seats: summary.seats(),
        status: summary.status.map(|status| status.as_str().to_owned()),
        pending_confirmation: true,
    })
}
