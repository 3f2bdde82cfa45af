//! `control.api_tokens`: integration tokens, stored only as a SHA-256 hash.

use crate::{
    schema::control::{api_tokens, memberships, tenants},
    DbError,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub created_by: Uuid,
    pub name: String,
    pub role: String,
    #[serde(skip)]
    pub token_hash: String,
    pub token_prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A live token with the tenant schema it opens.
#[derive(Debug, Clone)]
pub struct ResolvedToken {
    pub token: ApiToken,
    pub schema_name: String,
}

pub fn insert(conn: &mut PgConnection, token: &ApiToken) -> Result<(), DbError> {
    diesel::insert_into(api_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

/// Finds an unrevoked token whose creator is still an active member, and
/// stamps its last use.
pub fn resolve(
    conn: &mut PgConnection,
    token_hash: &str,
) -> Result<Option<ResolvedToken>, DbError> {
    let found: Option<(ApiToken, String)> = api_tokens::table
        .inner_join(tenants::table)
        .inner_join(
            memberships::table.on(memberships::tenant_id
                .eq(api_tokens::tenant_id)
                .and(memberships::user_id.eq(api_tokens::created_by))),
        )
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(memberships::active.eq(true))
        .select((ApiToken::as_select(), tenants::schema_name))
        .first(conn)
        .optional()?;
    let Some((token, schema_name)) = found else {
        return Ok(None);
    };
    diesel::update(api_tokens::table.find(token.id))
        .set(api_tokens::last_used_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(Some(ResolvedToken { token, schema_name }))
}

/// Whether token `id` would still resolve: not revoked, and its creator still
/// an active member. Long-lived connections opened with it ask again now and
/// then; unlike [`resolve`], this does not stamp a use.
pub fn is_active(conn: &mut PgConnection, id: Uuid) -> Result<bool, DbError> {
    let live = api_tokens::table
        .inner_join(
            memberships::table.on(memberships::tenant_id
                .eq(api_tokens::tenant_id)
                .and(memberships::user_id.eq(api_tokens::created_by))),
        )
        .filter(api_tokens::id.eq(id))
        .filter(api_tokens::revoked_at.is_null())
        .filter(memberships::active.eq(true));
    Ok(diesel::select(diesel::dsl::exists(live)).get_result(conn)?)
}

pub fn list(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ApiToken>, i64), DbError> {
    let total = api_tokens::table
        .filter(api_tokens::tenant_id.eq(tenant_id))
        .count()
        .get_result(conn)?;
    let rows = api_tokens::table
        .filter(api_tokens::tenant_id.eq(tenant_id))
        .order((api_tokens::created_at.desc(), api_tokens::id))
        .limit(limit)
        .offset(offset)
        .select(ApiToken::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Revokes a token of `tenant_id`; `None` when no such token is in that tenant.
pub fn revoke(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<ApiToken>, DbError> {
    Ok(diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::tenant_id.eq(tenant_id)),
    )
    .set(api_tokens::revoked_at.eq(Some(Utc::now())))
    .returning(ApiToken::as_returning())
    .get_result(conn)
    .optional()?)
}
