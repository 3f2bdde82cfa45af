//! Seats follow the people who use Attain. Taking one more seat (an
//! invitation or a reactivated member) is checked in the transaction that
//! takes it, with the company's billing row locked so that concurrent
//! invitations are counted one after the other:
//!
//! - past the tier's limit (Starter sells 25), it is refused and points at a
//!   higher tier;
//! - past the seats paid for on a live subscription, a caller who may manage
//!   billing is asked to confirm adding a seat (`add_seat`), anyone else is
//!   refused with the billing admins to ask;
//! - during the trial, seats are free up to the tier's limit.
//!
//! When a paid seat is added, a `billing.seats_changed` message leaves in the
//! same transaction; the worker then raises Stripe's quantity to the seats in use.

use crate::error::ApiError;
use attain_billing::Tier;
use attain_db::control::billing;
use attain_jobs::envelope::{enqueue, kinds, SeatsChanged};
use diesel::PgConnection;
use uuid::Uuid;

/// Who is taking the seat and what they agreed to.
#[derive(Debug, Clone, Copy)]
pub struct SeatRequest<'a> {
    pub tenant_id: Uuid,
    /// The caller may manage billing (an owner), so may add a paid seat.
    pub may_add_seat: bool,
    /// The caller confirmed adding a paid seat if all are taken.
    pub add_seat: bool,
    /// The field a refusal names on the caller's form.
    pub field: &'a str,
}

/// Checks there is a seat for one more person; call it inside the
/// transaction that adds them, before adding them.
pub fn take_one(conn: &mut PgConnection, request: SeatRequest<'_>) -> Result<(), ApiError> {
    let Some(row) = billing::lock(conn, request.tenant_id)? else {
        return Ok(());
    };
    let needed = billing::seats_in_use(conn, request.tenant_id)? + 1;
    let tier = Tier::parse(&row.tier);
    if let Some(max) = tier.and_then(Tier::max_seats) {
        if needed > i64::from(max) {
            return Err(ApiError::conflict(
                "tier_seat_limit",
                format!(
                    "The {} tier sells at most {max} seats and all are taken. Move to Growth in billing to add more people.",
                    tier.map_or("current", Tier::label)
                ),
            )
            .with_field(request.field));
        }
    }
    let paying = row.live_subscription_id().is_some();
    if !paying || needed <= i64::from(row.seats) {
        return Ok(());
    }
    if request.may_add_seat && request.add_seat {
        enqueue(
            conn,
            request.tenant_id,
            kinds::BILLING_SEATS_CHANGED,
            SeatsChanged {
                seats_in_use: needed,
            },
        )?;
        return Ok(());
    }
    let paid = row.seats;
    if request.may_add_seat {
        return Err(ApiError::conflict(
            "seats_full",
            format!(
                "All {paid} paid seats are taken. Confirm adding a seat (billed now, prorated to the end of the period), or add seats in billing first."
            ),
        )
        .with_field("add_seat"));
    }
    let who = crate::entitlements::who_to_ask(&billing::contacts(conn, request.tenant_id)?);
    Err(ApiError::conflict(
        "seats_full",
        format!(
            "All {paid} paid seats are taken. Ask {who} to add seats in billing, then try again."
        ),
    )
    .with_field(request.field))
}
