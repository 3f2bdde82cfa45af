//! Attain's calls to Stripe, through async-stripe 1.0 — the only module of
//! this crate that does IO. Every creating or updating call carries an
//! idempotency key from [`crate::idempotency::key`], derived from the
//! business operation, and is retried with that same key on a timeout or a
//! 5xx; so a retry, here or by a job run again later, never creates a
//! second customer, session or change.
//!
//! Point [`StripeConfig::api_base`] at the stand-in (`attain-stripe-standin`)
//! to run without Stripe; async-stripe appends `v1/...` to it and keeps any
//! path prefix.

use crate::error::BillingError;
use crate::idempotency;
use crate::status::SubscriptionStatus;
use crate::tier::{Interval, Tier};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::time::Duration;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeRequest};
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_billing::invoice::ListInvoice;
use stripe_billing::subscription::{
    CancelSubscription, ListSubscription, ListSubscriptionStatus, RetrieveSubscription,
    UpdateSubscription, UpdateSubscriptionItems, UpdateSubscriptionProrationBehavior,
};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData,
    RetrieveCheckoutSession,
};
use stripe_core::customer::{CreateCustomer, RetrieveCustomer, RetrieveCustomerReturned};
use uuid::Uuid;

/// The metadata key every customer, session and subscription carries.
pub const TENANT_METADATA_KEY: &str = "tenant_id";

/// Stripe's price id for each tier and interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceIds {
    ids: HashMap<(Tier, Interval), String>,
}

impl PriceIds {
    /// Every tier and interval must have a price.
    pub fn new(id: impl Fn(Tier, Interval) -> String) -> Self {
        let mut ids = HashMap::new();
        for tier in Tier::ALL {
            for interval in [Interval::Monthly, Interval::Yearly] {
                ids.insert((tier, interval), id(tier, interval));
            }
        }
        PriceIds { ids }
    }

    /// The ids the stand-in sells: `price_attain_<tier>_<interval>`.
    pub fn standin() -> Self {
        Self::new(|tier, interval| format!("price_attain_{}_{}", tier.as_str(), interval.as_str()))
    }

    pub fn get(&self, tier: Tier, interval: Interval) -> &str {
        self.ids
            .get(&(tier, interval))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The tier and interval a price id stands for.
    pub fn lookup(&self, price_id: &str) -> Option<(Tier, Interval)> {
        self.ids
            .iter()
            .find(|(_, id)| id.as_str() == price_id)
            .map(|(plan, _)| *plan)
    }
}

/// How to reach Stripe. `Debug` never shows the secret key.
#[derive(Clone)]
pub struct StripeConfig {
    /// `https://api.stripe.com/` or the stand-in's URL.
    pub api_base: String,
    pub secret_key: String,
    pub prices: PriceIds,
    /// Attempts per call, the first included, on timeouts and 5xx.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles after each.
    pub first_retry_delay: Duration,
    /// Per attempt.
    pub timeout: Duration,
}

impl StripeConfig {
    pub fn new(
        api_base: impl Into<String>,
        secret_key: impl Into<String>,
        prices: PriceIds,
    ) -> Self {
        StripeConfig {
            api_base: api_base.into(),
            secret_key: secret_key.into(),
            prices,
            max_attempts: 3,
            first_retry_delay: Duration::from_millis(250),
            timeout: Duration::from_secs(20),
        }
    }
}

impl fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeConfig")
            .field("api_base", &self.api_base)
            .field("secret_key", &"<redacted>")
            .field("prices", &self.prices)
            .field("max_attempts", &self.max_attempts)
            .field("first_retry_delay", &self.first_retry_delay)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A tenant's plan: tier, interval and seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub tier: Tier,
    pub interval: Interval,
    pub seats: u32,
}

