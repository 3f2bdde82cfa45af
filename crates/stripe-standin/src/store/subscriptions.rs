//! Subscription changes: items (seats, prices) with proration,
//! cancel-at-period-end and metadata, renewal, status changes and
//! cancellation.

use super::{merge_metadata, Store};
use crate::error::StandinError;
use crate::form::Form;
use crate::model::{
    find_price, new_id, now, period_end, InvoiceLine, Subscription, SubscriptionItem,
};
use attain_billing::SubscriptionStatus;
use serde_json::{json, Value};

impl Store {
    /// Seats, prices, cancel-at-period-end and metadata, as
    /// `POST /v1/subscriptions/{id}` takes them. Changed items are prorated
    /// unless `proration_behavior=none`: `always_invoice` bills the
    /// difference now, `create_prorations` (the default) on the next
    /// invoice.
    pub fn update_subscription(&mut self, id: &str, form: &Form) -> Result<Value, StandinError> {
        let before = self.subscription(id)?.clone();
        if before.status == SubscriptionStatus::Canceled {
            return Err(StandinError::invalid(
                "subscription",
                "A canceled subscription can only update its cancellation_details and metadata",
            ));
        }
        let proration = form
            .str("proration_behavior")
            .unwrap_or("create_prorations");
        if !matches!(proration, "create_prorations" | "always_invoice" | "none") {
            return Err(StandinError::invalid(
                "proration_behavior",
                format!("Invalid proration_behavior: '{proration}'"),
            ));
        }
        let mut after = before.clone();
        for change in form.list("items") {
            self.apply_item_change(&mut after, change)?;
        }
        if let Some(cancel) = form.parsed::<bool>("cancel_at_period_end") {
            after.cancel_at_period_end = cancel;
        }
        merge_metadata(&mut after.metadata, form);

        let lines = if proration == "none" {
            Vec::new()
        } else {
            self.proration_lines(&before, &after)
        };
        let mut previous = serde_json::Map::new();
        if items_differ(&before, &after) {
            previous.insert("items".into(), before.items_json(&self.prices));
        }
        if before.cancel_at_period_end != after.cancel_at_period_end {
            previous.insert(
                "cancel_at_period_end".into(),
                before.cancel_at_period_end.into(),
            );
        }
        if before.metadata != after.metadata {
            previous.insert("metadata".into(), json!(before.metadata));
        }
        if !lines.is_empty() && proration == "always_invoice" {
            let mut invoice = self.new_invoice(&after, "subscription_update");
            invoice.lines = lines;
            after.latest_invoice = Some(invoice.id.clone());
            self.store_subscription(after);
            // May decline: the subscription then goes past due, the change stays.
            self.charge(invoice)?;
        } else {
            after.pending_lines.extend(lines);
            self.store_subscription(after);
        }
        let after = self.subscription(id)?.clone();
        let json = self.subscription_json(&after);
        if !previous.is_empty() {
            self.emit(
                "customer.subscription.updated",
                json.clone(),
                Some(Value::Object(previous)),
            );
        }
        Ok(json)
    }

    fn apply_item_change(
        &self,
        subscription: &mut Subscription,
        change: &Form,
    ) -> Result<(), StandinError> {
        if let Some(price) = change.str("price") {
            self.price(price, "items[price]")?;
        }
        let Some(item_id) = change.str("id") else {
            let price = change
                .str("price")
                .ok_or_else(|| StandinError::missing("items[price]"))?;
            subscription.items.push(SubscriptionItem {
                id: new_id("si"),
                created: now(),
                price: price.to_owned(),
                quantity: change.parsed("quantity").unwrap_or(1),
            });
            return Ok(());
        };
        let position = subscription
            .items
            .iter()
            .position(|item| item.id == item_id)
            .ok_or_else(|| {
                StandinError::invalid(
                    "items[id]",
                    format!("No such subscription item: '{item_id}'"),
                )
            })?;
        if change.parsed::<bool>("deleted") == Some(true) {
            subscription.items.remove(position);
            return Ok(());
        }
        let item = &mut subscription.items[position];
        if let Some(price) = change.str("price") {
            item.price = price.to_owned();
        }
        if let Some(quantity) = change.parsed("quantity") {
            item.quantity = quantity;
        }
        Ok(())
    }

