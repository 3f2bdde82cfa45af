//! Stripe webhook events, stored by the API, applied here once each.
//!
//! The event only says which customer and subscription changed; the state
//! applied is the subscription as Stripe serves it now (re-read through
//! [`StripeClient`]), stamped with the time the read started. A read that
//! started before the stored state's is not applied, so a late, duplicated
//! or reordered delivery never moves a subscription backwards. The tenant is
//! found by its Stripe customer id, or else by the `tenant_id` metadata
//! Attain puts on every customer, session and subscription. An event for an
//! unknown customer is recorded with its outcome, logged at error level
//! (the alert), and changes nothing. `processed_at` is set in the same
//! transaction as the effect. Once applied, open billing pages are told
//! (topic [`LIVE_TOPIC`]).
//!
//! `billing.seats_changed` messages share the queue and go to
//! [`crate::billing_seats`].

use crate::WorkerContext;
use attain_billing::{client::SubscriptionSummary, BillingError, StripeClient, SubscriptionStatus};
use attain_db::{
    control::{billing, tenants},
    DbError,
};
use attain_jobs::{
    consumer::{Handler, HandlerError},
    envelope::{kinds, BillingEventReceived},
    Envelope,
};
use chrono::{DateTime, Utc};
use diesel::Connection;
use futures_util::FutureExt;
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

pub fn handler(ctx: WorkerContext) -> Handler {
    Arc::new(move |envelope| {
        let ctx = ctx.clone();
        async move { run(&ctx, envelope).await }.boxed()
    })
}

/// The live-update topic open billing pages listen to.
pub const LIVE_TOPIC: &str = "billing";

/// The event types that can change what a tenant may do.
pub const HANDLED: [&str; 6] = [
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
];

/// What an event names.
#[derive(Debug, Default, Clone)]
struct Subject {
    customer_id: Option<String>,
    subscription_id: Option<String>,
    tenant_hint: Option<Uuid>,
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        // An expanded object.
        Value::Object(map) => map.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn subject(kind: &str, object: &Value) -> Subject {
    let metadata_tenant = object["metadata"]["tenant_id"]
        .as_str()
        .and_then(|id| id.parse().ok());
    match kind {
        "checkout.session.completed" => Subject {
            customer_id: text(&object["customer"]),
            subscription_id: text(&object["subscription"]),
            tenant_hint: object["client_reference_id"]
                .as_str()
                .and_then(|id| id.parse().ok())
                .or(metadata_tenant),
        },
        kind if kind.starts_with("customer.subscription.") => Subject {
            customer_id: text(&object["customer"]),
            subscription_id: text(&object["id"]),
            tenant_hint: metadata_tenant,
        },
        _ => Subject {
            customer_id: text(&object["customer"]),
            subscription_id: text(&object["subscription"])
                .or_else(|| text(&object["parent"]["subscription_details"]["subscription"])),
            tenant_hint: object["parent"]["subscription_details"]["metadata"]["tenant_id"]
                .as_str()
                .and_then(|id| id.parse().ok()),
        },
    }
}

#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Db(e.into())
    }
}

