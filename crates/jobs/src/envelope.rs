//! The message every event travels in, and how it enters the outbox.

use attain_db::{control::outbox, DbError};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod kinds {
    /// A deal was created or changed; payload [`super::DealChanged`].
    pub const DEAL_CHANGED: &str = "deal.changed";
    /// Someone logged an activity; payload [`super::ActivityLogged`]. Routed
    /// with deal events so the KPI worker counts it.
    pub const ACTIVITY_LOGGED: &str = "deal.activity_logged";
    /// A goal, the company's target priority mix or an exchange rate
    /// changed: only the alignment snapshot moves; payload [`super::TargetsChanged`]. Routed
    /// with deal events to the KPI worker.
    pub const TARGETS_CHANGED: &str = "deal.targets_changed";
    /// An admin started a CSV import; payload [`super::ImportRequested`].
    pub const IMPORT_REQUESTED: &str = "import.requested";
    /// Something statements depend on changed (a plan, assignment, quota,
    /// rate or adjustment), or an admin asked for a full recalculation;
    /// payload [`super::CompRecalculate`].
    pub const COMP_RECALCULATE: &str = "comp.recalculate";
    /// An admin asked to replay a draft plan version; payload [`super::CompScenario`].
    pub const COMP_SCENARIO: &str = "comp.scenario";
    /// A verified Stripe webhook event was stored; payload
    /// [`super::BillingEventReceived`]. Its tenant is found while processing,
    /// so the envelope's `tenant_id` is nil.
    pub const BILLING_EVENT: &str = "billing.event";
    /// A paid seat was added (an invitation or reactivation past the seats
    /// paid for); payload [`super::SeatsChanged`]. The worker raises
    /// Stripe's quantity to the seats in use.
    pub const BILLING_SEATS_CHANGED: &str = "billing.seats_changed";
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub message_id: Uuid,
    pub tenant_id: Uuid,
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealChanged {
    pub deal_id: Uuid,
    pub change: String,
}

/// What changed: `goal`, `target_mix` or `exchange_rates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsChanged {
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityLogged {
    pub activity_id: Uuid,
    pub person_id: Uuid,
    pub occurred_on: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRequested {
    pub import_id: Uuid,
}

/// Statements to recompute: the given people (everyone when `None`) from
/// `from` (a period's first day) to the current period. With `run_id`, the
/// worker reports progress on that run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompRecalculate {
    pub people: Option<Vec<Uuid>>,
    pub from: chrono::NaiveDate,
    pub run_id: Option<Uuid>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompScenario {
    pub run_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingEventReceived {
    pub stripe_event_id: String,
}

/// The seats in use when the message left; the worker counts again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatsChanged {
    pub seats_in_use: i64,
}

/// Writes a message that belongs to no tenant yet (a Stripe event before its
/// customer is looked up) to the outbox: the envelope carries the nil id.
pub fn enqueue_untenanted(
    conn: &mut PgConnection,
    kind: &str,
    payload: impl Serialize,
) -> Result<Envelope, DbError> {
    let envelope = Envelope {
        message_id: Uuid::new_v4(),
        tenant_id: Uuid::nil(),
        kind: kind.to_owned(),
        occurred_at: Utc::now(),
        payload: serde_json::to_value(payload).map_err(|e| DbError::Corrupt(e.to_string()))?,
    };
    outbox::enqueue(
        conn,
        &outbox::NewOutboxMessage {
            message_id: envelope.message_id,
            tenant_id: None,
            routing_key: kind.to_owned(),
            payload: serde_json::to_value(&envelope)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
        },
    )?;
    Ok(envelope)
}

/// Writes an event to the outbox. Call it in the transaction that makes the
/// change, so the event exists if and only if the change does.
pub fn enqueue(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    kind: &str,
    payload: impl Serialize,
) -> Result<Envelope, DbError> {
    let envelope = Envelope {
        message_id: Uuid::new_v4(),
        tenant_id,
        kind: kind.to_owned(),
        occurred_at: Utc::now(),
        payload: serde_json::to_value(payload).map_err(|e| DbError::Corrupt(e.to_string()))?,
    };
    outbox::enqueue(
        conn,
        &outbox::NewOutboxMessage {
            message_id: envelope.message_id,
            tenant_id: Some(tenant_id),
            routing_key: kind.to_owned(),
            payload: serde_json::to_value(&envelope)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
        },
    )?;
    Ok(envelope)
}
