//! KPI snapshots.
pub mod snapshot;
