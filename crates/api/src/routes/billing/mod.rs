//! Billing: the Stripe webhook (the only thing that changes a company's
//! billing state), and for owners and billing admins the overview, Stripe
//! Checkout, the customer portal and plan and seat changes.

pub mod checkout;
pub mod overview;
pub mod portal;
pub mod subscription;
pub mod webhook;

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::http::StatusCode;
use attain_billing::BillingError;
use attain_db::control::{billing, tenants, users};
use attain_domain::Capability;

/// What the billing endpoints start from: the caller may manage billing,
/// and the company's stored state.
pub(crate) async fn load(
    state: &AppState,
    principal: &Principal,
) -> Result<(billing::SubscriptionRow, i64), ApiError> {
    principal.require(Capability::ManageBilling)?;
    let tenant_id = principal.tenant.id;
    state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let row = billing::find(conn, tenant_id)?
                .ok_or_else(|| ApiError::internal("a tenant without a subscription row"))?;
            Ok((row, billing::seats_in_use(conn, tenant_id)?))
        })
        .await
}

/// The company's Stripe customer: the stored one while Stripe has it, or a
/// new one (created once per company through its idempotency key), stored.
/// Linking a customer grants nothing; only webhooks change the plan.
pub(crate) async fn ensure_customer(
    state: &AppState,
    principal: &Principal,
    row: &billing::SubscriptionRow,
) -> Result<String, ApiError> {
    let tenant_id = principal.tenant.id;
    let user_id = principal.user_id;
    let (name, email) = state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let tenant = tenants::find(conn, tenant_id)?.ok_or_else(ApiError::unauthenticated)?;
            let user = users::find(conn, user_id)?.ok_or_else(ApiError::unauthenticated)?;
            Ok((tenant.name, user.email))
        })
        .await?;
    let customer = state
        .stripe
        .ensure_customer(
            tenant_id,
            row.stripe_customer_id.as_deref(),
            &name,
            Some(&email),
        )
        .await
        .map_err(stripe_error)?;
    if row.stripe_customer_id.as_deref() != Some(customer.as_str()) {
        let stored = customer.clone();
        state
            .db
            .run(move |conn| billing::set_customer(conn, tenant_id, &stored))
            .await?;
    }
    Ok(customer)
}

/// Stripe's failures as API errors: a refusal is the caller's to fix, the
/// rest is Stripe being unavailable.
pub(crate) fn stripe_error(error: BillingError) -> ApiError {
    match error {
        BillingError::Refused { message, code, .. } => {
            tracing::warn!(%message, ?code, "Stripe refused a call");
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "stripe_refused",
                format!("Stripe refused the change: {message}"),
            )
        }
        other => {
            tracing::error!(error = %other, "Stripe call failed");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "stripe_unavailable",
                "Stripe could not be reached. Nothing was changed; please try again shortly.",
            )
        }
    }
}

/// 422 `invalid_field`: `message` is a whole sentence about `field`.
fn invalid(field: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message).with_field(field)
}
