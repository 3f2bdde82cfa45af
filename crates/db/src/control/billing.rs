//! `control.subscriptions` (a tenant's plan and billing state, changed only
//! by Stripe's webhooks through the worker) and `control.billing_events`
//! (every verified webhook event, stored once by its Stripe id and processed
//! once).

use crate::{
    schema::control::{billing_events, invitations, memberships, subscriptions, users},
    DbError,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

/// A tenant's stored billing state.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct SubscriptionRow {
    pub tenant_id: Uuid,
    pub tier: String,
    pub status: String,
    pub seats: i32,
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub billing_interval: String,
    pub past_due_since: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    /// Stripe's time of the state last applied.
    pub stripe_state_at: Option<DateTime<Utc>>,
}

impl SubscriptionRow {
    /// The Stripe subscription that still bills the company: one exists and
    /// is neither canceled nor expired before its first payment. Seats,
    /// plan changes and a second Checkout all turn on this.
    pub fn live_subscription_id(&self) -> Option<&str> {
        let ended = matches!(self.status.as_str(), "canceled" | "incomplete_expired");
        self.stripe_subscription_id.as_deref().filter(|_| !ended)
    }
}

pub fn find(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<SubscriptionRow>, DbError> {
    Ok(subscriptions::table
        .find(tenant_id)
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?)
}

/// [`find`] with a row lock until the transaction ends, so two events of one
/// tenant are applied one after the other.
pub fn lock(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<SubscriptionRow>, DbError> {
    Ok(subscriptions::table
        .find(tenant_id)
        .select(SubscriptionRow::as_select())
        .for_update()
        .first(conn)
        .optional()?)
}

/// The tenant whose Stripe customer this is.
pub fn tenant_of_customer(
    conn: &mut PgConnection,
    customer_id: &str,
) -> Result<Option<Uuid>, DbError> {
    Ok(subscriptions::table
        .filter(subscriptions::stripe_customer_id.eq(customer_id))
        .select(subscriptions::tenant_id)
        .first(conn)
        .optional()?)
}

pub fn set_customer(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    customer_id: &str,
) -> Result<(), DbError> {
    diesel::update(subscriptions::table.find(tenant_id))
        .set((
            subscriptions::stripe_customer_id.eq(customer_id),
            subscriptions::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A subscription's state as Stripe last told it.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = subscriptions, treat_none_as_null = true)]
pub struct AppliedState {
    pub tier: String,
    pub billing_interval: String,
    pub status: String,
    pub seats: i32,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    pub past_due_since: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub stripe_state_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub fn apply(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    state: &AppliedState,
) -> Result<(), DbError> {
    diesel::update(subscriptions::table.find(tenant_id))
        .set(state)
        .execute(conn)?;
    Ok(())
}

/// Active members: the seats in use.
/// Seats taken: active members, plus pending (unexpired, unaccepted)
/// invitations to people who are not active members, one per email. An
/// invitation holds its seat so that accepting it never overruns the seats paid for.
pub fn seats_in_use(conn: &mut PgConnection, tenant_id: Uuid) -> Result<i64, DbError> {
    let members: i64 = memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::active.eq(true))
        .count()
        .get_result(conn)?;
    let active_emails: Vec<String> = memberships::table
        .inner_join(users::table)
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::active.eq(true))
        .select(users::email)
        .load(conn)?;
    let invited: Vec<String> = invitations::table
        .filter(invitations::tenant_id.eq(tenant_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(diesel::dsl::now))
        .select(invitations::email)
        .distinct()
        .load(conn)?;
    let invited = invited
        .iter()
        .filter(|email| !active_emails.contains(email))
        .count();
    Ok(members + i64::try_from(invited).unwrap_or(i64::MAX))
}

/// Whether a pending invitation already holds a seat for this email.
pub fn has_pending_invitation(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    email: &str,
) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        invitations::table
            .filter(invitations::tenant_id.eq(tenant_id))
            .filter(invitations::email.eq(email))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::expires_at.gt(diesel::dsl::now)),
    ))
    .get_result(conn)?)
}

/// Who to contact about billing: the active billing admins, or the owners
/// when there are none; `(name, email)` sorted by name.
pub fn contacts(
    conn: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Vec<(String, String)>, DbError> {
    for role in ["billing_admin", "owner"] {
        let found: Vec<(String, String)> = memberships::table
            .inner_join(users::table)
            .filter(memberships::tenant_id.eq(tenant_id))
            .filter(memberships::active.eq(true))
            .filter(memberships::role.eq(role))
            .order((users::name, users::email))
            .select((users::name, users::email))
            .load(conn)?;
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Ok(Vec::new())
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = billing_events)]
pub struct NewBillingEvent {
    pub stripe_event_id: String,
    pub event_type: String,
    pub stripe_created_at: DateTime<Utc>,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = billing_events)]
pub struct BillingEvent {
    pub id: i64,
    pub stripe_event_id: String,
    pub event_type: String,
    pub stripe_created_at: DateTime<Utc>,
    pub payload: serde_json::Value,
    pub received_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    pub tenant_id: Option<Uuid>,
    pub outcome: Option<String>,
    pub error: Option<String>,
}

/// Stores a verified event; false when its id was stored before.
pub fn store_event(conn: &mut PgConnection, event: &NewBillingEvent) -> Result<bool, DbError> {
    let inserted = diesel::insert_into(billing_events::table)
        .values(event)
        .on_conflict(billing_events::stripe_event_id)
        .do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// The stored event, locked until the transaction ends, when it has not been
/// processed yet.
pub fn claim_event(
    conn: &mut PgConnection,
    stripe_event_id: &str,
) -> Result<Option<BillingEvent>, DbError> {
    Ok(billing_events::table
        .filter(billing_events::stripe_event_id.eq(stripe_event_id))
        .filter(billing_events::processed_at.is_null())
        .select(BillingEvent::as_select())
        .for_update()
        .first(conn)
        .optional()?)
}

/// Marks the event processed, with what came of it.
pub fn finish_event(
    conn: &mut PgConnection,
    id: i64,
    tenant_id: Option<Uuid>,
    outcome: &str,
    error: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(billing_events::table.find(id))
        .set((
            billing_events::processed_at.eq(Some(Utc::now())),
            billing_events::tenant_id.eq(tenant_id),
            billing_events::outcome.eq(Some(outcome)),
            billing_events::error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_event(
    conn: &mut PgConnection,
    stripe_event_id: &str,
) -> Result<Option<BillingEvent>, DbError> {
    Ok(billing_events::table
        .filter(billing_events::stripe_event_id.eq(stripe_event_id))
        .select(BillingEvent::as_select())
        .first(conn)
        .optional()?)
}
