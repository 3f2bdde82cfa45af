//! Invoices: built for a period or a proration, charged (or declined, which
//! puts an active subscription past due), paid later, voided.

use super::Store;
use crate::error::StandinError;
use crate::model::{find_price, new_id, now, Invoice, InvoiceLine, InvoiceStatus, Subscription};
use attain_billing::SubscriptionStatus;
use serde_json::Value;

impl Store {
    pub(super) fn new_invoice(
        &self,
        subscription: &Subscription,
        billing_reason: &'static str,
    ) -> Invoice {
        Invoice {
            id: new_id("in"),
            number: format!("STANDIN-{:04}", self.invoices.len() + 1),
            created: now(),
            customer: subscription.customer.clone(),
            subscription: Some(subscription.id.clone()),
            status: InvoiceStatus::Open,
            billing_reason,
            lines: Vec::new(),
            attempt_count: 0,
            paid_at: None,
            period_start: subscription.period_start,
            period_end: subscription.period_end,
        }
    }

    pub(super) fn period_lines(&self, subscription: &Subscription) -> Vec<InvoiceLine> {
        subscription
            .items
            .iter()
            .map(|item| {
                let price = find_price(&self.prices, &item.price);
                InvoiceLine {
                    id: new_id("il"),
                    amount: price.unit_amount() * item.quantity as i64,
                    description: format!("{} × {}", item.quantity, item.price),
                    price: item.price.clone(),
                    quantity: item.quantity,
                    proration: false,
                    subscription_item: item.id.clone(),
                    period_start: subscription.period_start,
                    period_end: subscription.period_end,
                }
            })
            .collect()
    }

    pub(super) fn store_subscription(&mut self, subscription: Subscription) {
        if let Some(stored) = self
            .subscriptions
            .iter_mut()
            .find(|stored| stored.id == subscription.id)
        {
            *stored = subscription;
        }
    }

    /// Attempts payment of a new invoice and stores it; the subscription
    /// goes past due on failure.
    pub(super) fn charge(&mut self, mut invoice: Invoice) -> Result<Value, StandinError> {
        invoice.attempt_count += 1;
        let failed = std::mem::take(&mut self.fail_next_payment);
        if failed {
            invoice.status = InvoiceStatus::Open;
        } else {
            invoice.status = InvoiceStatus::Paid;
            invoice.paid_at = Some(now());
        }
        let json = self.invoice_json(&invoice);
        let subscription = invoice.subscription.clone();
        self.invoices.push(invoice);
        if failed {
            self.emit("invoice.payment_failed", json.clone(), None);
            if let Some(subscription) = subscription {
                if self.subscription(&subscription)?.status == SubscriptionStatus::Active {
                    self.set_status(&subscription, SubscriptionStatus::PastDue)?;
                }
            }
        } else {
            self.emit("invoice.paid", json.clone(), None);
        }
        Ok(json)
    }

    /// Pays an open invoice; a past-due or unpaid subscription whose
    /// invoices are all paid becomes active again.
    pub fn pay_invoice(&mut self, id: &str) -> Result<Value, StandinError> {
        let invoice = self
            .invoices
            .iter_mut()
            .find(|invoice| invoice.id == id)
            .ok_or_else(|| StandinError::not_found("invoice", id))?;
        if invoice.status != InvoiceStatus::Open {
            return Err(StandinError::invalid(
                "invoice",
                format!("Invoice is already {}", invoice.status.as_str()),
            ));
        }
        invoice.attempt_count += 1;
        if std::mem::take(&mut self.fail_next_payment) {
            let invoice = invoice.clone();
            let json = self.invoice_json(&invoice);
            self.emit("invoice.payment_failed", json, None);
            return Err(StandinError::CardDeclined);
        }
        invoice.status = InvoiceStatus::Paid;
        invoice.paid_at = Some(now());
        let invoice = invoice.clone();
        let json = self.invoice_json(&invoice);
        self.emit("invoice.paid", json.clone(), None);
        if let Some(subscription) = &invoice.subscription {
            let still_open = self.invoices.iter().any(|other| {
                other.subscription.as_ref() == Some(subscription)
                    && other.status == InvoiceStatus::Open
            });
            let status = self.subscription(subscription)?.status;
            if !still_open
                && matches!(
                    status,
                    SubscriptionStatus::PastDue | SubscriptionStatus::Unpaid
                )
            {
                self.set_status(subscription, SubscriptionStatus::Active)?;
            }
        }
        Ok(json)
    }

    pub fn void_invoice(&mut self, id: &str) -> Result<Value, StandinError> {
        let invoice = self
            .invoices
            .iter_mut()
            .find(|invoice| invoice.id == id)
            .ok_or_else(|| StandinError::not_found("invoice", id))?;
        invoice.status = InvoiceStatus::Void;
        let invoice = invoice.clone();
        Ok(self.invoice_json(&invoice))
    }
}