async fn run(ctx: &WorkerContext, envelope: Envelope) -> Result<(), HandlerError> {
    if envelope.kind == kinds::BILLING_SEATS_CHANGED {
        return crate::billing_seats::run(ctx, envelope).await;
    }
    let received: BillingEventReceived = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| HandlerError::Permanent(format!("bad billing.event payload: {e}")))?;
    let event_id = received.stripe_event_id.clone();
    let stored = {
        let event_id = event_id.clone();
        ctx.db
            .run(move |conn| billing::find_event(conn, &event_id))
            .await
            .map_err(|e| HandlerError::Transient(e.to_string()))?
    };
    let Some(stored) = stored else {
        return Err(HandlerError::Permanent(format!(
            "no stored billing event {event_id}"
        )));
    };
    if stored.processed_at.is_some() {
        return Ok(());
    }
    let kind = stored.event_type.clone();
    let object = stored.payload["data"]["object"].clone();
    let subject = subject(&kind, &object);
    // Re-read the subscription as Stripe serves it now.
    let (current, read_at) = if HANDLED.contains(&kind.as_str()) {
        match &subject.subscription_id {
            Some(id) => {
                let read_at = Utc::now();
                match read(&ctx.stripe, id, &kind, &object).await? {
                    Some(summary) => (Some(summary), read_at),
                    None => (None, stored.stripe_created_at),
                }
            }
            None => (None, stored.stripe_created_at),
        }
    } else {
        (None, stored.stripe_created_at)
    };
    let event_created = stored.stripe_created_at;
    let changed = ctx
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<Option<Uuid>, Failure> {
                let Some(event) = billing::claim_event(conn, &event_id)? else {
                    return Ok(None);
                };
                let (tenant_id, outcome) = apply(
                    conn,
                    &kind,
                    &subject,
                    current.as_ref(),
                    read_at.max(event_created),
                )?;
                match outcome {
                    Outcome::UnknownCustomer => tracing::error!(
                        stripe_event_id = %event.stripe_event_id,
                        event_type = %kind,
                        customer = subject.customer_id.as_deref().unwrap_or("none"),
                        "billing event for an unknown customer: recorded, nothing changed"
                    ),
                    ref outcome => tracing::info!(
                        stripe_event_id = %event.stripe_event_id,
                        event_type = %kind,
                        tenant_id = ?tenant_id,
                        outcome = outcome.as_str(),
                        "billing event processed"
                    ),
                }
                billing::finish_event(conn, event.id, tenant_id, outcome.as_str(), None)?;
                Ok(tenant_id.filter(|_| outcome == Outcome::Applied))
            })
        })
        .await
        .map_err(|e| HandlerError::Transient(e.to_string()))?;
    // Open billing pages refetch; a missed notice only delays them.
    if let Some(tenant_id) = changed {
        if let Err(error) = ctx.cache.publish_update(tenant_id, LIVE_TOPIC).await {
            tracing::warn!(%tenant_id, %error, "billing update not announced");
        }
    }
    Ok(())
}

/// The subscription now, or `None` when Stripe no longer has it (then the
/// event changes nothing but is recorded). A subscription event's own
/// object stands in when the subscription cannot be found.
async fn read(
    stripe: &StripeClient,
    subscription_id: &str,
    kind: &str,
    object: &Value,
) -> Result<Option<SubscriptionSummary>, HandlerError> {
    match stripe.retrieve_subscription(subscription_id).await {
        Ok(summary) => Ok(Some(summary)),
        Err(BillingError::Refused { status: 404, .. }) => {
            if kind.starts_with("customer.subscription.") {
                Ok(summary_from_object(stripe, object))
            } else {
                Ok(None)
            }
        }
        // Stripe unavailable, or refusing the key: retried, then dead-lettered
        // with the event left unprocessed.
        Err(error) => Err(HandlerError::Transient(error.to_string())),
    }
}

