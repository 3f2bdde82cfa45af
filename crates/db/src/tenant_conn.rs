//! The only way to reach tenant tables: a guard that exists only inside a
//! transaction that has set `search_path` to the tenant's schema with
//! `set_config(..., true)` (transaction-local, so it cannot leak to the next
//! borrower of a pooled connection).

use attain_domain::TenantRef;
use diesel::{sql_types::Text, Connection, PgConnection, RunQueryDsl};
use uuid::Uuid;

pub struct TenantConn<'c> {
    conn: &'c mut PgConnection,
    tenant: &'c TenantRef,
}

impl<'c> TenantConn<'c> {
    /// Opens a transaction on `conn`, enters `tenant`'s schema and runs `work`.
    pub fn transaction<T, E, F>(
        conn: &mut PgConnection,
        tenant: &TenantRef,
        work: F,
    ) -> Result<T, E>
    where
        F: FnOnce(&mut TenantConn<'_>) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        conn.transaction(|conn| {
            diesel::sql_query("SELECT set_config('search_path', $1, true)")
                .bind::<Text, _>(tenant.schema.as_str())
                .execute(conn)?;
            let mut guard = TenantConn { conn, tenant };
            work(&mut guard)
        })
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        self.conn
    }

    pub fn tenant_id(&self) -> Uuid {
        self.tenant.id
    }

    pub fn tenant(&self) -> &TenantRef {
        self.tenant
    }
}
