//! The objects the stand-in keeps, and their JSON in Stripe's shapes with
//! every field async-stripe 1.0 requires (`object`, `created`,
//! `livemode`, list envelopes, nested required structs).

use crate::config::Price;
use attain_billing::{Interval, SubscriptionStatus};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub(crate) type Metadata = BTreeMap<String, String>;

/// `<prefix>_<24 random characters>`, like Stripe's ids.
pub(crate) fn new_id(prefix: &str) -> String {
    let suffix: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    format!("{prefix}_{suffix}")
}

pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The end of a billing period that starts at `start`.
pub(crate) fn period_end(start: i64, interval: Interval) -> i64 {
    let months = match interval {
        Interval::Monthly => 1,
        Interval::Yearly => 12,
    };
    chrono::DateTime::from_timestamp(start, 0)
        .and_then(|at| at.checked_add_months(chrono::Months::new(months)))
        .map_or(start + i64::from(months) * 30 * 86_400, |at| at.timestamp())
}

pub(crate) fn list(data: Vec<Value>, has_more: bool, url: &str) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}

#[derive(Debug, Clone)]
pub(crate) struct Customer {
    pub id: String,
    pub created: i64,
    pub email: Option<String>,
    pub name: Option<String>,
    pub metadata: Metadata,
}

