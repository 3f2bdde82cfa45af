//! Redis: sessions, rate limits, tenant-keyed caches and "updated"
//! notifications (pub/sub, one channel per tenant). Every key starts with the
//! installation's prefix, and every tenant-scoped key carries the tenant id.

pub mod keys;
pub mod rate_limit;
pub mod sessions;
pub mod snapshots;
pub mod updates;

use redis::aio::ConnectionManager;

/// The cache layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("redis command failed: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("cached value is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("update topic {0:?} is empty, too long or has a control character")]
    InvalidTopic(String),
}

/// A cloneable Redis handle with the key prefix of this installation.
#[derive(Clone)]
pub struct Cache {
    conn: ConnectionManager,
    /// Opens the dedicated connections pub/sub subscribers need (a
    /// subscribed connection can do nothing else).
    client: redis::Client,
    keys: keys::Keys,
}

impl Cache {
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, CacheError> {
        let client = redis::Client::open(url)?;
        let conn = ConnectionManager::new(client.clone()).await?;
        Ok(Self {
            conn,
            client,
            keys: keys::Keys::new(prefix),
        })
    }

    pub(crate) fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }

    pub fn keys(&self) -> &keys::Keys {
        &self.keys
    }

    pub async fn ping(&self) -> Result<(), CacheError> {
        let mut conn = self.conn();
        redis::cmd("PING").query_async::<String>(&mut conn).await?;
        Ok(())
    }
}
