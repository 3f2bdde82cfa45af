//! Cached KPI snapshots and the "snapshot updated" notification.

use crate::{Cache, CacheError};
use redis::AsyncCommands;
use uuid::Uuid;

impl Cache {
    pub async fn put_snapshot(
        &self,
        tenant_id: Uuid,
        scope: &str,
        json: &serde_json::Value,
    ) -> Result<(), CacheError> {
        let mut conn = self.conn();
        let body = serde_json::to_string(json)?;
        redis::pipe()
            .set(self.keys().kpi_snapshot(tenant_id, scope), &body)
            .publish(self.keys().snapshot_channel(tenant_id), scope)
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    pub async fn get_snapshot(
        &self,
        tenant_id: Uuid,
        scope: &str,
    ) -> Result<Option<serde_json::Value>, CacheError> {
        let mut conn = self.conn();
        let raw: Option<String> = conn.get(self.keys().kpi_snapshot(tenant_id, scope)).await?;
        Ok(raw.map(|r| serde_json::from_str(&r)).transpose()?)
    }
}
