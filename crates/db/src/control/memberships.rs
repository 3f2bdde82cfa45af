//! `control.memberships`: a user's role in a tenant, and whether it is active.

use crate::{
    schema::control::{memberships, tenants, users},
    DbError,
};
use attain_domain::Role;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl Membership {
    pub fn role(&self) -> Result<Role, DbError> {
        self.role.parse().map_err(DbError::Corrupt)
    }
}

/// A member of a tenant as the users list shows them.
#[derive(Debug, Clone, Serialize, Queryable, utoipa::ToSchema)]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    pub joined_at: DateTime<Utc>,
}

/// A tenant the user may switch to.
#[derive(Debug, Clone, Serialize, Queryable, utoipa::ToSchema)]
pub struct TenantChoice {
    pub tenant_id: Uuid,
    pub slug: String,
    pub name: String,
    pub role: String,
}

pub fn insert(conn: &mut PgConnection, membership: &Membership) -> Result<(), DbError> {
    diesel::insert_into(memberships::table)
        .values(membership)
        .execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Membership>, DbError> {
    Ok(memberships::table
        .find((tenant_id, user_id))
        .select(Membership::as_select())
        .first(conn)
        .optional()?)
}

/// Active memberships of a user, oldest first, with the tenant they open.
pub fn active_for_user(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<TenantChoice>, DbError> {
    Ok(memberships::table
        .inner_join(tenants::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::active.eq(true))
        .order(memberships::created_at)
        .select((tenants::id, tenants::slug, tenants::name, memberships::role))
        .load(conn)?)
}

pub fn list_members(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Member>, i64), DbError> {
    let total = memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .count()
        .get_result(conn)?;
    let rows = memberships::table
        .inner_join(users::table)
        .filter(memberships::tenant_id.eq(tenant_id))
        .order((users::name, users::id))
        .limit(limit)
        .offset(offset)
        .select((
            users::id,
            users::email,
            users::name,
            memberships::role,
            memberships::active,
            memberships::created_at,
        ))
        .load(conn)?;
    Ok((rows, total))
}

pub fn set_role(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> Result<(), DbError> {
    diesel::update(memberships::table.find((tenant_id, user_id)))
        .set(memberships::role.eq(role.as_str()))
        .execute(conn)?;
    Ok(())
}

pub fn set_active(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    active: bool,
) -> Result<(), DbError> {
    diesel::update(memberships::table.find((tenant_id, user_id)))
        .set(memberships::active.eq(active))
        .execute(conn)?;
    Ok(())
}

pub fn count_active_owners(conn: &mut PgConnection, tenant_id: Uuid) -> Result<i64, DbError> {
    Ok(memberships::table
        .filter(memberships::tenant_id.eq(tenant_id))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .filter(memberships::active.eq(true))
        .count()
        .get_result(conn)?)
}