    /// For each item that changed: a credit for the unused time at the old
    /// price and quantity, a charge for the remaining time at the new.
    fn proration_lines(&self, before: &Subscription, after: &Subscription) -> Vec<InvoiceLine> {
        let now = now();
        let length = (before.period_end - before.period_start).max(1);
        let remaining = (before.period_end - now).clamp(0, length);
        let prorate = |amount: i64| amount * remaining / length;
        let mut lines = Vec::new();
        let amount = |price: &str, quantity: u64| {
            find_price(&self.prices, price).unit_amount() * quantity as i64
        };
        let line = |amount: i64, description: String, item: &SubscriptionItem| InvoiceLine {
            id: new_id("il"),
            amount,
            description,
            price: item.price.clone(),
            quantity: item.quantity,
            proration: true,
            subscription_item: item.id.clone(),
            period_start: now,
            period_end: before.period_end,
        };
        for old in &before.items {
            let new = after.items.iter().find(|item| item.id == old.id);
            if new.is_some_and(|new| new.price == old.price && new.quantity == old.quantity) {
                continue;
            }
            lines.push(line(
                -prorate(amount(&old.price, old.quantity)),
                format!("Unused time on {} × {}", old.quantity, old.price),
                old,
            ));
        }
        for new in &after.items {
            let old = before.items.iter().find(|item| item.id == new.id);
            if old.is_some_and(|old| new.price == old.price && new.quantity == old.quantity) {
                continue;
            }
            lines.push(line(
                prorate(amount(&new.price, new.quantity)),
                format!("Remaining time on {} × {}", new.quantity, new.price),
                new,
            ));
        }
        lines
    }

    pub fn cancel_subscription(&mut self, id: &str) -> Result<Value, StandinError> {
        let subscription = self.subscription_mut(id)?;
        if subscription.status == SubscriptionStatus::Canceled {
            return Err(StandinError::invalid(
                "subscription",
                format!("The subscription {id} is already canceled"),
            ));
        }
        let at = now();
        subscription.status = SubscriptionStatus::Canceled;
        subscription.canceled_at = Some(at);
        subscription.ended_at = Some(at);
        subscription.cancel_at_period_end = false;
        let subscription = subscription.clone();
        let json = self.subscription_json(&subscription);
        self.emit("customer.subscription.deleted", json.clone(), None);
        Ok(json)
    }

    /// Starts the next period and charges it (with any pending prorations).
    pub fn renew(&mut self, id: &str) -> Result<Value, StandinError> {
        let mut subscription = self.subscription(id)?.clone();
        if subscription.status == SubscriptionStatus::Canceled {
            return Err(StandinError::invalid(
                "subscription",
                "A canceled subscription does not renew",
            ));
        }
        let interval = subscription
            .items
            .first()
            .and_then(|item| self.price(&item.price, "price").ok())
            .map_or(attain_billing::Interval::Monthly, |price| price.interval);
        let previous = json!({
            "items": subscription.items_json(&self.prices),
        });
        subscription.period_start = subscription.period_end;
        subscription.period_end = period_end(subscription.period_start, interval);
        let mut invoice = self.new_invoice(&subscription, "subscription_cycle");
        invoice.lines = std::mem::take(&mut subscription.pending_lines);
        invoice.lines.extend(self.period_lines(&subscription));
        subscription.latest_invoice = Some(invoice.id.clone());
        self.store_subscription(subscription);
        let invoice_json = self.charge(invoice)?;
        let subscription = self.subscription(id)?.clone();
        let json = self.subscription_json(&subscription);
        self.emit("customer.subscription.updated", json, Some(previous));
        Ok(invoice_json)
    }

    pub fn mark_unpaid(&mut self, id: &str) -> Result<Value, StandinError> {
        self.set_status(id, SubscriptionStatus::Unpaid)
    }

    pub(super) fn set_status(
        &mut self,
        id: &str,
        status: SubscriptionStatus,
    ) -> Result<Value, StandinError> {
        let subscription = self.subscription_mut(id)?;
        let previous = subscription.status;
        if previous == status {
            let subscription = subscription.clone();
            return Ok(self.subscription_json(&subscription));
        }
        subscription.status = status;
        let subscription = subscription.clone();
        let json = self.subscription_json(&subscription);
        self.emit(
            "customer.subscription.updated",
            json.clone(),
            Some(json!({ "status": previous.as_str() })),
        );
        Ok(json)
    }
}

fn items_differ(before: &Subscription, after: &Subscription) -> bool {
    before.items.len() != after.items.len()
        || before.items.iter().zip(&after.items).any(|(old, new)| {
            old.id != new.id || old.price != new.price || old.quantity != new.quantity
        })
}