/// A subscription event's object read as a summary.
fn summary_from_object(stripe: &StripeClient, object: &Value) -> Option<SubscriptionSummary> {
    let lines = object["items"]["data"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let price_id = item["price"]["id"].as_str().unwrap_or_default().to_owned();
                    attain_billing::client::SubscriptionLine {
                        item_id: item["id"].as_str().unwrap_or_default().to_owned(),
                        plan: stripe.prices().lookup(&price_id),
                        price_id,
                        quantity: item["quantity"].as_u64().unwrap_or(0),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some(SubscriptionSummary {
        id: text(&object["id"])?,
        customer_id: text(&object["customer"])?,
        status: object["status"]
            .as_str()
            .and_then(SubscriptionStatus::parse),
        lines,
        cancel_at_period_end: object["cancel_at_period_end"].as_bool().unwrap_or(false),
        current_period_end: object["items"]["data"][0]["current_period_end"].as_i64(),
        tenant_id: object["metadata"]["tenant_id"]
            .as_str()
            .and_then(|id| id.parse().ok()),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Applied,
    /// The stored state is newer than what this event's processing read.
    Stale,
    /// An event about a subscription the tenant has replaced.
    OtherSubscription,
    UnknownCustomer,
    /// Nothing in it changes a subscription (an invoice without one, a
    /// subscription Stripe no longer has, a type not handled).
    Recorded,
    Ignored,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Stale => "stale",
            Outcome::OtherSubscription => "other_subscription",
            Outcome::UnknownCustomer => "unknown_customer",
            Outcome::Recorded => "recorded",
            Outcome::Ignored => "ignored",
        }
    }
}

/// Finds the tenant and applies `current` when it is newer than the stored
/// state. Runs inside the transaction that marks the event processed.
fn apply(
    conn: &mut diesel::PgConnection,
    kind: &str,
    subject: &Subject,
    current: Option<&SubscriptionSummary>,
    observed_at: DateTime<Utc>,
) -> Result<(Option<Uuid>, Outcome), Failure> {
    if !HANDLED.contains(&kind) {
        return Ok((None, Outcome::Ignored));
    }
    let customer_id = current
        .map(|summary| summary.customer_id.clone())
        .or_else(|| subject.customer_id.clone());
    let mut tenant_id = match &customer_id {
        Some(customer) => billing::tenant_of_customer(conn, customer)?,
        None => None,
    };
    if tenant_id.is_none() {
        // Attain's metadata, when the customer is not linked yet: only a
        // tenant that has no other customer.
        let hint = current.and_then(|s| s.tenant_id).or(subject.tenant_hint);
        if let Some(hint) = hint {
            if tenants::find(conn, hint)?.is_some() {
                if let Some(row) = billing::find(conn, hint)? {
                    if row.stripe_customer_id.is_none()
                        || row.stripe_customer_id.as_deref() == customer_id.as_deref()
                    {
                        tenant_id = Some(hint);
                    }
                }
            }
        }
    }
    let Some(tenant_id) = tenant_id else {
        return Ok((None, Outcome::UnknownCustomer));
    };
    let Some(row) = billing::lock(conn, tenant_id)? else {
        return Ok((None, Outcome::UnknownCustomer));
    };
    let Some(current) = current else {
        return Ok((Some(tenant_id), Outcome::Recorded));
    };
    let Some(status) = current.status else {
        return Ok((Some(tenant_id), Outcome::Recorded));
    };
    if row
        .stripe_state_at
        .is_some_and(|stored| stored > observed_at)
    {
        return Ok((Some(tenant_id), Outcome::Stale));
    }
    if let Some(stored) = &row.stripe_subscription_id {
        let ended = matches!(
            status,
            SubscriptionStatus::Canceled | SubscriptionStatus::IncompleteExpired
        );
        if stored != &current.id && ended {
            return Ok((Some(tenant_id), Outcome::OtherSubscription));
        }
    }
    let now = Utc::now();
    let past_due_since = match status {
        SubscriptionStatus::PastDue | SubscriptionStatus::Incomplete => {
            let was_past_due = matches!(row.status.as_str(), "past_due" | "incomplete");
            match row.past_due_since {
                Some(since) if was_past_due => Some(since),
                _ => Some(observed_at.min(now)),
            }
        }
        SubscriptionStatus::Active | SubscriptionStatus::Trialing => None,
        _ => row.past_due_since,
    };
    let plan = current.lines.first().and_then(|line| line.plan);
    let state = billing::AppliedState {
        tier: plan.map_or(row.tier.clone(), |(tier, _)| tier.as_str().to_owned()),
        billing_interval: plan.map_or(row.billing_interval.clone(), |(_, interval)| {
            interval.as_str().to_owned()
        }),
        status: status.as_str().to_owned(),
        seats: i32::try_from(current.seats()).unwrap_or(i32::MAX),
        stripe_customer_id: Some(current.customer_id.clone()),
        stripe_subscription_id: Some(current.id.clone()),
        past_due_since,
        current_period_end: current
            .current_period_end
            .and_then(|end| DateTime::from_timestamp(end, 0)),
        cancel_at_period_end: current.cancel_at_period_end,
        stripe_state_at: Some(observed_at),
        updated_at: now,
    };
    billing::apply(conn, tenant_id, &state)?;
    Ok((Some(tenant_id), Outcome::Applied))
}
