//! The alignment snapshot on the demo company, printed for
//! docs/PERFORMANCE.md: `attain demo` is created in a fresh database, then
//!
//! 1. once the worker has made its own first snapshot, the worker's
//!    recomputation (the facts read once, the lookups read, then this
//!    quarter's and this year's snapshots computed) is timed `RUNS` times,
//!    in total and by phase;
//! 2. the executive dashboard's read (`GET /api/v1/alignment`, served from
//!    the cached snapshot) is driven open-loop at `RATE` requests per second
//!    for `SECONDS` seconds: each request leaves at its scheduled time
//!    whatever the others are doing, and its latency counts from that time
//!    (wrk2-style, so a stall is not hidden by requests that were never sent).
//!
//! Run: `cargo bench -p attain-tests --bench alignment`

use attain_db::{control::tenants, tenant::alignment_inputs};
use attain_domain::period::{Period, PeriodKind};
use attain_test_support::{Browser, TestApp};
use serde_json::Value;
use std::time::{Duration, Instant};

const RUNS: usize = 10;
const RATE: u64 = 500;
const SECONDS: u64 = 10;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn spread(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        percentile(&samples, 1.0)
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    attain_server::demo::run(&app.settings).await?;
    println!(
        "demo company created in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let tenant = app
        .state
        .db
        .run(|conn| tenants::find_by_slug(conn, "demo"))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo tenant"))?
        .tenant_ref()?;

    // Wait until the worker has made the demo's snapshot, so the timings
    // below do not share the cores with its first refresh.
    let exec = Browser::new(&app);
    let login = exec
        .login("exec@demo.attain.test", "attain-demo-2026")
        .await;
    anyhow::ensure!(login.status().is_success(), "login: {}", login.status());
    let url = app.url("/api/v1/alignment");
    let settle = Instant::now();
    loop {
        let view: Value = exec.client.get(&url).send().await?.json().await?;
        if view["source"] == "snapshot" {
            break;
        }
        anyhow::ensure!(
            settle.elapsed() < Duration::from_secs(600),
            "the worker's snapshot never arrived"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    let today = chrono::Utc::now().date_naive();
    let mut phases: [Vec<Duration>; 4] = Default::default();
    let mut goals = 0;
    for _ in 0..RUNS {
        let tenant = tenant.clone();
        let (counted, took) = app
            .state
            .db
            .in_tenant(tenant, move |t| -> Result<_, attain_db::DbError> {
                let began = Instant::now();
                let facts = attain_worker::scorecards::load_facts(t, today)?;
                let read = began.elapsed();
                let lookups = alignment_inputs::lookups(t, &facts, today)?;
                let looked_up = began.elapsed();
                let mut goals = 0;
                for kind in [PeriodKind::Quarter, PeriodKind::Year] {
                    let period = Period::containing(kind, today);
                    goals += alignment_inputs::snapshot(t, &facts, &lookups, &period, today)?
                        .goals
                        .len();
                }
                let total = began.elapsed();
                Ok((goals, [read, looked_up - read, total - looked_up, total]))
            })
            .await?;
        goals = counted;
        for (samples, took) in phases.iter_mut().zip(took) {
            samples.push(took);
        }
    }
    let [read, lookups, snapshots, total] = phases;
    println!(
        "alignment snapshot recomputed (facts read, quarter and year, {goals} goals), {RUNS} runs: {}",
        spread(total)
    );
    println!("  of which facts read: {}", spread(read));
    println!("  of which lookups read: {}", spread(lookups));
    println!("  of which both snapshots computed: {}", spread(snapshots));

    let total = RATE * SECONDS;
    let interval = Duration::from_micros(1_000_000 / RATE);
    let start = tokio::time::Instant::now() + Duration::from_millis(100);
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let client = exec.client.clone();
        let url = url.clone();
        let due = start + interval * i as u32;
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(due).await;
            let ok = match client.get(&url).send().await {
                Ok(response) => {
                    let ok = response.status().is_success();
                    ok && response.bytes().await.is_ok()
                }
                Err(_) => false,
            };
            (due.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(total as usize);
    let mut failed = 0;
    for task in tasks {
        let (latency, ok) = task.await?;
        latencies.push(latency);
        failed += usize::from(!ok);
    }
    let took = start.elapsed().as_secs_f64();
    println!(
        "cached dashboard reads, open-loop {RATE}/s for {SECONDS} s ({total} requests, {failed} failed, finished in {took:.1} s): {}",
        spread(latencies)
    );
    anyhow::ensure!(failed == 0, "{failed} requests failed");
    Ok(())
}
