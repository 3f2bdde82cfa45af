//! `kpi_snapshots` in a tenant schema: the worker's output, one row per scope.

use crate::{schema::tenant::kpi_snapshots, DbError, TenantConn};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

pub const COMPANY_SCOPE: &str = "company";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kpi_snapshots)]
pub struct KpiSnapshotRow {
    pub scope: String,
    pub figures: serde_json::Value,
    pub events_applied: i64,
    pub last_message_id: Option<Uuid>,
    pub computed_at: DateTime<Utc>,
}

pub fn find(t: &mut TenantConn<'_>, scope: &str) -> Result<Option<KpiSnapshotRow>, DbError> {
    Ok(kpi_snapshots::table
        .find(scope)
        .select(KpiSnapshotRow::as_select())
        .first(t.conn())
        .optional()?)
}

/// Serialises recomputations of this tenant's snapshots until the
/// transaction ends. Without it, a handler that read the deals before another
/// deal committed could store its older figures after a newer handler's.
pub fn lock_for_recompute(t: &mut TenantConn<'_>) -> Result<(), DbError> {
    let key = format!("kpi_snapshots:{}", t.tenant_id());
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(key)
        .execute(t.conn())?;
    Ok(())
}

/// Stores freshly computed figures and counts one more applied event.
pub fn upsert_applying_event(
    t: &mut TenantConn<'_>,
    scope: &str,
    figures: serde_json::Value,
    message_id: Uuid,
) -> Result<KpiSnapshotRow, DbError> {
    Ok(diesel::insert_into(kpi_snapshots::table)
        .values((
            kpi_snapshots::scope.eq(scope),
            kpi_snapshots::figures.eq(&figures),
            kpi_snapshots::events_applied.eq(1_i64),
            kpi_snapshots::last_message_id.eq(message_id),
            kpi_snapshots::computed_at.eq(diesel::dsl::now),
        ))
        .on_conflict(kpi_snapshots::scope)
        .do_update()
        .set((
            kpi_snapshots::figures.eq(&figures),
            kpi_snapshots::events_applied.eq(kpi_snapshots::events_applied + 1),
            kpi_snapshots::last_message_id.eq(message_id),
            kpi_snapshots::computed_at.eq(diesel::dsl::now),
        ))
        .returning(KpiSnapshotRow::as_returning())
        .get_result(t.conn())?)
}

impl KpiSnapshotRow {
    /// The JSON the API serves and the cache holds.
    pub fn view(&self) -> serde_json::Value {
        serde_json::json!({
            "scope": self.scope,
            "figures": self.figures,
            "events_applied": self.events_applied,
            "last_message_id": self.last_message_id,
            "computed_at": self.computed_at,
        })
    }
}
