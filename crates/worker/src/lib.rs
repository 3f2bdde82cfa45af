//! The worker: one module per job. Each job applies its effect and records the
//! message in the inbox in one transaction, then refreshes caches.

pub mod alignment;
pub mod benchmarks;
pub mod billing;
pub mod billing_seats;
pub mod comp;
pub mod comp_scenario;
pub mod imports;
pub mod kpi_snapshot;
pub mod scorecards;

use attain_cache::Cache;
use attain_db::Db;

#[derive(Clone)]
pub struct WorkerContext {
    pub db: Db,
    pub cache: Cache,
    pub stripe: attain_billing::StripeClient,
}
