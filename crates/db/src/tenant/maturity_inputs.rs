//! The evidence of a company's management maturity (see
//! [`attain_alignment::maturity`]), read in one query: a published plan
//! assigned today, KPI targets, activity in the last 30 days, managers and
//! how many of them noted a one-on-one in the last 30 days, and whether this
//! quarter's goals cascade from the company down to a rep. The company's
//! alignment score comes from the alignment snapshot, by the caller.

use crate::{DbError, TenantConn};
use attain_alignment::MaturityEvidence;
use attain_domain::period::{Period, PeriodKind};
use chrono::{Days, NaiveDate};
use diesel::{prelude::*, sql_types};
use rust_decimal::Decimal;

/// How far back activity and one-on-ones count as current.
pub const RECENT_DAYS: u64 = 30;

#[derive(QueryableByName)]
struct EvidenceRow {
    #[diesel(sql_type = sql_types::Bool)]
    comp_plans_live: bool,
    #[diesel(sql_type = sql_types::Bool)]
    kpi_targets_set: bool,
    #[diesel(sql_type = sql_types::Bool)]
    activity_tracked: bool,
    #[diesel(sql_type = sql_types::BigInt)]
    managers: i64,
    #[diesel(sql_type = sql_types::BigInt)]
    managers_coaching: i64,
    #[diesel(sql_type = sql_types::Bool)]
    goals_cascaded_to_reps: bool,
}

const EVIDENCE: &str = "
WITH RECURSIVE up(id, parent_id, scope_kind) AS (
    SELECT id, parent_id, scope_kind FROM goals
     WHERE scope_kind = 'rep' AND period_kind = 'quarter' AND period_start = $3
    UNION
    SELECT g.id, g.parent_id, g.scope_kind FROM goals g JOIN up ON g.id = up.parent_id
)
SELECT
    EXISTS (
        SELECT 1 FROM comp_assignments a
          JOIN comp_plan_versions v ON v.plan_id = a.plan_id
         WHERE v.status = 'published' AND v.effective_from <= $1
           AND a.starts_on <= $1 AND (a.ends_on IS NULL OR a.ends_on >= $1)
    ) AS comp_plans_live,
    (EXISTS (SELECT 1 FROM activity_targets WHERE per_week > 0)
        OR EXISTS (SELECT 1 FROM goals)) AS kpi_targets_set,
    EXISTS (SELECT 1 FROM activities WHERE occurred_at >= $2::date) AS activity_tracked,
    (SELECT count(*) FROM people WHERE active AND sales_role = 'manager') AS managers,
    (SELECT count(DISTINCT p.id) FROM people p
       JOIN one_on_one_notes n ON n.author_user_id = p.user_id
      WHERE p.active AND p.sales_role = 'manager' AND n.held_on >= $2) AS managers_coaching,
    EXISTS (SELECT 1 FROM up WHERE scope_kind = 'company') AS goals_cascaded_to_reps";

/// The evidence as of `today`, with the company's alignment score if known.
pub fn evidence(
    t: &mut TenantConn<'_>,
    today: NaiveDate,
    alignment_score: Option<Decimal>,
) -> Result<MaturityEvidence, DbError> {
    let quarter = Period::containing(PeriodKind::Quarter, today);
    let row: EvidenceRow = diesel::sql_query(EVIDENCE)
        .bind::<sql_types::Date, _>(today)
        .bind::<sql_types::Date, _>(today - Days::new(RECENT_DAYS))
        .bind::<sql_types::Date, _>(quarter.start)
        .get_result(t.conn())?;
    Ok(MaturityEvidence {
        comp_plans_live: row.comp_plans_live,
        kpi_targets_set: row.kpi_targets_set,
        activity_tracked: row.activity_tracked,
        managers: u32::try_from(row.managers).unwrap_or(u32::MAX),
        managers_with_recent_one_on_ones: u32::try_from(row.managers_coaching).unwrap_or(u32::MAX),
        goals_cascaded_to_reps: row.goals_cascaded_to_reps,
        alignment_score,
    })
}
