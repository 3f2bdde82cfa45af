//! The event path: message envelopes (always carrying the tenant id), the
//! RabbitMQ topology, the outbox relay and the consumer runner.

pub mod consumer;
pub mod envelope;
pub mod relay;
pub mod topology;

pub use envelope::Envelope;
pub use topology::Topology;

/// The jobs layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("broker error: {0}")]
    Broker(#[from] lapin::Error),
    #[error(transparent)]
    Db(#[from] attain_db::DbError),
    #[error("message is not a valid envelope: {0}")]
    Json(#[from] serde_json::Error),
    #[error("broker did not answer within {0:?}")]
    Timeout(std::time::Duration),
    #[error("{0}")]
    Other(String),
}

impl From<diesel::result::Error> for JobsError {
    fn from(e: diesel::result::Error) -> Self {
        JobsError::Db(attain_db::DbError::from(e))
    }
}

/// Opens a broker connection (used by the relay, the consumers and /readyz).
pub async fn connect(url: &str) -> Result<lapin::Connection, JobsError> {
    Ok(lapin::Connection::connect(url, lapin::ConnectionProperties::default()).await?)
}

/// Checks that the broker accepts a connection within `timeout`.
pub async fn check_broker(url: &str, timeout: std::time::Duration) -> Result<(), JobsError> {
    let conn = tokio::time::timeout(timeout, connect(url))
        .await
        .map_err(|_| JobsError::Timeout(timeout))??;
    let _ = conn.close(200, "readiness check".into()).await;
    Ok(())
}
