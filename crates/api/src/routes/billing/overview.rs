//! `GET /api/v1/billing`: the company's plan as the webhooks last set it
//! (tier, interval, status and what it means, access), seats used and paid
//! for, trial days left, the current period's end, and the invoices from
//! Stripe with their hosted links. Owners and billing admins only.

use crate::{auth::Principal, entitlements::BillingNotice, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_billing::{SubscriptionStatus, Tier};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BillingOverview {
    /// starter, growth or enterprise.
    pub tier: String,
    /// monthly or yearly.
    pub interval: String,
    /// Stripe's subscription status.
    pub status: String,
    /// What the status means, in words.
    pub status_meaning: String,
    pub access: BillingNotice,
    /// Active members.
    pub seats_used: i64,
    /// Seats on the subscription (or the trial's).
    pub seats_paid: i32,
    /// The most seats the tier sells; none for no limit.
    pub max_seats: Option<u32>,
    /// Whole days left in the free trial, while trialing without a subscription.
    pub trial_days_left: Option<i64>,
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub has_subscription: bool,
    /// A subscription exists and still bills (not canceled or expired):
    /// the company changes it rather than checking out again.
    pub subscription_live: bool,
    /// The latest invoices, newest first.
    pub invoices: Vec<InvoiceView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceView {
    pub id: String,
    pub number: Option<String>,
    /// draft, open, paid, uncollectible or void.
    pub status: Option<String>,
    /// In the currency's minor unit (cents).
    pub amount_due: i64,
    pub amount_paid: i64,
    pub total: i64,
    pub currency: String,
    pub created: DateTime<Utc>,
    /// Stripe's page for the invoice.
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/billing",
    tag = "billing",
    operation_id = "billing_overview",
    summary = "The company's billing.",
    description = "Tier, interval, status and its meaning, access, seats used and paid for, trial days left, the current period's end and the invoices with their links. Owners and billing admins.",
    responses(
        (status = 200, description = "The billing overview.", body = BillingOverview),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 502, description = "Stripe could not be reached for the invoices.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/billing")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<BillingOverview, ApiError> {
    let (row, seats_used) = super::load(state, principal).await?;
    let now = Utc::now();
    let access = attain_billing::entitlement(
        &crate::entitlements::billing_state(&row),
        state.settings.billing_grace,
        now,
    );
    let invoices = match &row.stripe_customer_id {
        Some(customer) => state
            .stripe
            .list_invoices(customer, 24)
            .await
            .map_err(super::stripe_error)?
            .into_iter()
            .map(|invoice| InvoiceView {
                id: invoice.id,
                number: invoice.number,
                status: invoice.status,
                amount_due: invoice.amount_due,
                amount_paid: invoice.amount_paid,
                total: invoice.total,
                currency: invoice.currency,
                created: DateTime::from_timestamp(invoice.created, 0).unwrap_or(now),
                hosted_invoice_url: invoice.hosted_invoice_url,
                invoice_pdf: invoice.invoice_pdf,
            })
            .collect(),
        None => Vec::new(),
    };
    let has_subscription = row.stripe_subscription_id.is_some();
    let subscription_live = row.live_subscription_id().is_some();
    let trial_days_left = match (row.status.as_str(), row.trial_ends_at, has_subscription) {
        ("trialing", Some(end), false) => Some(((end - now).num_hours().max(0) + 23) / 24),
        _ => None,
    };
    let status_meaning = SubscriptionStatus::parse(&row.status)
        .map(|status| status.meaning().to_owned())
        .unwrap_or_default();
    Ok(BillingOverview {
        max_seats: Tier::parse(&row.tier).and_then(Tier::max_seats),
        access: BillingNotice::new(&row, access),
        tier: row.tier,
        interval: row.billing_interval,
        status: row.status,
        status_meaning,
        seats_used,
        seats_paid: row.seats,
        trial_days_left,
        trial_ends_at: row.trial_ends_at,
        current_period_end: row.current_period_end,
        cancel_at_period_end: row.cancel_at_period_end,
        has_subscription,
        subscription_live,
        invoices,
    })
}
