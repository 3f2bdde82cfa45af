//! "Something changed" notifications, one Redis pub/sub channel per tenant
//! ([`crate::keys::Keys::snapshot_channel`]). A message is a topic: a snapshot
//! scope (`company`, `scorecard:rep:<id>:2026-Q4`, published by
//! [`Cache::put_snapshot`]) or anything another producer announces through
//! [`Cache::publish_update`] (`statement:<person id>:<period>`). Topics name
//! what changed, never the data: a listener refetches through the API, which
//! checks permissions as always.
//!
//! [`Cache::subscribe_updates`] opens a dedicated connection per subscriber;
//! dropping the [`Updates`] stream closes it.

use crate::{Cache, CacheError};
use futures_util::Stream;
use redis::aio::PubSubStream;
use std::{
    pin::Pin,
    task::{Context, Poll},
};
use uuid::Uuid;

/// The longest topic [`Cache::publish_update`] accepts.
pub const MAX_TOPIC_LEN: usize = 200;

/// Whether `topic` may be published: not empty, at most [`MAX_TOPIC_LEN`]
/// bytes, and no control characters (a line break would break the framing of
/// the server-sent events that carry it).
pub fn valid_topic(topic: &str) -> bool {
    !topic.is_empty() && topic.len() <= MAX_TOPIC_LEN && !topic.chars().any(char::is_control)
}

/// The topics published on one tenant's channel from the moment of
/// subscribing. Ends when the Redis connection does; dropping it unsubscribes
/// and closes the connection.
pub struct Updates {
    messages: PubSubStream,
}

impl Stream for Updates {
    type Item = String;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        loop {
            match Pin::new(&mut self.messages).poll_next(cx) {
                Poll::Ready(Some(message)) => match message.get_payload::<String>() {
                    Ok(topic) => return Poll::Ready(Some(topic)),
                    Err(e) => tracing::warn!(error = %e, "skipping an update that is not text"),
                },
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl Cache {
    /// Subscribes to `tenant_id`'s channel on a connection of its own. When
    /// this returns, Redis has confirmed the subscription: nothing published
    /// afterwards is missed.
    pub async fn subscribe_updates(&self, tenant_id: Uuid) -> Result<Updates, CacheError> {
        let mut pubsub = self.client.get_async_pubsub().await?;
        pubsub
            .subscribe(self.keys().snapshot_channel(tenant_id))
            .await?;
        Ok(Updates {
            messages: pubsub.into_on_message(),
        })
    }

    /// Announces `topic` to `tenant_id`'s subscribers (for instance
    /// `statement:<person id>:<period>` after a statement is recomputed);
    /// returns how many received it.
    pub async fn publish_update(&self, tenant_id: Uuid, topic: &str) -> Result<usize, CacheError> {
        if !valid_topic(topic) {
            return Err(CacheError::InvalidTopic(topic.to_owned()));
        }
        let mut conn = self.conn();
        let receivers: usize = redis::cmd("PUBLISH")
            .arg(self.keys().snapshot_channel(tenant_id))
            .arg(topic)
            .query_async(&mut conn)
            .await?;
        Ok(receivers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_single_short_lines() {
        assert!(valid_topic("company"));
        assert!(valid_topic(
            "statement:2f1c1a9e-1b54-4a6e-9a53-6e0f3c5a7d10:2026-Q4"
        ));
        assert!(!valid_topic(""));
        assert!(!valid_topic("statement:x\ndata: forged"));
        assert!(!valid_topic("a\rb"));
        assert!(!valid_topic(&"x".repeat(MAX_TOPIC_LEN + 1)));
    }
}
