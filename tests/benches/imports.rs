//! CSV import figures, printed for docs/PERFORMANCE.md: a 100,000-row
//! HubSpot-style deals export (with stage history columns) uploaded and
//! previewed, then imported by the worker, while a client keeps calling the
//! API to show the import does not block it; then the same file again (every
//! row matched, nothing written).
//!
//! Run: `cargo bench -p attain-tests --bench imports`

use attain_test_support::{unique_slug, Browser, TestApp};
use serde_json::{json, Value};
use std::{
    fmt::Write,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

const ROWS: usize = 100_000;
const STAGES: [&str; 7] = [
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
];
const OWNERS: [&str; 12] = [
    "Jonas Berg",
    "Ava Thompson",
    "Liam Ortiz",
    "Mia Chen",
    "Noah Patel",
    "Emma Rossi",
    "Lucas Meyer",
    "Sofia Silva",
    "Ethan Brown",
    "Olivia Novak",
    "Mateo Garcia",
    "Zoe Martin",
];

fn export() -> Vec<u8> {
    let mut csv = String::with_capacity(ROWS * 160);
    csv.push_str("Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal owner,Deal Type,Associated Company,Date entered \"Closed Won (Sales Pipeline)\"\n");
    for i in 0..ROWS {
        let stage = STAGES[(i * 7 + i / 13) % STAGES.len()];
        let month = 1 + i % 12;
        let day = 1 + i % 27;
        let won = if stage == "closedwon" {
            format!("2026-{month:02}-{day:02} 12:00")
        } else {
            String::new()
        };
        let _ = writeln!(
            csv,
            "{},Company {} - Platform,Sales Pipeline,{stage},{}.00,2026-{month:02}-{day:02} 00:00,2025-{month:02}-{day:02} 00:00,{},{},Company {},{won}",
            9_000_000 + i,
            i % 5_000,
            1_000 + (i * 37) % 90_000,
            OWNERS[i % OWNERS.len()],
            if i % 3 == 0 { "existingbusiness" } else { "newbusiness" },
            i % 5_000,
        );
    }
    csv.into_bytes()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

/// Uploads, starts and waits; returns (upload+preview time, job time, final import).
async fn import(owner: &Browser, content: &[u8]) -> anyhow::Result<(Duration, Duration, Value)> {
    let started = Instant::now();
    let uploaded = owner
        .request(
            reqwest::Method::POST,
            "/api/v1/imports?kind=deals&file_name=bench.csv",
        )
        .body(content.to_vec())
        .send()
        .await?;
    anyhow::ensure!(
        uploaded.status().is_success(),
        "upload: {}",
        uploaded.text().await?
    );
    let preview = body(uploaded).await;
    let preview_time = started.elapsed();
    let id = preview["id"].as_str().unwrap_or_default().to_owned();
    let job_started = Instant::now();
    let start = owner
        .post(
            &format!("/api/v1/imports/{id}/start"),
            &json!({"version": preview["version"]}),
        )
        .await;
    anyhow::ensure!(
        start.status().is_success(),
        "start: {}",
        start.text().await?
    );
    loop {
        let state = body(owner.get(&format!("/api/v1/imports/{id}")).await).await;
        match state["status"].as_str() {
            Some("done") => return Ok((preview_time, job_started.elapsed(), state)),
            Some("failed") => anyhow::bail!("import failed: {state}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("bench")).await;
    let content = export();
    println!(
        "deals export: {ROWS} rows, {:.1} MiB",
        content.len() as f64 / 1024.0 / 1024.0
    );

    // Another user keeps reading while the import runs.
    let reader = app.signup(&unique_slug("reader")).await;
    let running = Arc::new(AtomicBool::new(true));
    let flag = running.clone();
    let probe = tokio::spawn(async move {
        let mut latencies = Vec::new();
        while flag.load(Ordering::Relaxed) {
            let started = Instant::now();
            let _ = reader.get("/api/v1/deals?per_page=50").await;
            latencies.push(started.elapsed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        latencies
    });

    let (preview, job, first) = import(&owner, &content).await?;
    running.store(false, Ordering::Relaxed);
    let mut latencies = probe.await?;
    latencies.sort();
    println!(
        "first import     upload+preview={:.2} s  job={:.2} s  ({:.0} rows/s)  created={} rejected={}",
        preview.as_secs_f64(),
        job.as_secs_f64(),
        ROWS as f64 / job.as_secs_f64(),
        first["created_rows"],
        first["rejected_rows"]
    );
    println!(
        "api during import  n={}  p50={:.1} ms  p99={:.1} ms  max={:.1} ms",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    let (preview, job, second) = import(&owner, &content).await?;
    println!(
        "re-import        upload+preview={:.2} s  job={:.2} s  created={} updated={}",
        preview.as_secs_f64(),
        job.as_secs_f64(),
        second["created_rows"],
        second["updated_rows"]
    );
    Ok(())
}
