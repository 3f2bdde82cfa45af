//! KPI snapshots.
pub mod snapshot;
pub mod scorecard;
