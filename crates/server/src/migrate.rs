//! `attain migrate`: the control schema, then every tenant schema in parallel
//! (bounded), one progress line per tenant and a summary. Safe to re-run.

use attain_config::Settings;
use attain_db::migrations::{self, TenantOutcome};
use diesel::Connection;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Returns the number of tenant schemas that failed.
pub fn run(settings: &Settings, quiet: bool) -> anyhow::Result<usize> {
    let url = settings.database_url.expose();
    let mut conn = diesel::PgConnection::establish(url).map_err(|e| {
        anyhow::anyhow!("cannot connect to PostgreSQL ({e}); run scripts/setup.sh first")
    })?;
    let applied = migrations::migrate_control(&mut conn)?;
    drop(conn);
    println!("control schema: {applied} migration(s) applied");
    let printed = AtomicUsize::new(0);
    let report = migrations::migrate_all_tenants(url, settings.migrate_concurrency, |p| {
        let line = match &p.outcome {
            TenantOutcome::AlreadyCurrent => "already current".to_owned(),
            TenantOutcome::Migrated { applied } => format!("migrated ({applied} applied)"),
            TenantOutcome::Failed { error } => format!("FAILED: {error}"),
        };
        let failed = matches!(p.outcome, TenantOutcome::Failed { .. });
        if !quiet || failed || p.done == p.total || p.done % 50 == 0 {
            printed.fetch_add(1, Ordering::Relaxed);
            println!(
                "[{:>5}/{}] {} {line} in {} ms",
                p.done,
                p.total,
                p.schema,
                p.elapsed.as_millis()
            );
        }
    })?;
    println!(
        "tenant schemas: {} total, {} migrated, {} already current, {} failed, in {:.2} s (latest version {})",
        report.total,
        report.migrated,
        report.already_current,
        report.failed.len(),
        report.elapsed.as_secs_f64(),
        migrations::latest_tenant_version(),
    );
    for (schema, error) in &report.failed {
        eprintln!("failed: {schema}: {error}");
    }
    Ok(report.failed.len())
}