/// What the checkout needs besides the plan.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    pub tenant_id: Uuid,
    pub customer_id: &'a str,
    pub plan: Plan,
    /// Where Stripe sends the browser after paying; `{CHECKOUT_SESSION_ID}`
    /// is replaced with the session's id.
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    /// Changes when a new session is wanted (e.g. the number of checkouts
    /// the tenant started): the same value returns the same session.
    pub attempt: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    /// The page to send the browser to.
    pub url: String,
}

/// Where a Checkout session stands, for the page its success URL shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutOutcome {
    pub id: String,
    /// `open`, `complete` or `expired`.
    pub status: Option<String>,
    pub paid: bool,
    pub customer_id: Option<String>,
    pub subscription_id: Option<String>,
    /// From `client_reference_id`.
    pub tenant_id: Option<Uuid>,
}

/// One priced line of a subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionLine {
    pub item_id: String,
    pub price_id: String,
    /// `None` for a price this configuration does not know.
    pub plan: Option<(Tier, Interval)>,
    pub quantity: u64,
}

/// The part of a Stripe subscription Attain stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionSummary {
    pub id: String,
    pub customer_id: String,
    /// `None` for a state Stripe added after this code was written.
    pub status: Option<SubscriptionStatus>,
    pub lines: Vec<SubscriptionLine>,
    pub cancel_at_period_end: bool,
    /// The end of the current period (unix seconds), from the first item.
    pub current_period_end: Option<i64>,
    pub tenant_id: Option<Uuid>,
}

impl SubscriptionSummary {
    /// The seats of the first line (Attain sells one line per subscription).
    pub fn seats(&self) -> u64 {
        self.lines.first().map_or(0, |line| line.quantity)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSummary {
    pub id: String,
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    pub status: Option<String>,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub total: i64,
    pub currency: String,
    pub created: i64,
    pub period_start: i64,
    pub period_end: i64,
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
}

/// Attain's Stripe client. Cheap to clone.
#[derive(Clone)]
pub struct StripeClient {
    client: Client,
    prices: PriceIds,
    max_attempts: u32,
    first_retry_delay: Duration,
}

impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient").finish_non_exhaustive()
    }
}

impl StripeClient {
    pub fn new(config: &StripeConfig) -> Result<Self, BillingError> {
        // With both of rustls' providers compiled in (lapin enables
        // aws-lc-rs), one must be chosen for the process; an error only
        // means one already was.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // async-stripe joins `<base>v1/...`: the base needs its final slash.
        let mut base = config.api_base.clone();
        if !base.ends_with('/') {
            base.push('/');
        }
        let client = ClientBuilder::new(config.secret_key.clone())
            .url(base)
            .timeout(config.timeout)
            .app_info("attain", Some(env!("CARGO_PKG_VERSION").to_owned()), None)
            .build()?;
        Ok(StripeClient {
            client,
            prices: config.prices.clone(),
            max_attempts: config.max_attempts.max(1),
            first_retry_delay: config.first_retry_delay,
        })
    }

    pub fn prices(&self) -> &PriceIds {
        &self.prices
    }

