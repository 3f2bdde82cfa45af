//! KPI snapshots.
pub mod scorecard;
pub mod snapshot;
