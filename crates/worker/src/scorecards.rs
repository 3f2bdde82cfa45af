//! Per-period KPI scorecards, refreshed with the company snapshot when a deal
//! changes: the current month, quarter and year, plus the periods the deal
//! was created and closed in, for every scope the deal credits (its people,
//! the teams and regions above them, the company). Bulk changes (imports, the
//! demo) refresh every scope for the current periods.

use attain_db::{
    tenant::{
        kpi_snapshots,
        scorecards::{self, snapshot_key, TenantFacts},
    },
    DbError, TenantConn,
};
use attain_domain::{
    period::{Period, PeriodKind},
    scorecard,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use uuid::Uuid;

const KINDS: [PeriodKind; 3] = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

/// What changed, and so which scorecards can move.
#[derive(Debug, Clone, Copy)]
pub enum Touched {
    Deal(Uuid),
    /// A person's activity on a day.
    Person(Uuid, NaiveDate),
    /// Bulk changes: every scope, current periods.
    Everyone,
    /// Goals or the target mix: no scorecard, only the alignment snapshot.
    Targets,
}

/// Reads what the scorecards (and the alignment snapshot) of the current
/// periods, and of any period a change can reach, are computed from.
pub fn load_facts(t: &mut TenantConn<'_>, today: NaiveDate) -> Result<TenantFacts, DbError> {
    let latest = KINDS
        .iter()
        .map(|k| Period::containing(*k, today).end_exclusive())
        .max()
        .unwrap_or(today);
    let wide = attain_domain::period::DateRange {
        from: today - chrono::Days::new(800),
        to_exclusive: latest,
    };
    scorecards::load(t, wide)
}

/// Recomputes and stores the affected scorecards; returns (key, view) for the cache.
pub fn refresh(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    today: NaiveDate,
    touched: Touched,
    message_id: Uuid,
) -> Result<Vec<(String, serde_json::Value)>, DbError> {
    let mut periods: BTreeSet<Period> = KINDS
        .iter()
        .map(|k| Period::containing(*k, today))
        .collect();
    let scopes = match touched {
        Touched::Everyone => facts.all_scopes(),
        Touched::Targets => Vec::new(),
        Touched::Deal(deal_id) => {
            if let Some(deal) = facts.deals.iter().find(|d| d.id == deal_id) {
                let days: Vec<NaiveDate> = [Some(deal.created_on), deal.closed_on]
                    .into_iter()
                    .flatten()
                    .collect();
                for day in days {
                    periods.extend(KINDS.iter().map(|k| Period::containing(*k, day)));
                }
            }
            facts.scopes_touched_by(deal_id)
        }
        Touched::Person(person, day) => {
            periods.extend(KINDS.iter().map(|k| Period::containing(*k, day)));
            facts.scopes_of_person(person)
        }
    };
    let mut views = Vec::with_capacity(scopes.len() * periods.len());
    for scope in scopes {
        for period in &periods {
            let range = period.range();
            let card = scorecard::compute(
                range,
                &facts.deals,
                &facts.activities,
                &facts.open_stages,
                &facts.scope(scope, range),
            );
            let key = snapshot_key(scope, period);
            let figures =
                serde_json::to_value(&card).map_err(|e| DbError::Corrupt(e.to_string()))?;
            let row = kpi_snapshots::upsert_applying_event(t, &key, figures, message_id)?;
            views.push((key, row.view()));
        }
    }
    Ok(views)
}
