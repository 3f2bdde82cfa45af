//! `control.invitations`: invite links, stored only as a SHA-256 hash.

use crate::{
    schema::control::{invitations, tenants},
    DbError,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: String,
    #[serde(skip)]
    pub token_hash: String,
    pub invited_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

pub fn insert(conn: &mut PgConnection, invitation: &Invitation) -> Result<(), DbError> {
    diesel::insert_into(invitations::table)
        .values(invitation)
        .execute(conn)?;
    Ok(())
}

/// Locks a pending, unexpired invitation for acceptance, with its tenant's name.
pub fn lock_pending(
    conn: &mut PgConnection,
    token_hash: &str,
) -> Result<Option<(Invitation, String)>, DbError> {
    let found: Option<Invitation> = invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(diesel::dsl::now))
        .for_update()
        .select(Invitation::as_select())
        .first(conn)
        .optional()?;
    let Some(invitation) = found else {
        return Ok(None);
    };
    let tenant_name = tenants::table
        .find(invitation.tenant_id)
        .select(tenants::name)
        .first(conn)?;
    Ok(Some((invitation, tenant_name)))
}

pub fn mark_accepted(conn: &mut PgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(invitations::table.find(id))
        .set(invitations::accepted_at.eq(Some(Utc::now())))
        .execute(conn)?;
    Ok(())
}
