//! What the stand-in is started with: where webhooks go and how they are
//! signed, the API key it accepts, the prices it sells, and how webhook
//! deliveries are retried.

use attain_billing::{Interval, Tier};
use std::time::Duration;

/// A recurring per-seat price the stand-in knows. Creating a session or
/// changing a subscription with an unknown price id fails as on Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub id: String,
    pub product: String,
    pub nickname: String,
    /// Cents per seat per interval.
    pub unit_amount: i64,
    pub interval: Interval,
}

#[derive(Debug, Clone)]
pub struct StandinConfig {
    /// Where signed events are POSTed; none keeps them in the event log
    /// only (settable later with `Controls::set_webhook_url`).
    pub webhook_url: Option<String>,
    /// The `whsec_…` secret events are signed with.
    pub webhook_secret: String,
    /// When set, API calls must carry `Authorization: Bearer <key>`; when
    /// not, any bearer key is accepted.
    pub secret_key: Option<String>,
    /// The base of the Checkout and portal page URLs handed out; defaults
    /// to `http://<bound address>`.
    pub public_url: Option<String>,
    pub prices: Vec<Price>,
    /// Delivery attempts per event, the first included.
    pub webhook_attempts: u32,
    /// The wait before the first retry; it doubles after each failure.
    pub webhook_first_retry_delay: Duration,
}

impl StandinConfig {
    /// Attain's tier prices, no key check, webhooks to `webhook_url`.
    pub fn new(webhook_secret: impl Into<String>) -> Self {
        StandinConfig {
            webhook_url: None,
            webhook_secret: webhook_secret.into(),
            secret_key: None,
            public_url: None,
            prices: tier_prices(),
            webhook_attempts: 4,
            webhook_first_retry_delay: Duration::from_millis(200),
        }
    }

    pub fn with_webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }
}

/// One price per tier and interval, with the ids
/// [`attain_billing::client::PriceIds::standin`] configures the client with.
pub fn tier_prices() -> Vec<Price> {
    let ids = attain_billing::client::PriceIds::standin();
    let mut prices = Vec::new();
    for tier in Tier::ALL {
        for interval in [Interval::Monthly, Interval::Yearly] {
            prices.push(Price {
                id: ids.get(tier, interval).to_owned(),
                product: format!("prod_attain_{}", tier.as_str()),
                nickname: format!("{} ({})", tier.label(), interval.as_str()),
                unit_amount: tier.seat_price_cents(interval),
                interval,
            });
        }
    }
    prices
}
