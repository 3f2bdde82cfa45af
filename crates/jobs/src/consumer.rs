//! The consumer runner: manual acks after the handler has committed, bounded
//! prefetch, retries with backoff, dead-lettering after the queue's delivery
//! limit, and a rebuilt connection whenever the broker goes away.

use crate::{envelope::Envelope, topology::Topology, JobsError};
use futures_util::{future::BoxFuture, StreamExt};
use lapin::{
    message::Delivery,
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions, BasicRejectOptions,
    },
    types::{AMQPValue, FieldTable},
};
use std::{sync::Arc, time::Duration};

/// How a handler failed.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    /// Retrying cannot help (bad payload, unknown tenant): dead-letter now.
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// May succeed later (database or cache unavailable): retry with backoff.
    #[error("transient failure: {0}")]
    Transient(String),
}

pub type Handler =
    Arc<dyn Fn(Envelope) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

/// Called after the handler succeeded and before the ack; returning false
/// abandons the delivery and drops the connection, as a crash would.
pub type BeforeAck = Arc<dyn Fn(&Envelope) -> bool + Send + Sync>;

#[derive(Clone)]
pub struct ConsumerConfig {
    pub amqp_url: String,
    pub topology: Topology,
    pub queue: &'static str,
    pub prefetch: u16,
    pub before_ack: Option<BeforeAck>,
}

/// Consumes until the task is dropped, or until `before_ack` abandons a delivery.
pub async fn run(config: ConsumerConfig, handler: Handler) {
    let mut backoff = Duration::from_millis(200);
    loop {
        match session(&config, &handler).await {
            Ok(Stop::Abandoned) => return,
            Ok(Stop::StreamEnded) => {
                tracing::warn!(queue = config.queue, "consumer stream ended; reconnecting")
            }
            Err(e) => {
                tracing::warn!(queue = config.queue, error = %e, "consumer lost the broker; reconnecting")
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

enum Stop {
    StreamEnded,
    Abandoned,
}

async fn session(config: &ConsumerConfig, handler: &Handler) -> Result<Stop, JobsError> {
    let conn = Arc::new(crate::connect(&config.amqp_url).await?);
    let channel = conn.create_channel().await?;
    config.topology.declare(&channel).await?;
    channel
        .basic_qos(config.prefetch, BasicQosOptions::default())
        .await?;
    let mut deliveries = channel
        .basic_consume(
            config.topology.queue(config.queue).into(),
            format!("{}-{}", config.queue, uuid::Uuid::new_v4()).into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    tracing::info!(
        queue = config.queue,
        prefetch = config.prefetch,
        "consumer connected"
    );
    let (abandon_tx, mut abandon_rx) = tokio::sync::mpsc::channel::<()>(1);
    loop {
        tokio::select! {
            _ = abandon_rx.recv() => {
                // Leave unacked deliveries to the broker, which requeues them.
                let _ = conn.close(320, "abandoned before ack".into()).await;
                return Ok(Stop::Abandoned);
            }
            next = deliveries.next() => {
                let Some(delivery) = next else { return Ok(Stop::StreamEnded) };
                let delivery = delivery?;
                let handler = Arc::clone(handler);
                let before_ack = config.before_ack.clone();
                let abandon_tx = abandon_tx.clone();
                tokio::spawn(async move {
                    if let Err(e) = process(delivery, handler, before_ack, abandon_tx).await {
                        tracing::warn!(error = %e, "could not settle a delivery");
                    }
                });
            }
        }
    }
}

async fn process(
    delivery: Delivery,
    handler: Handler,
    before_ack: Option<BeforeAck>,
    abandon: tokio::sync::mpsc::Sender<()>,
) -> Result<(), JobsError> {
    let envelope: Envelope = match serde_json::from_slice(&delivery.data) {
        Ok(envelope) => envelope,
        Err(e) => {
            tracing::error!(error = %e, "unreadable message; dead-lettering it");
            delivery
                .reject(BasicRejectOptions { requeue: false })
                .await?;
            return Ok(());
        }
    };
    let span = tracing::info_span!("job", kind = %envelope.kind, message_id = %envelope.message_id, tenant_id = %envelope.tenant_id);
    let _entered = span.enter();
    let deliveries_so_far = delivery_count(&delivery);
    drop(_entered);
    match handler(envelope.clone()).await {
        Ok(()) => {
            if let Some(hook) = before_ack {
                if !hook(&envelope) {
                    let _ = abandon.send(()).await;
                    return Ok(());
                }
            }
            delivery.ack(BasicAckOptions::default()).await?;
        }
        Err(HandlerError::Permanent(reason)) => {
            tracing::error!(message_id = %envelope.message_id, %reason, "job failed permanently; dead-lettering it");
            delivery
                .reject(BasicRejectOptions { requeue: false })
                .await?;
        }
        Err(HandlerError::Transient(reason)) => {
            let wait = retry_backoff(deliveries_so_far);
            tracing::warn!(message_id = %envelope.message_id, %reason, attempt = deliveries_so_far + 1, retry_in_ms = wait.as_millis() as u64, "job failed; will retry");
            tokio::time::sleep(wait).await;
            delivery
                .nack(BasicNackOptions {
                    requeue: true,
                    multiple: false,
                })
                .await?;
        }
    }
    Ok(())
}

/// How often the broker has delivered this message before (quorum queues count).
fn delivery_count(delivery: &Delivery) -> u32 {
    delivery
        .properties
        .headers()
        .as_ref()
        .and_then(|h| h.inner().get("x-delivery-count").cloned())
        .and_then(|v| match v {
            AMQPValue::LongLongInt(n) => u32::try_from(n).ok(),
            AMQPValue::LongInt(n) => u32::try_from(n).ok(),
            AMQPValue::LongUInt(n) => Some(n),
            AMQPValue::ShortInt(n) => u32::try_from(n).ok(),
            _ => None,
        })
        .unwrap_or(0)
}

pub fn retry_backoff(previous_deliveries: u32) -> Duration {
    let exponent = previous_deliveries.min(6);
    Duration::from_millis(100 * 2u64.pow(exponent)).min(Duration::from_secs(5))
}
