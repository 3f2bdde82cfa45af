//! Webhook delivery: each event is POSTed to the configured endpoint with a
//! `Stripe-Signature` made by [`attain_billing::signature::sign`], in the
//! order the events were queued. A failed attempt (no answer or a non-2xx
//! status) is retried in the background with a doubling delay, so one
//! failing event does not hold back the next, as with Stripe.

use crate::model::{now, Event};
use crate::store::Delivery;
use crate::Shared;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

#[derive(Debug, Clone)]
pub(crate) struct DeliveryPolicy {
    pub secret: String,
    pub attempts: u32,
    pub first_retry_delay: Duration,
}

/// Runs until the stand-in stops (its handle aborts this task).
pub(crate) async fn deliver(
    shared: Arc<Shared>,
    mut events: UnboundedReceiver<Event>,
    policy: DeliveryPolicy,
) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    while let Some(event) = events.recv().await {
        let Some(url) = shared.with(|store| store.webhook_url.clone()) else {
            continue;
        };
        let payload = match serde_json::to_vec(&event.to_json()) {
            Ok(payload) => payload,
            Err(error) => {
                tracing::error!(%error, event = %event.id, "event did not serialize");
                continue;
            }
        };
        let sender = Sender {
            shared: shared.clone(),
            client: client.clone(),
            policy: policy.clone(),
            url,
            event,
            payload,
        };
        if !sender.attempt(1).await {
            tokio::spawn(sender.retry());
        }
    }
}

struct Sender {
    shared: Arc<Shared>,
    client: reqwest::Client,
    policy: DeliveryPolicy,
    url: String,
    event: Event,
    payload: Vec<u8>,
}

impl Sender {
    async fn retry(self) {
        let mut delay = self.policy.first_retry_delay;
        for attempt in 2..=self.policy.attempts {
            tokio::time::sleep(delay).await;
            if self.attempt(attempt).await {
                return;
            }
            delay *= 2;
        }
        tracing::warn!(event = %self.event.id, "webhook delivery gave up");
    }

    /// One signed POST; true when the endpoint answered 2xx.
    async fn attempt(&self, attempt: u32) -> bool {
        let signature =
            attain_billing::signature::sign(&[&self.policy.secret], now(), &self.payload);
        let result = self
            .client
            .post(&self.url)
            .header("Stripe-Signature", signature)
            .header("Content-Type", "application/json; charset=utf-8")
            .body(self.payload.clone())
            .send()
            .await;
        let outcome = result
            .map(|response| response.status().as_u16())
            .map_err(|error| error.to_string());
        let delivered = matches!(outcome, Ok(status) if (200..300).contains(&status));
        tracing::debug!(event = %self.event.id, kind = %self.event.kind, attempt, ?outcome, "webhook delivery");
        self.shared.with(|store| {
            store.deliveries.push(Delivery {
                event_id: self.event.id.clone(),
                event_type: self.event.kind.clone(),
                attempt,
                outcome,
            })
        });
        delivered
    }
}
