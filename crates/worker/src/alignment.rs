//! The alignment snapshot of the current quarter and year, refreshed with
//! the KPI scorecards whenever a deal or activity changes: every revenue
//! goal of the cascade with its pace, forecast and alignment score (see
//! [`attain_alignment::snapshot`]). Stored as a KPI snapshot under
//! `alignment:<period>`, cached and announced like the scorecards.
//!
//! The figures come from [`alignment_inputs::snapshot`], which the API also
//! uses when no snapshot is stored yet.

use attain_db::{
    tenant::{alignment_inputs, kpi_snapshots, scorecards::TenantFacts},
    DbError, TenantConn,
};
use attain_domain::period::{Period, PeriodKind};
use chrono::NaiveDate;
use uuid::Uuid;

/// The periods the dashboard shows.
const KINDS: [PeriodKind; 2] = [PeriodKind::Quarter, PeriodKind::Year];

/// Recomputes and stores the snapshots; returns (key, view) for the cache.
pub fn refresh(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    today: NaiveDate,
    message_id: Uuid,
) -> Result<Vec<(String, serde_json::Value)>, DbError> {
    let lookups = alignment_inputs::lookups(t, facts, today)?;
    let mut views = Vec::new();
    for kind in KINDS {
        let period = Period::containing(kind, today);
        // A goal the arithmetic refuses must not hold up the KPI snapshots.
        let snapshot = match alignment_inputs::snapshot(t, facts, &lookups, &period, today) {
            Ok(snapshot) => snapshot,
            Err(DbError::Corrupt(reason)) => {
                tracing::error!(%period, %reason, "alignment snapshot not computed");
                continue;
            }
            Err(other) => return Err(other),
        };
        let json = serde_json::to_value(&snapshot).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let key = alignment_inputs::snapshot_key(&period);
        let row = kpi_snapshots::upsert_applying_event(t, &key, json, message_id)?;
        views.push((key, row.view()));
    }
    Ok(views)
}
