//! `control.outbox`: events written with the change they announce, published
//! by the relay.

use crate::{schema::control::outbox, DbError};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxMessage {
    pub message_id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub routing_key: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: i64,
    pub message_id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub routing_key: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
}

pub fn enqueue(conn: &mut PgConnection, message: &NewOutboxMessage) -> Result<(), DbError> {
    diesel::insert_into(outbox::table)
        .values(message)
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` unsent rows, oldest first. Rows another relay holds are
/// skipped, so several relays never publish the same row at once. Call inside
/// a transaction: the locks last until it ends.
pub fn claim_unsent(conn: &mut PgConnection, limit: i64) -> Result<Vec<OutboxMessage>, DbError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .order(outbox::id)
        .limit(limit)
        .for_update()
        .skip_locked()
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

pub fn mark_sent(conn: &mut PgConnection, ids: &[i64]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
        .set((
            outbox::sent_at.eq(Some(Utc::now())),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_failed(conn: &mut PgConnection, id: i64, error: &str) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn count_unsent(conn: &mut PgConnection) -> Result<i64, DbError> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(conn)?)
}