impl Customer {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "customer",
            "balance": 0,
            "created": self.created,
            "currency": "usd",
            "delinquent": false,
            "description": null,
            "email": self.email,
            "livemode": false,
            "metadata": self.metadata,
            "name": self.name,
            "preferred_locales": [],
            "tax_exempt": "none",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionStatus {
    Open,
    Complete,
    Expired,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Complete => "complete",
            SessionStatus::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LineItem {
    pub price: String,
    pub quantity: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct CheckoutSession {
    pub id: String,
    pub created: i64,
    pub expires_at: i64,
    pub customer: Option<String>,
    pub customer_email: Option<String>,
    pub client_reference_id: Option<String>,
    pub metadata: Metadata,
    pub subscription_metadata: Metadata,
    pub line_items: Vec<LineItem>,
    pub success_url: String,
    pub cancel_url: Option<String>,
    pub status: SessionStatus,
    pub subscription: Option<String>,
    pub invoice: Option<String>,
    pub url: String,
}

impl CheckoutSession {
    pub fn to_json(&self, amount_total: i64) -> Value {
        let paid = self.status == SessionStatus::Complete;
        json!({
            "id": self.id,
            "object": "checkout.session",
            "amount_subtotal": amount_total,
            "amount_total": amount_total,
            "automatic_tax": { "enabled": false, "liability": null, "status": null },
            "cancel_url": self.cancel_url,
            "client_reference_id": self.client_reference_id,
            "created": self.created,
            "currency": "usd",
            "custom_fields": [],
            "custom_text": {},
            "customer": self.customer,
            "customer_email": self.customer_email,
            "expires_at": self.expires_at,
            "invoice": self.invoice,
            "livemode": false,
            "metadata": self.metadata,
            "mode": "subscription",
            "payment_method_types": ["card"],
            "payment_status": if paid { "paid" } else { "unpaid" },
            "shipping_options": [],
            "status": self.status.as_str(),
            "subscription": self.subscription,
            "success_url": self.success_url,
            "url": if self.status == SessionStatus::Open { Some(&self.url) } else { None },
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SubscriptionItem {
    pub id: String,
    pub created: i64,
    pub price: String,
    pub quantity: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub id: String,
    pub created: i64,
    pub customer: String,
    pub status: SubscriptionStatus,
    pub items: Vec<SubscriptionItem>,
    pub metadata: Metadata,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub period_start: i64,
    pub period_end: i64,
    pub latest_invoice: Option<String>,
    /// Proration lines waiting for the next invoice.
    pub pending_lines: Vec<InvoiceLine>,
}

impl Subscription {
    pub fn items_json(&self, prices: &[Price]) -> Value {
        let items = self
            .items
            .iter()
            .map(|item| {
                json!({
                    "id": item.id,
                    "object": "subscription_item",
                    "created": item.created,
                    "current_period_start": self.period_start,
                    "current_period_end": self.period_end,
                    "discounts": [],
                    "metadata": {},
                    "plan": plan_json(find_price(prices, &item.price)),
                    "price": price_json(find_price(prices, &item.price)),
                    "quantity": item.quantity,
                    "subscription": self.id,
                    "tax_rates": [],
                })
            })
            .collect();
        list(
            items,
            false,
            &format!("/v1/subscription_items?subscription={}", self.id),
        )
    }

    pub fn to_json(&self, prices: &[Price]) -> Value {
        json!({
            "id": self.id,
            "object": "subscription",
            "automatic_tax": { "enabled": false, "disabled_reason": null, "liability": null },
            "billing_cycle_anchor": self.period_start,
            "billing_mode": { "type": "classic" },
            "billing_schedules": [],
            "cancel_at": if self.cancel_at_period_end { Some(self.period_end) } else { None },
            "cancel_at_period_end": self.cancel_at_period_end,
            "canceled_at": self.canceled_at,
            "collection_method": "charge_automatically",
            "created": self.created,
            "currency": "usd",
            "customer": self.customer,
            "discounts": [],
            "ended_at": self.ended_at,
            "invoice_settings": { "issuer": { "type": "self" } },
            "items": self.items_json(prices),
            "latest_invoice": self.latest_invoice,
            "livemode": false,
            "metadata": self.metadata,
            "start_date": self.created,
            "status": self.status.as_str(),
            "trial_end": null,
            "trial_start": null,
        })
    }
}

/// A price the configuration does not know cannot be stored (creation
/// checks it), so this falls back to a zero price only defensively.
pub(crate) fn find_price<'a>(prices: &'a [Price], id: &str) -> PriceRef<'a> {
    PriceRef {
        id: id.to_owned(),
        price: prices.iter().find(|price| price.id == id),
    }
}

pub(crate) struct PriceRef<'a> {
    id: String,
    price: Option<&'a Price>,
}

impl PriceRef<'_> {
    pub fn unit_amount(&self) -> i64 {
        self.price.map_or(0, |price| price.unit_amount)
    }
    fn product(&self) -> String {
        self.price
            .map_or_else(|| "prod_unknown".to_owned(), |price| price.product.clone())
    }
    fn interval(&self) -> &'static str {
        match self.price.map(|price| price.interval) {
            Some(Interval::Yearly) => "year",
            _ => "month",
        }
    }
}

fn price_json(price: PriceRef<'_>) -> Value {
    json!({
        "id": price.id,
        "object": "price",
        "active": true,
        "billing_scheme": "per_unit",
        "created": 1_700_000_000,
        "currency": "usd",
        "livemode": false,
        "lookup_key": null,
        "metadata": {},
        "nickname": price.price.map(|price| price.nickname.clone()),
        "product": price.product(),
        "recurring": { "interval": price.interval(), "interval_count": 1, "usage_type": "licensed" },
        "tax_behavior": "unspecified",
        "type": "recurring",
        "unit_amount": price.unit_amount(),
        "unit_amount_decimal": price.unit_amount().to_string(),
    })
}

fn plan_json(price: PriceRef<'_>) -> Value {
    json!({
        "id": price.id,
        "object": "plan",
        "active": true,
        "amount": price.unit_amount(),
        "billing_scheme": "per_unit",
        "created": 1_700_000_000,
        "currency": "usd",
        "interval": price.interval(),
        "interval_count": 1,
        "livemode": false,
        "metadata": {},
        "product": price.product(),
        "usage_type": "licensed",
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvoiceStatus {
    Open,
    Paid,
    Void,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Void => "void",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct InvoiceLine {
    pub id: String,
    pub amount: i64,
    pub description: String,
    pub price: String,
    pub quantity: u64,
    pub proration: bool,
    pub subscription_item: String,
    pub period_start: i64,
    pub period_end: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Invoice {
    pub id: String,
    pub number: String,
    pub created: i64,
    pub customer: String,
    pub subscription: Option<String>,
    pub status: InvoiceStatus,
    pub billing_reason: &'static str,
    pub lines: Vec<InvoiceLine>,
    pub attempt_count: u64,
    pub paid_at: Option<i64>,
    pub period_start: i64,
    pub period_end: i64,
}

impl Invoice {
    pub fn total(&self) -> i64 {
        self.lines.iter().map(|line| line.amount).sum()
    }

    /// What is charged: a negative total (a downgrade's credit) charges
    /// nothing.
    pub fn amount_due(&self) -> i64 {
        self.total().max(0)
    }

    pub fn to_json(&self, public_url: &str) -> Value {
        let paid = self.status == InvoiceStatus::Paid;
        let amount_due = self.amount_due();
        let lines: Vec<Value> = self.lines.iter().map(|line| self.line_json(line)).collect();
        json!({
            "id": self.id,
            "object": "invoice",
            "account_country": "US",
            "account_name": "Attain (stand-in)",
            "amount_due": amount_due,
            "amount_overpaid": 0,
            "amount_paid": if paid { amount_due } else { 0 },
            "amount_remaining": if paid { 0 } else { amount_due },
            "amount_shipping": 0,
            "attempt_count": self.attempt_count,
            "attempted": self.attempt_count > 0,
            "auto_advance": !paid,
            "automatic_tax": { "enabled": false, "liability": null, "status": null },
            "billing_reason": self.billing_reason,
            "collection_method": "charge_automatically",
            "created": self.created,
            "currency": "usd",
            "customer": self.customer,
            "default_tax_rates": [],
            "description": null,
            "discounts": [],
            "hosted_invoice_url": format!("{public_url}/invoices/{}", self.id),
            "invoice_pdf": null,
            "issuer": { "type": "self" },
            "lines": list(lines, false, &format!("/v1/invoices/{}/lines", self.id)),
            "livemode": false,
            "metadata": {},
            "number": self.number,
            "parent": self.subscription.as_ref().map(|subscription| json!({
                "type": "subscription_details",
                "quote_details": null,
                "subscription_details": { "metadata": {}, "subscription": subscription },
            })),
            "payment_settings": {},
            "period_end": self.period_end,
            "period_start": self.period_start,
            "post_payment_credit_notes_amount": 0,
            "pre_payment_credit_notes_amount": 0,
            "starting_balance": 0,
            "status": self.status.as_str(),
            "status_transitions": {
                "finalized_at": self.created,
                "marked_uncollectible_at": null,
                "paid_at": self.paid_at,
                "voided_at": null,
            },
            "subscription": self.subscription,
            "subtotal": self.total(),
            "total": self.total(),
        })
    }

    fn line_json(&self, line: &InvoiceLine) -> Value {
        json!({
            "id": line.id,
            "object": "line_item",
            "amount": line.amount,
            "currency": "usd",
            "description": line.description,
            "discount_amounts": [],
            "discountable": !line.proration,
            "discounts": [],
            "invoice": self.id,
            "livemode": false,
            "metadata": {},
            "parent": {
                "type": "subscription_item_details",
                "invoice_item_details": null,
                "subscription_item_details": {
                    "invoice_item": null,
                    "proration": line.proration,
                    "proration_details": null,
                    "subscription": self.subscription,
                    "subscription_item": line.subscription_item,
                },
            },
            "period": { "start": line.period_start, "end": line.period_end },
            "pricing": {
                "type": "price_details",
                "price_details": { "price": line.price, "product": "prod_attain" },
                "unit_amount_decimal": null,
            },
            "quantity": line.quantity,
            "subtotal": line.amount,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PortalSession {
    pub id: String,
    pub created: i64,
    pub customer: String,
    pub return_url: Option<String>,
    pub url: String,
}

impl PortalSession {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "billing_portal.session",
            "configuration": "bpc_standin",
            "created": self.created,
            "customer": self.customer,
            "flow": null,
            "livemode": false,
            "locale": null,
            "on_behalf_of": null,
            "return_url": self.return_url,
            "url": self.url,
        })
    }
}

/// A webhook event as Stripe sends it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub created: i64,
    pub object: Value,
    pub previous_attributes: Option<Value>,
}

impl Event {
    pub fn to_json(&self) -> Value {
        let mut data = json!({ "object": self.object });
        if let (Some(previous), Some(map)) = (&self.previous_attributes, data.as_object_mut()) {
            map.insert("previous_attributes".into(), previous.clone());
        }
        json!({
            "id": self.id,
            "object": "event",
            "api_version": API_VERSION,
            "created": self.created,
            "data": data,
            "livemode": false,
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
            "type": self.kind,
        })
    }
}

/// The API version async-stripe 1.0.0-rc.10 is generated for.
pub const API_VERSION: &str = "2026-09-30.endive";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(year: i32, month: u32, day: u32) -> i64 {
        chrono::Utc
            .with_ymd_and_hms(year, month, day, 12, 0, 0)
            .unwrap()
            .timestamp()
    }

    #[test]
    fn a_period_ends_a_calendar_month_or_year_later() {
        assert_eq!(
            period_end(at(2026, 1, 15), Interval::Monthly),
            at(2026, 2, 15)
        );
        assert_eq!(
            period_end(at(2026, 1, 31), Interval::Monthly),
            at(2026, 2, 28)
        );
        assert_eq!(period_end(at(2026, 3, 1), Interval::Yearly), at(2027, 3, 1));
    }

    #[test]
    fn ids_carry_their_prefix_and_differ() {
        let first = new_id("cus");
        assert!(first.starts_with("cus_") && first.len() == 28);
        assert_ne!(first, new_id("cus"));
    }
}
