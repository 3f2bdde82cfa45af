//! Exchanges and queues. Every name starts with the installation's prefix.
//! Work queues are quorum queues with a delivery limit and a dead-letter
//! exchange, so a message that keeps failing ends in `<prefix>.dead`.

use crate::JobsError;
use lapin::{
    options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions},
    types::{AMQPValue, FieldTable, LongString, ShortString},
    Channel, ExchangeKind,
};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Topology {
    pub prefix: String,
    pub delivery_limit: u32,
    /// Removes idle queues after this long (for throwaway test installations).
    pub queue_expiry: Option<Duration>,
}

/// The consumer of KPI snapshots, also its name in the inbox table.
pub const KPI_QUEUE: &str = "kpi";
/// The consumer of CSV imports: long jobs get their own queue so KPI
/// updates never wait behind them.
pub const IMPORT_QUEUE: &str = "imports";

/// The consumer of compensation work: statements follow deal changes, and
/// plan, quota, rate and assignment changes, recalculations and scenarios.
pub const COMP_QUEUE: &str = "comp";

/// The consumer of stored Stripe webhook events.
pub const BILLING_QUEUE: &str = "billing";

/// Work queues and the routing keys bound to them.
const WORK_QUEUES: [(&str, &[&str]); 4] = [
    (KPI_QUEUE, &["deal.#"]),
    (IMPORT_QUEUE, &["import.#"]),
    (COMP_QUEUE, &["deal.changed", "comp.#"]),
    (BILLING_QUEUE, &["billing.#"]),
];

impl Topology {
    pub fn events_exchange(&self) -> String {
        format!("{}.events", self.prefix)
    }
    pub fn dead_letter_exchange(&self) -> String {
        format!("{}.dead-letter", self.prefix)
    }
    pub fn queue(&self, name: &str) -> String {
        format!("{}.{name}", self.prefix)
    }
    pub fn dead_queue(&self) -> String {
        format!("{}.dead", self.prefix)
    }

    fn expiry_args(&self, args: &mut FieldTable) {
        if let Some(expiry) = self.queue_expiry {
            args.insert(
                "x-expires".into(),
                AMQPValue::LongLongInt(expiry.as_millis() as i64),
            );
        }
    }

    /// Declares everything (idempotent); called by the relay and by every consumer.
    pub async fn declare(&self, channel: &Channel) -> Result<(), JobsError> {
        let durable = ExchangeDeclareOptions {
            durable: true,
            // Throwaway installations clean up after themselves once their queues expire.
            auto_delete: self.queue_expiry.is_some(),
            ..ExchangeDeclareOptions::default()
        };
        channel
            .exchange_declare(
                self.events_exchange().into(),
                ExchangeKind::Topic,
                durable,
                FieldTable::default(),
            )
            .await?;
        channel
            .exchange_declare(
                self.dead_letter_exchange().into(),
                ExchangeKind::Fanout,
                durable,
                FieldTable::default(),
            )
            .await?;

        let mut dead_args = FieldTable::default();
        self.expiry_args(&mut dead_args);
        channel
            .queue_declare(
                self.dead_queue().into(),
                QueueDeclareOptions::durable(),
                dead_args,
            )
            .await?;
        channel
            .queue_bind(
                self.dead_queue().into(),
                self.dead_letter_exchange().into(),
                "".into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;

        let mut work_args = FieldTable::default();
        work_args.insert(
            "x-queue-type".into(),
            AMQPValue::LongString(LongString::from("quorum")),
        );
        work_args.insert(
            "x-delivery-limit".into(),
            AMQPValue::LongLongInt(i64::from(self.delivery_limit)),
        );
        work_args.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString(LongString::from(self.dead_letter_exchange())),
        );
        self.expiry_args(&mut work_args);
        for (name, routing_keys) in WORK_QUEUES {
            let queue: ShortString = self.queue(name).into();
            channel
                .queue_declare(
                    queue.clone(),
                    QueueDeclareOptions::durable(),
                    work_args.clone(),
                )
                .await?;
            for routing_key in routing_keys {
                channel
                    .queue_bind(
                        queue.clone(),
                        self.events_exchange().into(),
                        (*routing_key).into(),
                        QueueBindOptions::default(),
                        FieldTable::default(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
