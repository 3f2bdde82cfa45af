//! Keeps Stripe's seat quantity up with the seats in use after a paid seat
//! was added (an invitation or reactivation past the seats paid for).
//!
//! Several of these can run at once for one company (concurrent
//! invitations). Each counts the seats in use, reads Stripe's quantity, raises
//! it when it is lower, and counts again after its write has landed: a write
//! that raced ahead with an older count is corrected by the one that finished
//! last, so the quantity ends equal to the seats in use. Every write carries
//! its own idempotency key (the message and the attempt), so a retried
//! message never repeats an older write. Seats are never lowered here:
//! removing paid seats is the billing admin's choice.

use crate::WorkerContext;
use attain_billing::{client::Plan, Interval, Tier};
use attain_db::control::billing;
use attain_jobs::{consumer::HandlerError, Envelope};

/// Enough for any realistic burst of concurrent invitations.
const MAX_ROUNDS: usize = 8;

pub async fn run(ctx: &WorkerContext, envelope: Envelope) -> Result<(), HandlerError> {
    let tenant_id = envelope.tenant_id;
    for round in 0..MAX_ROUNDS {
        let (row, in_use) = ctx
            .db
            .run(move |conn| -> Result<_, attain_db::DbError> {
                Ok((
                    billing::find(conn, tenant_id)?,
                    billing::seats_in_use(conn, tenant_id)?,
                ))
            })
            .await
            .map_err(|e| HandlerError::Transient(e.to_string()))?;
        let Some(row) = row else {
            return Err(HandlerError::Permanent(format!(
                "no billing row for tenant {tenant_id}"
            )));
        };
        let Some(subscription_id) = row.live_subscription_id().map(str::to_owned) else {
            return Ok(());
        };
        let current = ctx
            .stripe
            .retrieve_subscription(&subscription_id)
            .await
            .map_err(|e| HandlerError::Transient(e.to_string()))?;
        let wanted = u64::try_from(in_use.max(1)).unwrap_or(1);
        if current.seats() >= wanted {
            return Ok(());
        }
        let (tier, interval) = current.lines.first().and_then(|line| line.plan).unwrap_or((
            Tier::parse(&row.tier).unwrap_or(Tier::Growth),
            Interval::parse(&row.billing_interval).unwrap_or(Interval::Monthly),
        ));
        let attempt = format!("{}:{round}", envelope.message_id);
        let plan = Plan {
            tier,
            interval,
            seats: u32::try_from(wanted).unwrap_or(u32::MAX),
        };
        ctx.stripe
            .change_plan(tenant_id, &subscription_id, plan, true, &attempt)
            .await
            .map_err(|e| HandlerError::Transient(e.to_string()))?;
        tracing::info!(%tenant_id, from = current.seats(), to = wanted, "seats raised to those in use");
    }
    Err(HandlerError::Transient(format!(
        "seats of tenant {tenant_id} still moving after {MAX_ROUNDS} rounds"
    )))
}
