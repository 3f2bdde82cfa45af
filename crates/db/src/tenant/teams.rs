//! `teams` in a tenant schema: the organisation as a tree.

use crate::{schema::tenant::teams, DbError, TenantConn};
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
#[diesel(table_name = teams, treat_none_as_null = true)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub manager_user_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// region or team.
    pub kind: String,
}

/// Every team, parents before children (the tree is small: a company's teams).
pub fn all(t: &mut TenantConn<'_>) -> Result<Vec<Team>, DbError> {
    Ok(teams::table
        .order((teams::created_at, teams::id))
        .select(Team::as_select())
        .load(t.conn())?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Team>, DbError> {
    Ok(teams::table
        .find(id)
        .for_update()
        .select(Team::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn insert(t: &mut TenantConn<'_>, team: &Team) -> Result<(), DbError> {
    diesel::insert_into(teams::table)
        .values(team)
        .execute(t.conn())?;
    Ok(())
}

pub fn save(t: &mut TenantConn<'_>, team: &Team) -> Result<(), DbError> {
    diesel::update(teams::table.find(team.id))
        .set(team)
        .execute(t.conn())?;
    Ok(())
}

/// True when `candidate` is `team` or lies below it (moving `team` under it would make a cycle).
pub fn is_self_or_descendant(all: &[Team], team: Uuid, candidate: Uuid) -> bool {
    let mut current = Some(candidate);
    let mut steps = 0;
    while let Some(id) = current {
        if id == team {
            return true;
        }
        current = all.iter().find(|t| t.id == id).and_then(|t| t.parent_id);
        steps += 1;
        if steps > all.len() {
            return true;
        }
    }
    false
}
