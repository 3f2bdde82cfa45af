//! Billing entitlements, enforced once for every request: a company whose
//! subscription state makes it read-only (see [`attain_billing::entitlement`])
//! has every state-changing request refused with 402 `read_only`, naming
//! the reason and the billing admins to contact. Reads and exports still
//! work, and nothing is deleted. Signing in and out, switching company and
//! the billing endpoints themselves stay open, so a billing admin can pay.
//!
//! [`crate::auth::authenticate`] calls [`enforce`] after it has found the
//! caller, so the JSON API, API tokens and the pages' server functions are
//! all covered without a check in any handler.

use crate::{auth::Csrf, error::ApiError, state::AppState};
use actix_web::{http::StatusCode, HttpRequest};
use attain_billing::{
    entitlement, entitlement::ReadOnlyReason, Access, BillingState, SubscriptionStatus,
};
use attain_db::control::billing::{self, SubscriptionRow};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Paths that change state but stay open to a read-only company.
const OPEN_PREFIXES: [&str; 10] = [
    "/api/v1/auth/login",
    "/api/v1/auth/logout",
    "/api/v1/auth/switch-tenant",
    "/api/v1/billing",
    "/fn/logout",
    "/fn/switch_tenant",
    "/fn/login",
    // The billing page's own server functions: paying must stay possible.
    "/fn/start_checkout",
    "/fn/open_billing_portal",
    "/fn/change_plan",
];

/// What entitlement is decided from, as stored.
pub fn billing_state(row: &SubscriptionRow) -> BillingState {
    BillingState {
        status: SubscriptionStatus::parse(&row.status).unwrap_or(SubscriptionStatus::Active),
        trial_ends_at: row.trial_ends_at,
        past_due_since: row.past_due_since,
        has_subscription: row.stripe_subscription_id.is_some(),
    }
}

/// The company's stored billing state and what it allows now.
pub async fn access(
    state: &AppState,
    tenant_id: Uuid,
) -> Result<Option<(SubscriptionRow, Access)>, ApiError> {
    let row = state
        .db
        .run(move |conn| billing::find(conn, tenant_id))
        .await?;
    let grace = state.settings.billing_grace;
    Ok(row.map(|row| {
        let access = entitlement(&billing_state(&row), grace, Utc::now());
        (row, access)
    }))
}

/// Whether this request would change something.
fn is_write(req: &HttpRequest, csrf: Csrf<'_>) -> bool {
    let path = req.path();
    if OPEN_PREFIXES.iter().any(|open| path.starts_with(open)) {
        return false;
    }
    match csrf {
        // A page form or server function that carries the CSRF token writes.
        Csrf::Given(_) => true,
        // Server functions read over POST too; only their forms write.
        Csrf::FromHeader if path.starts_with("/fn/") => false,
        Csrf::FromHeader => !matches!(
            *req.method(),
            actix_web::http::Method::GET
                | actix_web::http::Method::HEAD
                | actix_web::http::Method::OPTIONS
        ),
    }
}

/// Refuses a write by a read-only company.
pub async fn enforce(
    req: &HttpRequest,
    state: &AppState,
    tenant_id: Uuid,
    csrf: Csrf<'_>,
) -> Result<(), ApiError> {
    if !is_write(req, csrf) {
        return Ok(());
    }
    let Some((_, Access::ReadOnly { reason })) = access(state, tenant_id).await? else {
        return Ok(());
    };
    let contacts = state
        .db
        .run(move |conn| billing::contacts(conn, tenant_id))
        .await?;
    Err(read_only(reason, &contacts))
}

/// The 402 a read-only company gets.
pub fn read_only(reason: ReadOnlyReason, contacts: &[(String, String)]) -> ApiError {
    let who = who_to_ask(contacts);
    ApiError::new(
        StatusCode::PAYMENT_REQUIRED,
        "read_only",
        format!(
            "{}, so this company is read-only: everything can still be read and exported, nothing can be changed. Contact {who} to update billing.",
            reason.explain()
        ),
    )
}

/// The billing admins (or owners) as a person reads them in an error.
pub fn who_to_ask(contacts: &[(String, String)]) -> String {
    if contacts.is_empty() {
        return "your company's billing admin".to_owned();
    }
    contacts
        .iter()
        .map(|(name, email)| format!("{name} <{email}>"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the pages show about billing: the access, and a banner when one is due.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BillingNotice {
    /// Stripe's subscription status (`trialing`, `active`, `past_due`, ...).
    pub status: String,
    /// `full`, `grace` or `read_only`.
    pub access: &'static str,
    /// When full access ends, during a grace period after a failed payment.
    pub grace_ends_at: Option<DateTime<Utc>>,
    /// Why the company is read-only (e.g. `grace_over`, `canceled`).
    pub read_only_reason: Option<String>,
    /// The text of the banner to show, when one is due.
    pub banner: Option<String>,
}

impl BillingNotice {
    pub fn new(row: &SubscriptionRow, access: Access) -> Self {
        let (name, grace_ends_at, reason, banner) = match access {
            Access::Full => ("full", None, None, None),
            Access::Grace { until } => (
                "grace",
                Some(until),
                None,
                Some(format!(
                    "The last payment failed. Everything keeps working until {}; update the card in billing to keep it that way.",
                    until.format("%Y-%m-%d %H:%M UTC")
                )),
            ),
            Access::ReadOnly { reason } => (
                "read_only",
                None,
                Some(
                    serde_json::to_value(reason)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                ),
                Some(format!(
                    "{}: the company is read-only until billing is updated.",
                    reason.explain()
                )),
            ),
        };
        BillingNotice {
            status: row.status.clone(),
            access: name,
            grace_ends_at,
            read_only_reason: reason,
            banner,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn post(path: &str, csrf: Csrf<'_>) -> bool {
        is_write(&TestRequest::post().uri(path).to_http_request(), csrf)
    }

    #[test]
    fn paying_stays_open_to_a_read_only_company_and_other_writes_do_not() {
        let token = Csrf::Given("t");
        for open in [
            "/api/v1/billing/checkout",
            "/fn/start_checkout",
            "/fn/open_billing_portal",
            "/fn/change_plan",
            "/fn/logout",
        ] {
            assert!(
                !post(open, token),
                "{open} is refused to a read-only company"
            );
        }
        for write in ["/fn/create_token", "/fn/invite_member", "/api/v1/teams"] {
            assert!(
                post(write, token),
                "{write} is allowed to a read-only company"
            );
        }
        assert!(post("/api/v1/teams", Csrf::FromHeader));
        assert!(!post("/fn/list_members", Csrf::FromHeader));
        let read = TestRequest::get().uri("/api/v1/teams").to_http_request();
        assert!(!is_write(&read, Csrf::FromHeader));
    }
}
