//! One company's contribution to the peer benchmarks of a period, computed
//! inside its own schema: win rate, average deal size, cycle length, the
//! company goal's attainment and activities per rep, to date, weighted by
//! the number of reps (managers excluded, at least one).
//!
//! Average deal size is contributed in USD only: companies selling in other
//! currencies leave it out (and a cohort that holds one withholds that
//! figure) rather than mix currencies.

use super::scorecards;
use crate::{schema::tenant::people, DbError, TenantConn};
use attain_alignment::BenchmarkMetrics;
use attain_domain::{
    period::{DateRange, Period},
    scorecard::{self, Scope},
};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;

/// The currency average deal sizes are compared in.
pub const BENCHMARK_CURRENCY: &str = "USD";

/// The company's figures for `period` up to `today`, and their weight.
pub fn contribution(
    t: &mut TenantConn<'_>,
    period: &Period,
    today: NaiveDate,
) -> Result<(BenchmarkMetrics, Decimal), DbError> {
    let to_date = DateRange {
        from: period.start,
        to_exclusive: (today + Days::new(1)).min(period.end_exclusive()),
    };
    let facts = scorecards::load(t, to_date)?;
    let card = scorecard::compute(
        to_date,
        &facts.deals,
        &facts.activities,
        &facts.open_stages,
        &facts.scope(Scope::Company, period.range()),
    );
    let reps: i64 = people::table
        .filter(people::active.eq(true))
        .filter(people::sales_role.ne("manager"))
        .count()
        .get_result(t.conn())?;
    let activities: i64 = card.activities.iter().map(|count| count.done).sum();
    let activities_per_rep =
        (reps > 0).then(|| (Decimal::from(activities) / Decimal::from(reps)).round_dp(1));
    Ok((
        BenchmarkMetrics {
            win_rate: card.win_rate,
            average_deal_size: card.average_deal_size.get(BENCHMARK_CURRENCY).copied(),
            cycle_length_days: card.average_cycle_days,
            attainment: card.quota_attainment,
            activities_per_rep,
        },
        Decimal::from(reps.max(1)),
    ))
}
