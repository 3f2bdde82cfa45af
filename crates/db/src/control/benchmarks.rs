//! Peer benchmarks in the control plane: who takes part (`tenants.
//! benchmark_opt_in`) and the published aggregates of the latest run per
//! period (`benchmark_runs`, `benchmark_cohorts`). No company's own figures
//! and no cohort membership are stored here.

use crate::{
    control::tenants::Tenant,
    schema::control::{benchmark_cohorts, benchmark_runs, tenants},
    DbError,
};
use attain_alignment::CohortBenchmark;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

pub fn set_opt_in(conn: &mut PgConnection, tenant_id: Uuid, opt_in: bool) -> Result<bool, DbError> {
    let before = is_opted_in(conn, tenant_id)?;
    diesel::update(tenants::table.find(tenant_id))
        .set(tenants::benchmark_opt_in.eq(opt_in))
        .execute(conn)?;
    Ok(before)
}

pub fn is_opted_in(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, DbError> {
    Ok(tenants::table
        .find(tenant_id)
        .select(tenants::benchmark_opt_in)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}

/// The companies taking part in the next run.
pub fn participants(conn: &mut PgConnection) -> Result<Vec<Tenant>, DbError> {
    Ok(tenants::table
        .filter(tenants::benchmark_opt_in.eq(true))
        .order(tenants::id)
        .select(Tenant::as_select())
        .load(conn)?)
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = benchmark_runs)]
pub struct BenchmarkRun {
    pub id: Uuid,
    pub period: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub companies: i32,
    pub cohorts_published: i32,
    pub cohorts_withheld: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = benchmark_cohorts)]
pub struct CohortRow {
    pub industry: Option<String>,
    pub size_band: Option<String>,
    pub published: bool,
    pub companies: Option<i32>,
    pub metrics: serde_json::Value,
    pub note: Option<String>,
}

/// Stores a run of `period` in place of the previous one, in one transaction.
pub fn replace_run(
    conn: &mut PgConnection,
    run: &BenchmarkRun,
    cohorts: &[CohortBenchmark],
) -> Result<(), DbError> {
    conn.transaction(|conn| -> Result<(), DbError> {
        diesel::delete(benchmark_runs::table.filter(benchmark_runs::period.eq(&run.period)))
            .execute(conn)?;
        diesel::insert_into(benchmark_runs::table)
            .values(run)
            .execute(conn)?;
        for cohort in cohorts {
            let metrics = serde_json::to_value(&cohort.metrics)
                .map_err(|e| DbError::Corrupt(e.to_string()))?;
            diesel::insert_into(benchmark_cohorts::table)
                .values((
                    benchmark_cohorts::run_id.eq(run.id),
                    benchmark_cohorts::industry.eq(&cohort.key.industry),
                    benchmark_cohorts::size_band.eq(&cohort.key.size_band),
                    benchmark_cohorts::published.eq(cohort.published),
                    benchmark_cohorts::companies
                        .eq(cohort.companies.and_then(|n| i32::try_from(n).ok())),
                    benchmark_cohorts::metrics.eq(metrics),
                    benchmark_cohorts::note.eq(&cohort.note),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The latest run of `period` and its cohorts.
pub fn latest(
    conn: &mut PgConnection,
    period: &str,
) -> Result<Option<(BenchmarkRun, Vec<CohortRow>)>, DbError> {
    let Some(run) = benchmark_runs::table
        .filter(benchmark_runs::period.eq(period))
        .order(benchmark_runs::finished_at.desc())
        .select(BenchmarkRun::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let cohorts = benchmark_cohorts::table
        .filter(benchmark_cohorts::run_id.eq(run.id))
        .order(benchmark_cohorts::id)
        .select(CohortRow::as_select())
        .load(conn)?;
    Ok(Some((run, cohorts)))
}