    /// Runs `call` with the key until it succeeds, fails for good, or the
    /// attempts are used up.
    async fn with_retries<T, F, Fut>(&self, key: Option<&str>, call: F) -> Result<T, BillingError>
    where
        F: Fn(RequestStrategy) -> Fut,
        Fut: Future<Output = Result<T, stripe::StripeError>>,
    {
        let strategy = match key {
            Some(key) => RequestStrategy::Idempotent(
                IdempotencyKey::new(key)
                    .map_err(|error| BillingError::Config(error.to_string()))?,
            ),
            None => RequestStrategy::Once,
        };
        let mut delay = self.first_retry_delay;
        let mut attempt = 1;
        loop {
            match call(strategy.clone()).await.map_err(BillingError::from) {
                Err(error) if error.is_retryable() && attempt < self.max_attempts => {
                    tracing::warn!(%error, attempt, "Stripe call failed, retrying with the same key");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    /// Creates the tenant's Stripe customer. The key is per tenant, so a
    /// repeated call (within Stripe's 24 hours of keeping keys) returns the
    /// same customer.
    pub async fn create_customer(
        &self,
        tenant_id: Uuid,
        name: &str,
        email: Option<&str>,
    ) -> Result<String, BillingError> {
        self.create_customer_replacing(tenant_id, None, name, email)
            .await
    }

    /// The tenant's customer id: `existing` when Stripe still has it,
    /// otherwise a new customer (see [`Self::create_customer`]).
    pub async fn ensure_customer(
        &self,
        tenant_id: Uuid,
        existing: Option<&str>,
        name: &str,
        email: Option<&str>,
    ) -> Result<String, BillingError> {
        let Some(existing) = existing else {
            return self.create_customer(tenant_id, name, email).await;
        };
        let request = RetrieveCustomer::new(existing);
        let found = self
            .with_retries(None, |strategy| {
                request
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await;
        match found {
            Ok(RetrieveCustomerReturned::Customer(customer)) => Ok(customer.id.to_string()),
            Ok(RetrieveCustomerReturned::DeletedCustomer(_))
            | Err(BillingError::Refused { status: 404, .. }) => {
                self.create_customer_replacing(tenant_id, Some(existing), name, email)
                    .await
            }
            Err(error) => Err(error),
        }
    }

    /// The key names the customer being replaced, so a replacement is not
    /// answered with the customer created first (still under the plain key).
    async fn create_customer_replacing(
        &self,
        tenant_id: Uuid,
        replaced: Option<&str>,
        name: &str,
        email: Option<&str>,
    ) -> Result<String, BillingError> {
        let key = idempotency::key("create_customer", tenant_id, replaced.unwrap_or_default());
        let mut request = CreateCustomer::new()
            .name(name)
            .metadata(tenant_metadata(tenant_id));
        if let Some(email) = email {
            request = request.email(email);
        }
        let customer = self
            .with_retries(Some(&key), |strategy| {
                request
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(customer.id.to_string())
    }

    /// A Checkout session in subscription mode for the plan's price and
    /// seats; the tenant id goes into `client_reference_id` and the
    /// metadata of both the session and the subscription it creates.
    pub async fn create_checkout_session(
        &self,
        request: &CheckoutRequest<'_>,
    ) -> Result<CheckoutSession, BillingError> {
        let plan = request.plan;
        let price = self.price_id(plan.tier, plan.interval)?;
        let key = idempotency::key(
            "checkout_session",
            request.tenant_id,
            &format!(
                "{price}:{}:{}:{}",
                plan.seats, request.customer_id, request.attempt
            ),
        );
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price = Some(price.to_owned());
        line.quantity = Some(u64::from(plan.seats));
        let mut subscription_data = CreateCheckoutSessionSubscriptionData::new();
        subscription_data.metadata = Some(tenant_metadata(request.tenant_id));
        let create = CreateCheckoutSession::new()
            .mode(stripe_shared::CheckoutSessionMode::Subscription)
            .customer(request.customer_id)
            .client_reference_id(request.tenant_id.to_string())
            .metadata(tenant_metadata(request.tenant_id))
            .subscription_data(subscription_data)
            .line_items(vec![line])
            .success_url(request.success_url)
            .cancel_url(request.cancel_url);
        let session = self
            .with_retries(Some(&key), |strategy| {
                create
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        let url = session
            .url
            .ok_or_else(|| BillingError::Response("the Checkout session has no url".into()))?;
        Ok(CheckoutSession {
            id: session.id.to_string(),
            url,
        })
    }

    pub async fn retrieve_checkout_session(
        &self,
        session_id: &str,
    ) -> Result<CheckoutOutcome, BillingError> {
        let retrieve = RetrieveCheckoutSession::new(session_id);
        let session = self
            .with_retries(None, |strategy| {
                retrieve
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(CheckoutOutcome {
            id: session.id.to_string(),
            status: session.status.map(|status| status.as_str().to_owned()),
            paid: session.payment_status == stripe_shared::CheckoutSessionPaymentStatus::Paid,
            customer_id: session.customer.map(|customer| customer.id().to_string()),
            subscription_id: session
                .subscription
                .map(|subscription| subscription.id().to_string()),
            tenant_id: session.client_reference_id.and_then(|id| id.parse().ok()),
        })
    }

    /// A customer portal session (cards, invoices, cancellation); returns
    /// its URL. `attempt` plays the same part as in [`CheckoutRequest`]:
    /// portal sessions are short-lived, so pass something new per visit
    /// (e.g. the request id).
    pub async fn create_portal_session(
        &self,
        tenant_id: Uuid,
        customer_id: &str,
        return_url: &str,
        attempt: &str,
    ) -> Result<String, BillingError> {
        let key = idempotency::key(
            "portal_session",
            tenant_id,
            &format!("{customer_id}:{attempt}"),
        );
        let create = CreateBillingPortalSession::new()
            .customer(customer_id)
            .return_url(return_url);
        let session = self
            .with_retries(Some(&key), |strategy| {
                create
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(session.url)
    }

    /// Moves the subscription's first item to the plan's price and seats,
    /// prorated: `bill_now` invoices the difference at once
    /// (`always_invoice`, for upgrades), otherwise it goes on the next
    /// invoice (`create_prorations`). `version` distinguishes two changes
    /// to the same plan (e.g. the tenant's billing version after it).
    pub async fn change_plan(
        &self,
        tenant_id: Uuid,
        subscription_id: &str,
        plan: Plan,
        bill_now: bool,
        version: &str,
    ) -> Result<SubscriptionSummary, BillingError> {
        let current = self.retrieve_subscription(subscription_id).await?;
        let item = current.lines.first().ok_or_else(|| {
            BillingError::Response(format!("subscription {subscription_id} has no items"))
        })?;
        let price = self.price_id(plan.tier, plan.interval)?;
        let key = idempotency::key(
            "change_plan",
            tenant_id,
            &format!("{subscription_id}:{price}:{}:{version}", plan.seats),
        );
        let mut change = UpdateSubscriptionItems::new();
        change.id = Some(item.item_id.clone());
        change.price = Some(price.to_owned());
        change.quantity = Some(u64::from(plan.seats));
        let proration = if bill_now {
            UpdateSubscriptionProrationBehavior::AlwaysInvoice
        } else {
            UpdateSubscriptionProrationBehavior::CreateProrations
        };
        let update = UpdateSubscription::new(subscription_id)
            .items(vec![change])
            .proration_behavior(proration);
        let subscription = self
            .with_retries(Some(&key), |strategy| {
                update
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(self.summarise(subscription))
    }

    /// Cancels at once (the portal is the usual way; this is for support
    /// and tenant deletion).
    pub async fn cancel_subscription(
        &self,
        tenant_id: Uuid,
        subscription_id: &str,
    ) -> Result<SubscriptionSummary, BillingError> {
        let key = idempotency::key("cancel_subscription", tenant_id, subscription_id);
        let cancel = CancelSubscription::new(subscription_id);
        let subscription = self
            .with_retries(Some(&key), |strategy| {
                cancel
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(self.summarise(subscription))
    }

    pub async fn retrieve_subscription(
        &self,
        subscription_id: &str,
    ) -> Result<SubscriptionSummary, BillingError> {
        let retrieve = RetrieveSubscription::new(subscription_id);
        let subscription = self
            .with_retries(None, |strategy| {
                retrieve
                    .customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(self.summarise(subscription))
    }

    /// All the customer's subscriptions, canceled ones included, newest
    /// first (up to 100): for reconciling after missed webhooks.
    pub async fn list_subscriptions(
        &self,
        customer_id: &str,
    ) -> Result<Vec<SubscriptionSummary>, BillingError> {
        let list = ListSubscription::new()
            .customer(customer_id)
            .status(ListSubscriptionStatus::All)
            .limit(100);
        let subscriptions = self
            .with_retries(None, |strategy| {
                list.customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(subscriptions
            .data
            .into_iter()
            .map(|subscription| self.summarise(subscription))
            .collect())
    }

    /// The customer's latest invoices, newest first (at most `limit`, up to
    /// 100).
    pub async fn list_invoices(
        &self,
        customer_id: &str,
        limit: u8,
    ) -> Result<Vec<InvoiceSummary>, BillingError> {
        let list = ListInvoice::new()
            .customer(customer_id)
            .limit(i64::from(limit.clamp(1, 100)));
        let invoices = self
            .with_retries(None, |strategy| {
                list.customize()
                    .request_strategy(strategy)
                    .send(&self.client)
            })
            .await?;
        Ok(invoices.data.into_iter().map(summarise_invoice).collect())
    }

    fn price_id(&self, tier: Tier, interval: Interval) -> Result<&str, BillingError> {
        match self.prices.get(tier, interval) {
            "" => Err(BillingError::Config(format!(
                "no price id for {tier} {}",
                interval.as_str()
            ))),
            id => Ok(id),
        }
    }

    fn summarise(&self, subscription: stripe_shared::Subscription) -> SubscriptionSummary {
        let lines = subscription
            .items
            .data
            .iter()
            .map(|item| SubscriptionLine {
                item_id: item.id.to_string(),
                price_id: item.price.id.to_string(),
                plan: self.prices.lookup(item.price.id.as_str()),
                quantity: item.quantity.unwrap_or(0),
            })
            .collect();
        SubscriptionSummary {
            id: subscription.id.to_string(),
            customer_id: subscription.customer.id().to_string(),
            status: SubscriptionStatus::parse(subscription.status.as_str()),
            lines,
            cancel_at_period_end: subscription.cancel_at_period_end,
            current_period_end: subscription
                .items
                .data
                .first()
                .map(|item| item.current_period_end),
            tenant_id: subscription
                .metadata
                .get(TENANT_METADATA_KEY)
                .and_then(|id| id.parse().ok()),
        }
    }
}

fn tenant_metadata(tenant_id: Uuid) -> HashMap<String, String> {
    HashMap::from([(TENANT_METADATA_KEY.to_owned(), tenant_id.to_string())])
}

fn summarise_invoice(invoice: stripe_shared::Invoice) -> InvoiceSummary {
    InvoiceSummary {
        id: invoice.id.map(|id| id.to_string()).unwrap_or_default(),
        number: invoice.number,
        status: invoice.status.map(|status| status.as_str().to_owned()),
        amount_due: invoice.amount_due,
        amount_paid: invoice.amount_paid,
        total: invoice.total,
        currency: invoice.currency.to_string(),
        created: invoice.created,
        period_start: invoice.period_start,
        period_end: invoice.period_end,
        hosted_invoice_url: invoice.hosted_invoice_url,
        invoice_pdf: invoice.invoice_pdf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plan_has_a_price_and_prices_map_back_to_their_plan() {
        let prices = PriceIds::standin();
        for tier in Tier::ALL {
            for interval in [Interval::Monthly, Interval::Yearly] {
                let id = prices.get(tier, interval);
                assert!(id.starts_with("price_attain_"), "{id}");
                assert_eq!(prices.lookup(id), Some((tier, interval)));
            }
        }
        assert_eq!(prices.lookup("price_other"), None);
    }

    #[test]
    fn the_secret_key_never_shows_in_debug_output() {
        let config = StripeConfig::new("http://127.0.0.1:1", "sk_test_secret", PriceIds::standin());
        assert!(!format!("{config:?}").contains("sk_test_secret"));
    }
}
