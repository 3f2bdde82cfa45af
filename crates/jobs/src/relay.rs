//! The outbox relay. It claims unsent rows with `FOR UPDATE SKIP LOCKED` (so
//! several relays in several processes never publish the same row at once),
//! publishes them as persistent, mandatory messages on a confirm channel, and
//! stamps `sent_at` only for messages the broker acked and did not return. The
//! claim transaction stays open until then, so a crash leaves rows unsent and
//! they go out again (consumers deduplicate through the inbox). A lost broker
//! connection is rebuilt with backoff.

use crate::{topology::Topology, JobsError};
use attain_db::{control::outbox, PgPool};
use diesel::Connection as _;
use lapin::{
    options::{BasicPublishOptions, ConfirmSelectOptions},
    types::{AMQPValue, FieldTable, LongString},
    BasicProperties, Channel,
};
use std::time::Duration;
use tokio::runtime::Handle;

#[derive(Clone)]
pub struct RelayConfig {
    pub amqp_url: String,
    pub topology: Topology,
    pub batch_size: i64,
    pub idle_poll: Duration,
}

/// Runs until the task is dropped.
pub async fn run(pool: PgPool, config: RelayConfig) {
    let mut backoff = Duration::from_millis(200);
    loop {
        match session(&pool, &config).await {
            Ok(()) => backoff = Duration::from_millis(200),
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "outbox relay lost the broker; reconnecting");
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

async fn session(pool: &PgPool, config: &RelayConfig) -> Result<(), JobsError> {
    let conn = crate::connect(&config.amqp_url).await?;
    let channel = conn.create_channel().await?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    config.topology.declare(&channel).await?;
    tracing::info!("outbox relay connected");
    loop {
        if !conn.status().connected() {
            return Err(JobsError::Other("broker connection closed".into()));
        }
        let published = publish_batch(pool, &channel, config).await?;
        if published == 0 {
            tokio::time::sleep(config.idle_poll).await;
        }
    }
}

/// How long a batch may wait for the broker's confirms.
const PUBLISH_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

/// Publishes one batch; returns how many rows were marked sent.
pub async fn publish_batch(
    pool: &PgPool,
    channel: &Channel,
    config: &RelayConfig,
) -> Result<usize, JobsError> {
    let pool = pool.clone();
    let channel = channel.clone();
    let exchange = config.topology.events_exchange();
    let batch_size = config.batch_size;
    let handle = Handle::current();
    tokio::task::spawn_blocking(move || -> Result<usize, JobsError> {
        let mut conn = pool.get().map_err(attain_db::DbError::from)?;
        conn.transaction(|conn| {
            let rows = outbox::claim_unsent(conn, batch_size)?;
            if rows.is_empty() {
                return Ok(0);
            }
            // A deadline kept by a plain thread, so a runtime that is shutting
            // down (and no longer drives the broker's IO) cannot hang this
            // blocking task forever; unconfirmed rows are retried later.
            let (expired, deadline) = tokio::sync::oneshot::channel::<()>();
            std::thread::spawn(move || {
                std::thread::sleep(PUBLISH_DEADLINE);
                let _ = expired.send(());
            });
            let results = handle.block_on(async {
                tokio::select! {
                    results = publish_all(&channel, &exchange, &rows) => results,
                    _ = deadline => rows
                        .iter()
                        .map(|_| Err(JobsError::Other("no publisher confirm before the deadline".into())))
                        .collect(),
                }
            });
            let mut sent = Vec::with_capacity(rows.len());
            let mut broker_error = None;
            for (row, result) in rows.iter().zip(results) {
                match result {
                    Ok(()) => sent.push(row.id),
                    Err(e) => {
                        outbox::mark_failed(conn, row.id, &e.to_string())?;
                        broker_error.get_or_insert(e);
                    }
                }
            }
            outbox::mark_sent(conn, &sent)?;
            tracing::debug!(sent = sent.len(), "outbox batch published");
            match broker_error {
                // Commit what was confirmed, then let the caller reconnect.
                Some(e) if sent.is_empty() => Err(e),
                _ => Ok(sent.len()),
            }
        })
    })
    .await
    .map_err(|e| JobsError::Other(e.to_string()))?
}

async fn publish_all(
    channel: &Channel,
    exchange: &str,
    rows: &[outbox::OutboxMessage],
) -> Vec<Result<(), JobsError>> {
    let mut pending = Vec::with_capacity(rows.len());
    for row in rows {
        let body = match serde_json::to_vec(&row.payload) {
            Ok(body) => body,
            Err(e) => {
                pending.push(Err(JobsError::from(e)));
                continue;
            }
        };
        let mut headers = FieldTable::default();
        if let Some(tenant_id) = row.tenant_id {
            headers.insert(
                "tenant_id".into(),
                AMQPValue::LongString(LongString::from(tenant_id.to_string())),
            );
        }
        let properties = BasicProperties::default()
            .with_delivery_mode(2)
            .with_content_type("application/json".into())
            .with_message_id(row.message_id.to_string().into())
            .with_headers(headers);
        let options = BasicPublishOptions {
            mandatory: true,
            ..BasicPublishOptions::default()
        };
        pending.push(
            channel
                .basic_publish(
                    exchange.into(),
                    row.routing_key.as_str().into(),
                    options,
                    &body,
                    properties,
                )
                .await
                .map_err(JobsError::from),
        );
    }
    let mut results = Vec::with_capacity(pending.len());
    for publish in pending {
        results.push(match publish {
            Ok(confirm) => match confirm.await {
                Ok(confirmation) if confirmation.is_ack() => match confirmation.take_message() {
                    None => Ok(()),
                    Some(returned) => Err(JobsError::Other(format!(
                        "broker returned the message: {}",
                        returned.reply_text
                    ))),
                },
                Ok(_) => Err(JobsError::Other("broker nacked the message".into())),
                Err(e) => Err(e.into()),
            },
            Err(e) => Err(e),
        });
    }
    results
}
