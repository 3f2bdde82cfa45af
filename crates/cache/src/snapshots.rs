//! Cached KPI snapshots and the "snapshot updated" notification.
//!
//! Writers race: the worker handles deliveries concurrently and the API fills
//! the cache from the database on a miss. Each snapshot carries its
//! `events_applied` count, which only grows, so a write lands only if it is
//! not older than what the cache holds; a stale write can never hide a newer
//! snapshot.

use crate::{Cache, CacheError};
use redis::AsyncCommands;
use uuid::Uuid;

/// KEYS: snapshot, its version, channel. ARGV: version, body, scope.
const PUT_IF_NOT_OLDER: &str = r"
local held = tonumber(redis.call('GET', KEYS[2]) or '-1')
local incoming = tonumber(ARGV[1])
if incoming < held then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('PUBLISH', KEYS[3], ARGV[3])
return 1
";

impl Cache {
    /// Stores the snapshot unless the cache already holds a newer one (by
    /// `events_applied`); returns whether it was stored.
    pub async fn put_snapshot(
        &self,
        tenant_id: Uuid,
        scope: &str,
        json: &serde_json::Value,
    ) -> Result<bool, CacheError> {
        let mut conn = self.conn();
        let body = serde_json::to_string(json)?;
        let version = json["events_applied"].as_i64().unwrap_or(0);
        let key = self.keys().kpi_snapshot(tenant_id, scope);
        let stored: i64 = redis::Script::new(PUT_IF_NOT_OLDER)
            .key(&key)
            .key(format!("{key}:version"))
            .key(self.keys().snapshot_channel(tenant_id))
            .arg(version)
            .arg(body)
            .arg(scope)
            .invoke_async(&mut conn)
            .await?;
        Ok(stored == 1)
    }

    /// The snapshot as stored, unparsed: for answers that pass it on as it is.
    pub async fn get_snapshot_text(
        &self,
        tenant_id: Uuid,
        scope: &str,
    ) -> Result<Option<String>, CacheError> {
        let mut conn = self.conn();
        Ok(conn.get(self.keys().kpi_snapshot(tenant_id, scope)).await?)
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
