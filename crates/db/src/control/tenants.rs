//! `control.tenants`.

use crate::{schema::control::tenants, DbError};
use attain_domain::{SchemaName, TenantRef};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = tenants)]
pub struct Tenant {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub industry: String,
    pub company_size: String,
    pub schema_name: String,
    pub created_at: DateTime<Utc>,
}

impl Tenant {
    pub fn tenant_ref(&self) -> Result<TenantRef, DbError> {
        Ok(TenantRef {
            id: self.id,
            schema: SchemaName::parse(&self.schema_name).map_err(DbError::Corrupt)?,
        })
    }
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<Option<Tenant>, DbError> {
    Ok(tenants::table
        .find(id)
        .select(Tenant::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_slug(conn: &mut PgConnection, slug: &str) -> Result<Option<Tenant>, DbError> {
    Ok(tenants::table
        .filter(tenants::slug.eq(slug))
        .select(Tenant::as_select())
        .first(conn)
        .optional()?)
}

pub fn slug_taken(conn: &mut PgConnection, slug: &str) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        tenants::table.filter(tenants::slug.eq(slug)),
    ))
    .get_result(conn)?)
}

pub fn all_refs(conn: &mut PgConnection) -> Result<Vec<TenantRef>, DbError> {
    let rows: Vec<(Uuid, String)> = tenants::table
        .select((tenants::id, tenants::schema_name))
        .order(tenants::created_at)
        .load(conn)?;
    rows.into_iter()
        .map(|(id, schema)| {
            Ok(TenantRef {
                id,
                schema: SchemaName::parse(&schema).map_err(DbError::Corrupt)?,
            })
        })
        .collect()
}
