//! KPI snapshots, and how a stored snapshot is read: the Redis cache first,
//! then PostgreSQL (which refills the cache).
pub mod scorecard;
pub mod snapshot;

use crate::{error::ApiError, state::AppState};
use attain_db::tenant::kpi_snapshots;
use attain_domain::TenantRef;

/// The stored snapshot under `key` as the cache holds it (`figures`,
/// `computed_at`, ...), or `None` when the worker has not written one.
pub async fn stored_snapshot(
    state: &AppState,
    tenant: &TenantRef,
    key: &str,
) -> Result<Option<serde_json::Value>, ApiError> {
    if let Some(view) = state.cache.get_snapshot(tenant.id, key).await? {
        return Ok(Some(view));
    }
    let lookup = key.to_owned();
    let row = state
        .db
        .in_tenant(tenant.clone(), move |t| kpi_snapshots::find(t, &lookup))
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let view = row.view();
    state.cache.put_snapshot(tenant.id, key, &view).await?;
    Ok(Some(view))
}
