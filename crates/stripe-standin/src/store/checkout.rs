//! Checkout sessions: created open, paid (a customer, an active
//! subscription and a paid invoice) or expired.

use super::Store;
use crate::error::StandinError;
use crate::form::Form;
use crate::model::{
    new_id, now, period_end, CheckoutSession, InvoiceStatus, LineItem, SessionStatus, Subscription,
    SubscriptionItem,
};
use attain_billing::SubscriptionStatus;
use serde_json::Value;

impl Store {
    pub fn create_session(&mut self, form: &Form) -> Result<Value, StandinError> {
        match form.str("mode") {
            Some("subscription") => {}
            Some(other) => {
                return Err(StandinError::invalid(
                    "mode",
                    format!("The stand-in only supports subscription mode, not '{other}'"),
                ))
            }
            None => return Err(StandinError::missing("mode")),
        }
        let success_url = form
            .str("success_url")
            .ok_or_else(|| StandinError::missing("success_url"))?;
        let mut line_items = Vec::new();
        for item in form.list("line_items") {
            let price = item
                .str("price")
                .ok_or_else(|| StandinError::missing("line_items[price]"))?;
            self.price(price, "line_items[price]")?;
            line_items.push(LineItem {
                price: price.to_owned(),
                quantity: item.parsed("quantity").unwrap_or(1),
            });
        }
        if line_items.is_empty() {
            return Err(StandinError::missing("line_items"));
        }
        let customer = form.str("customer").map(str::to_owned);
        if let Some(customer) = &customer {
            self.customer(customer)?;
        }
        let id = new_id("cs_test");
        let created = now();
        let session = CheckoutSession {
            url: format!("{}/checkout/{id}", self.public_url),
            id,
            created,
            expires_at: created + 24 * 3600,
            customer,
            customer_email: form.str("customer_email").map(str::to_owned),
            client_reference_id: form.str("client_reference_id").map(str::to_owned),
            metadata: form.strings("metadata"),
            subscription_metadata: form
                .get("subscription_data")
                .map(|data| data.strings("metadata"))
                .unwrap_or_default(),
            line_items,
            success_url: success_url.to_owned(),
            cancel_url: form.str("cancel_url").map(str::to_owned),
            status: SessionStatus::Open,
            subscription: None,
            invoice: None,
        };
        let json = self.session_json(&session);
        self.sessions.push(session);
        Ok(json)
    }

    pub fn expire_session(&mut self, id: &str) -> Result<Value, StandinError> {
        let session = self.session_mut(id)?;
        if session.status != SessionStatus::Open {
            return Err(StandinError::invalid(
                "session",
                "Only open sessions can be expired",
            ));
        }
        session.status = SessionStatus::Expired;
        let session = session.clone();
        Ok(self.session_json(&session))
    }

    /// The customer pays: a customer (if the session had none), an active
    /// subscription with the session's prices and quantities, and a paid
    /// first invoice. A declined card (armed with `fail_next_payment`)
    /// leaves the session open and creates nothing, as Checkout does.
    pub fn complete_session(&mut self, id: &str) -> Result<Value, StandinError> {
        let session = self.session(id)?.clone();
        if session.status != SessionStatus::Open {
            return Err(StandinError::invalid(
                "session",
                format!("Checkout session {id} is {}", session.status.as_str()),
            ));
        }
        if std::mem::take(&mut self.fail_next_payment) {
            return Err(StandinError::CardDeclined);
        }
        let customer = match &session.customer {
            Some(customer) => customer.clone(),
            None => self.checkout_customer(session.customer_email.clone()),
        };
        let created = now();
        let first_price = session.line_items.first().map(|item| item.price.as_str());
        let interval = self
            .price(first_price.unwrap_or_default(), "price")?
            .interval;
        let subscription_id = new_id("sub");
        let items = session
            .line_items
            .iter()
            .map(|item| SubscriptionItem {
                id: new_id("si"),
                created,
                price: item.price.clone(),
                quantity: item.quantity,
            })
            .collect();
        let mut subscription = Subscription {
            id: subscription_id.clone(),
            created,
            customer: customer.clone(),
            status: SubscriptionStatus::Active,
            items,
            metadata: session.subscription_metadata.clone(),
            cancel_at_period_end: false,
            canceled_at: None,
            ended_at: None,
            period_start: created,
            period_end: period_end(created, interval),
            latest_invoice: None,
            pending_lines: Vec::new(),
        };
        let mut invoice = self.new_invoice(&subscription, "subscription_create");
        invoice.lines = self.period_lines(&subscription);
        invoice.status = InvoiceStatus::Paid;
        invoice.attempt_count = 1;
        invoice.paid_at = Some(created);
        subscription.latest_invoice = Some(invoice.id.clone());

        let stored = self.session_mut(id)?;
        stored.status = SessionStatus::Complete;
        stored.customer = Some(customer);
        stored.subscription = Some(subscription_id);
        stored.invoice = Some(invoice.id.clone());
        let session = stored.clone();
        let session_json = self.session_json(&session);
        let subscription_json = self.subscription_json(&subscription);
        let invoice_json = self.invoice_json(&invoice);
        self.subscriptions.push(subscription);
        self.invoices.push(invoice);
        self.emit("checkout.session.completed", session_json.clone(), None);
        self.emit("customer.subscription.created", subscription_json, None);
        self.emit("invoice.paid", invoice_json, None);
        Ok(session_json)
    }
}
