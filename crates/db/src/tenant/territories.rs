//! `territories` in a tenant schema: region, segment, owner; accounts name
//! their territory.

use crate::{schema::tenant::territories, DbError, TenantConn};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    Serialize,
    utoipa::ToSchema,
)]
#[diesel(table_name = territories, treat_none_as_null = true)]
pub struct Territory {
    pub id: Uuid,
    pub name: String,
    pub region_id: Option<Uuid>,
    /// all, smb, mid_market or enterprise.
    pub segment: String,
    pub owner_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, territory: &Territory) -> Result<(), DbError> {
    diesel::insert_into(territories::table)
        .values(territory)
        .execute(t.conn())?;
    Ok(())
}

pub fn save(t: &mut TenantConn<'_>, territory: &Territory) -> Result<(), DbError> {
    diesel::update(territories::table.find(territory.id))
        .set(territory)
        .execute(t.conn())?;
    Ok(())
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Territory>, DbError> {
    Ok(territories::table
        .find(id)
        .for_update()
        .select(Territory::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn all(t: &mut TenantConn<'_>) -> Result<Vec<Territory>, DbError> {
    Ok(territories::table
        .order((territories::name, territories::id))
        .select(Territory::as_select())
        .load(t.conn())?)
}
