//! Every Redis key Attain writes, in one place.

use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }

    /// A session, by the SHA-256 of its id (the id itself is never stored).
    pub fn session(&self, id_hash: &str) -> String {
        format!("{}:session:{id_hash}", self.prefix)
    }

    /// The sessions a user holds in one tenant, for ending them all at once.
    pub fn user_sessions(&self, tenant_id: Uuid, user_id: Uuid) -> String {
        format!("{}:t:{tenant_id}:user_sessions:{user_id}", self.prefix)
    }

    pub fn rate_limit(&self, bucket: &str, subject: &str) -> String {
        format!("{}:rl:{bucket}:{subject}", self.prefix)
    }

    pub fn kpi_snapshot(&self, tenant_id: Uuid, scope: &str) -> String {
        format!("{}:t:{tenant_id}:kpi:{scope}", self.prefix)
    }

    /// Pub/sub channel announcing what changed in one tenant: snapshot scopes
    /// (`company`, `scorecard:...`) and other topics (`statement:...`), see
    /// [`crate::updates`].
    pub fn snapshot_channel(&self, tenant_id: Uuid) -> String {
        format!("{}:t:{tenant_id}:snapshot_updated", self.prefix)
    }
}
