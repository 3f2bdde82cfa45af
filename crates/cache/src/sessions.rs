//! Browser sessions. The id is 256 random bits handed to the browser once; Redis
//! stores the session under the id's SHA-256. Sessions expire after an idle
//! timeout (renewed on use) and, regardless of use, after an absolute timeout.

use crate::{Cache, CacheError};
use attain_domain::{Role, TenantRef};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub user_id: Uuid,
    pub tenant: TenantRef,
    pub role: Role,
    pub csrf_token: String,
    /// Unix seconds; the absolute timeout counts from here.
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct SessionTimeouts {
    pub idle: Duration,
    pub absolute: Duration,
}

/// 32 random bytes, URL-safe base64: session ids, CSRF tokens, invite and API tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

impl Cache {
    /// Stores a new session and returns its id (to be put in the cookie).
    pub async fn create_session(
        &self,
        user_id: Uuid,
        tenant: TenantRef,
        role: Role,
        timeouts: SessionTimeouts,
    ) -> Result<(String, Session), CacheError> {
        let id = random_token();
        let id_hash = sha256_hex(&id);
        let session = Session {
            user_id,
            tenant,
            role,
            csrf_token: random_token(),
            created_at: chrono::Utc::now().timestamp(),
        };
        let index = self.keys().user_sessions(session.tenant.id, user_id);
        let mut conn = self.conn();
        redis::pipe()
            .atomic()
            .set_ex(
                self.keys().session(&id_hash),
                serde_json::to_string(&session)?,
                timeouts.idle.as_secs().max(1),
            )
            .sadd(&index, &id_hash)
            .expire(&index, timeouts.absolute.as_secs().max(1) as i64)
            .query_async::<()>(&mut conn)
            .await?;
        Ok((id, session))
    }

    /// Loads a live session and renews its idle timeout.
    pub async fn load_session(
        &self,
        id: &str,
        timeouts: SessionTimeouts,
    ) -> Result<Option<Session>, CacheError> {
        let key = self.keys().session(&sha256_hex(id));
        let mut conn = self.conn();
        let raw: Option<String> = conn.get(&key).await?;
        let Some(raw) = raw else { return Ok(None) };
        let session: Session = serde_json::from_str(&raw)?;
        let age = chrono::Utc::now().timestamp() - session.created_at;
        let remaining = timeouts.absolute.as_secs() as i64 - age;
        if remaining <= 0 {
            conn.del::<_, ()>(&key).await?;
            return Ok(None);
        }
        let renewed = (timeouts.idle.as_secs() as i64).min(remaining).max(1);
        conn.expire::<_, ()>(&key, renewed).await?;
        Ok(Some(session))
    }

    /// Whether the session still exists, without renewing its idle timeout
    /// (a long-lived connection is not activity). The key expires with the
    /// idle timeout and is renewed at most up to the absolute one, and logout,
    /// deactivation and role changes delete it.
    pub async fn session_exists(&self, id: &str) -> Result<bool, CacheError> {
        let mut conn = self.conn();
        Ok(conn.exists(self.keys().session(&sha256_hex(id))).await?)
    }

    pub async fn destroy_session(&self, id: &str) -> Result<(), CacheError> {
        let id_hash = sha256_hex(id);
        let key = self.keys().session(&id_hash);
        let mut conn = self.conn();
        let raw: Option<String> = conn.get(&key).await?;
        conn.del::<_, ()>(&key).await?;
        if let Some(session) = raw.and_then(|r| serde_json::from_str::<Session>(&r).ok()) {
            conn.srem::<_, _, ()>(
                self.keys()
                    .user_sessions(session.tenant.id, session.user_id),
                &id_hash,
            )
            .await?;
        }
        Ok(())
    }

    /// Ends every session `user_id` holds in `tenant_id` (deactivation, role change).
    pub async fn destroy_user_sessions(
        &self,
        tenant_id: Uuid,
        user_id: Uuid,
    ) -> Result<usize, CacheError> {
        let index = self.keys().user_sessions(tenant_id, user_id);
        let mut conn = self.conn();
        let hashes: Vec<String> = conn.smembers(&index).await?;
        let mut pipe = redis::pipe();
        for hash in &hashes {
            pipe.del(self.keys().session(hash));
        }
        pipe.del(&index);
        pipe.query_async::<()>(&mut conn).await?;
        Ok(hashes.len())
    }
}
