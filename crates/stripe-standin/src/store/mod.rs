//! The stand-in's state and every change to it: customers, Checkout
//! sessions, subscriptions, invoices, portal sessions, stored idempotent
//! responses, the event log, and the switches tests flip. Each change runs
//! under one lock and queues the events it causes as one batch, delivered
//! in order (or reversed, when a test asked for that).

mod checkout;
mod customers;
mod invoices;
mod subscriptions;

use crate::config::{Price, StandinConfig};
use crate::error::StandinError;
use crate::form::Form;
use crate::model::{
    find_price, new_id, now, CheckoutSession, Customer, Event, Invoice, PortalSession, Subscription,
};
use serde_json::Value;
use std::collections::HashMap;
use tokio::sync::mpsc::UnboundedSender;

/// A response kept for an `Idempotency-Key`, with what it answered.
#[derive(Debug, Clone)]
pub(crate) struct StoredResponse {
    pub fingerprint: String,
    pub status: u16,
    pub body: Value,
}

/// One attempt to deliver an event to the webhook endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub event_id: String,
    pub event_type: String,
    pub attempt: u32,
    /// The endpoint's status code, or the transport error.
    pub outcome: Result<u16, String>,
}

pub(crate) struct Store {
    pub prices: Vec<Price>,
    pub secret_key: Option<String>,
    pub public_url: String,
    pub webhook_url: Option<String>,
    pub customers: Vec<Customer>,
    pub sessions: Vec<CheckoutSession>,
    pub subscriptions: Vec<Subscription>,
    pub invoices: Vec<Invoice>,
    pub portal_sessions: Vec<PortalSession>,
    pub idempotency: HashMap<String, StoredResponse>,
    pub events: Vec<Event>,
    pub deliveries: Vec<Delivery>,
    pub failing_api_calls: u32,
    pub losing_responses: u32,
    pub fail_next_payment: bool,
    pub reverse_next_batch: bool,
    batch: Vec<Event>,
    outbox: UnboundedSender<Event>,
}

impl Store {
    pub fn new(config: &StandinConfig, public_url: String, outbox: UnboundedSender<Event>) -> Self {
        Store {
            prices: config.prices.clone(),
            secret_key: config.secret_key.clone(),
            public_url,
            webhook_url: config.webhook_url.clone(),
            customers: Vec::new(),
            sessions: Vec::new(),
            subscriptions: Vec::new(),
            invoices: Vec::new(),
            portal_sessions: Vec::new(),
            idempotency: HashMap::new(),
            events: Vec::new(),
            deliveries: Vec::new(),
            failing_api_calls: 0,
            losing_responses: 0,
            fail_next_payment: false,
            reverse_next_batch: false,
            batch: Vec::new(),
            outbox,
        }
    }

    // ---- events -------------------------------------------------------

    fn emit(&mut self, kind: &str, object: Value, previous_attributes: Option<Value>) {
        self.batch.push(Event {
            id: new_id("evt"),
            kind: kind.to_owned(),
            created: now(),
            object,
            previous_attributes,
        });
    }

    /// Logs and sends the events the last change caused.
    pub fn end_batch(&mut self) {
        let mut batch = std::mem::take(&mut self.batch);
        if batch.is_empty() {
            return;
        }
        if std::mem::take(&mut self.reverse_next_batch) {
            batch.reverse();
        }
        for event in batch {
            self.send(event.clone());
            self.events.push(event);
        }
    }

    pub fn send(&self, event: Event) {
        // The receiver lives as long as the server; a closed channel means
        // it is shutting down and the event is only kept in the log.
        let _ = self.outbox.send(event);
    }

    // ---- lookups ------------------------------------------------------

    pub fn price(&self, id: &str, param: &'static str) -> Result<&Price, StandinError> {
        self.prices
            .iter()
            .find(|price| price.id == id)
            .ok_or_else(|| StandinError::invalid(param, format!("No such price: '{id}'")))
    }

    pub fn customer(&self, id: &str) -> Result<&Customer, StandinError> {
        self.customers
            .iter()
            .find(|customer| customer.id == id)
            .ok_or_else(|| StandinError::not_found("customer", id))
    }

    pub fn session(&self, id: &str) -> Result<&CheckoutSession, StandinError> {
        self.sessions
            .iter()
            .find(|session| session.id == id)
            .ok_or_else(|| StandinError::not_found("checkout.session", id))
    }

    fn session_mut(&mut self, id: &str) -> Result<&mut CheckoutSession, StandinError> {
        self.sessions
            .iter_mut()
            .find(|session| session.id == id)
            .ok_or_else(|| StandinError::not_found("checkout.session", id))
    }

    pub fn subscription(&self, id: &str) -> Result<&Subscription, StandinError> {
        self.subscriptions
            .iter()
            .find(|subscription| subscription.id == id)
            .ok_or_else(|| StandinError::not_found("subscription", id))
    }

    fn subscription_mut(&mut self, id: &str) -> Result<&mut Subscription, StandinError> {
        self.subscriptions
            .iter_mut()
            .find(|subscription| subscription.id == id)
            .ok_or_else(|| StandinError::not_found("subscription", id))
    }

    pub fn invoice(&self, id: &str) -> Result<&Invoice, StandinError> {
        self.invoices
            .iter()
            .find(|invoice| invoice.id == id)
            .ok_or_else(|| StandinError::not_found("invoice", id))
    }

    pub fn portal_session(&self, id: &str) -> Result<&PortalSession, StandinError> {
        self.portal_sessions
            .iter()
            .find(|session| session.id == id)
            .ok_or_else(|| StandinError::not_found("billing_portal.session", id))
    }

    // ---- JSON ---------------------------------------------------------

    pub fn session_json(&self, session: &CheckoutSession) -> Value {
        let total = session
            .line_items
            .iter()
            .map(|item| find_price(&self.prices, &item.price).unit_amount() * item.quantity as i64)
            .sum();
        session.to_json(total)
    }

    pub fn subscription_json(&self, subscription: &Subscription) -> Value {
        subscription.to_json(&self.prices)
    }

    pub fn invoice_json(&self, invoice: &Invoice) -> Value {
        invoice.to_json(&self.public_url)
    }
}

pub(super) fn merge_metadata(metadata: &mut crate::model::Metadata, form: &Form) {
    if let Some(Form::Map(children)) = form.get("metadata") {
        for (key, value) in children {
            match value {
                Form::Leaf(value) if value.is_empty() => {
                    metadata.remove(key);
                }
                Form::Leaf(value) => {
                    metadata.insert(key.clone(), value.clone());
                }
                Form::Map(_) => {}
            }
        }
    }
}
