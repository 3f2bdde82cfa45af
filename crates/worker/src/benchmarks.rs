//! The scheduled peer-benchmark run: every [`EVERY`], and once at start,
//! each company that opted in contributes its figures for this quarter and
//! the last (computed in its own schema); [`attain_alignment::benchmarks`]
//! decides which cohorts may be published and computes their percentiles;
//! each period's run replaces the previous one in the control plane. A
//! company that opted out is simply not asked: it is in no cohort of the
//! next run.

use attain_alignment::{CohortBenchmark, Contribution};
use attain_db::{
    control::benchmarks::{self, BenchmarkRun},
    tenant::benchmark_inputs,
    Db, DbError,
};
use attain_domain::period::{Period, PeriodKind};
use chrono::{NaiveDate, Utc};
use std::time::Duration;
use uuid::Uuid;

/// How often benchmarks are recomputed.
pub const EVERY: Duration = Duration::from_secs(6 * 60 * 60);

/// The periods each run covers: this quarter to date and the last one.
pub fn periods(today: NaiveDate) -> [Period; 2] {
    let current = Period::containing(PeriodKind::Quarter, today);
    [current.previous(), current]
}

/// Runs forever: once now, then every [`EVERY`].
pub async fn schedule(db: Db) {
    loop {
        match run(&db, Utc::now().date_naive()).await {
            Ok(runs) => {
                for run in runs {
                    tracing::info!(
                        period = %run.period,
                        companies = run.companies,
                        published = run.cohorts_published,
                        withheld = run.cohorts_withheld,
                        "benchmarks recomputed"
                    );
                }
            }
            Err(error) => tracing::error!(%error, "benchmark run failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// One run over every participating company; returns each period's run.
pub async fn run(db: &Db, today: NaiveDate) -> Result<Vec<BenchmarkRun>, DbError> {
    let started_at = Utc::now();
    let participants = db.run(benchmarks::participants).await?;
    let periods = periods(today);
    let mut contributions = Vec::new();
    for tenant in &participants {
        let tenant_ref = tenant.tenant_ref()?;
        for period in periods {
            let (metrics, weight) = db
                .in_tenant(tenant_ref.clone(), move |t| {
                    benchmark_inputs::contribution(t, &period, today)
                })
                .await?;
            contributions.push(Contribution {
                tenant_id: tenant.id,
                industry: tenant.industry.clone(),
                size_band: tenant.company_size.clone(),
                period: period.to_string(),
                metrics,
                weight,
            });
        }
    }
    let cohorts = attain_alignment::benchmarks(&contributions)
        .map_err(|e| DbError::Corrupt(format!("benchmarks: {e}")))?;
    let mut runs = Vec::new();
    for period in periods {
        let name = period.to_string();
        let of_period: Vec<CohortBenchmark> = cohorts
            .iter()
            .filter(|c| c.period == name)
            .cloned()
            .collect();
        let published = of_period.iter().filter(|c| c.published).count();
        let run = BenchmarkRun {
            id: Uuid::new_v4(),
            period: name,
            started_at,
            finished_at: Utc::now(),
            companies: i32::try_from(participants.len()).unwrap_or(i32::MAX),
            cohorts_published: i32::try_from(published).unwrap_or(i32::MAX),
            cohorts_withheld: i32::try_from(of_period.len() - published).unwrap_or(i32::MAX),
        };
        let stored = run.clone();
        db.run(move |conn| benchmarks::replace_run(conn, &stored, &of_period))
            .await?;
        runs.push(run);
    }
    Ok(runs)
}
