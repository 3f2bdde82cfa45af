//! Foundation figures, printed for docs/PERFORMANCE.md:
//! - signup to ready: POST /api/v1/signup (tenant row, schema created and
//!   migrated, owner, trial, session) until the owner's first authenticated
//!   call answers, over many signups;
//! - `attain migrate` over 200 tenant schemas one version behind, then the
//!   re-run that finds them all current.
//!
//! Run: `cargo bench -p attain-tests --bench foundation`

use attain_db::migrations::migrate_all_tenants;
use attain_test_support::{seed, unique_slug, TestApp, TestDatabase};
use std::time::{Duration, Instant};

const SIGNUPS: usize = 40;
const TENANTS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(attain_test_support::Options {
        relay: false,
        worker: false,
        ..Default::default()
    })
    .await;
    let mut timings = Vec::with_capacity(SIGNUPS);
    for _ in 0..SIGNUPS {
        let started = Instant::now();
        let owner = app.signup(&unique_slug("bench")).await;
        let ready = owner.get("/api/v1/kpis/snapshot").await;
        anyhow::ensure!(
            ready.status().is_success(),
            "tenant not ready: {}",
            ready.status()
        );
        timings.push(started.elapsed());
    }
    timings.sort();
    println!(
        "signup_to_ready  n={SIGNUPS}  p50={:.1} ms  p95={:.1} ms  max={:.1} ms",
        percentile(&timings, 0.5),
        percentile(&timings, 0.95),
        percentile(&timings, 1.0)
    );
    drop(app);

    let database = tokio::task::spawn_blocking(TestDatabase::create).await??;
    let url = database.url.clone();
    let (first, second, seeding) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = database.connect()?;
        let started = Instant::now();
        seed::outdated_tenants(&mut conn, TENANTS)?;
        let seeding = started.elapsed();
        let first = migrate_all_tenants(&url, 4, |_| {})?;
        let second = migrate_all_tenants(&url, 4, |_| {})?;
        drop(database);
        Ok((first, second, seeding))
    })
    .await??;
    println!(
        "migrate_{TENANTS}_tenants  first_run={:.2} s ({} migrated)  re_run={:.2} s ({} already current)  concurrency=4  (seeding took {:.2} s)",
        first.elapsed.as_secs_f64(),
        first.migrated,
        second.elapsed.as_secs_f64(),
        second.already_current,
        seeding.as_secs_f64()
    );
    Ok(())
}
