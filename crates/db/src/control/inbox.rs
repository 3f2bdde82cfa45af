//! `control.inbox`: messages a consumer has applied, for exactly-once effects.

use crate::{schema::control::inbox, DbError};
use diesel::prelude::*;
use uuid::Uuid;

/// Records `message_id` for `consumer`. Returns false when it was already
/// there: the effect has been applied before and must not be applied again.
/// Call in the same transaction as the effect.
pub fn claim(
    conn: &mut PgConnection,
    consumer: &str,
    message_id: Uuid,
    tenant_id: Option<Uuid>,
) -> Result<bool, DbError> {
    let inserted = diesel::insert_into(inbox::table)
        .values((
            inbox::consumer.eq(consumer),
            inbox::message_id.eq(message_id),
            inbox::tenant_id.eq(tenant_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}
