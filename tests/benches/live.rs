//! Live commissions on the demo company, printed for docs/PERFORMANCE.md:
//! `attain demo` is created in a fresh database, its first full
//! recalculation settles, then the owner closes one of Ava's open deals at a
//! time while Ava's event stream (`GET /api/v1/events`, what her open
//! "My commissions" page listens to) is open. Ava is a hunter, paid on new
//! business, so her open new-business deals are the ones closed. Each figure is the time from
//! the owner's `PATCH` to Ava hearing `statement:<her id>:<period>` and to
//! her statement (read as the page reads it) showing the deal's line.
//!
//! Run: `cargo bench -p attain-tests --bench live`

use attain_test_support::{Browser, TestApp};
use chrono::{Datelike, Utc};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const CLOSES: usize = 20;
const PASSWORD: &str = "attain-demo-2026";

async fn signed_in(app: &TestApp, email: &str) -> anyhow::Result<Browser> {
    let browser = Browser::new(app);
    let response = browser.login(email, PASSWORD).await;
    anyhow::ensure!(
        response.status().is_success(),
        "login {email}: {}",
        response.status()
    );
    let body: Value = response.json().await?;
    browser.remember(&body);
    Ok(browser)
}

async fn json_of(response: reqwest::Response) -> anyhow::Result<Value> {
    let status = response.status();
    let body: Value = response.json().await?;
    anyhow::ensure!(status.is_success(), "{status}: {body}");
    Ok(body)
}

/// Reads the event stream until `topic` arrives; false after `limit`.
async fn heard(
    stream: &mut reqwest::Response,
    buffer: &mut String,
    topic: &str,
    limit: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(at) = buffer.find(&format!("data: {topic}\n")) {
            buffer.drain(..at + topic.len() + 7);
            return true;
        }
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => buffer.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return false,
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn spread(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
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

    let owner = signed_in(&app, "owner@demo.attain.test").await?;
    let ava = signed_in(&app, "ava@demo.attain.test").await?;
    let settle = Instant::now();
    // The demo's first full recalculation stores everyone's statements from
    // January; Ava's past months appear first, then it goes quiet.
    let mut seen = 0;
    let person = loop {
        let mine = json_of(ava.get("/api/v1/statements/mine").await).await?;
        let periods = mine["periods"].as_array().map_or(0, Vec::len);
        if periods > 0 && periods == seen {
            break mine["person_id"].as_str().unwrap_or_default().to_owned();
        }
        seen = periods;
        anyhow::ensure!(
            settle.elapsed() < Duration::from_secs(600),
            "no statement for Ava after 10 minutes"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    };
    tokio::time::sleep(Duration::from_secs(5)).await;
    println!(
        "first full recalculation of the demo company: Ava's {seen} statements stored within {:.1} s",
        settle.elapsed().as_secs_f64()
    );

    let today = Utc::now().date_naive();
    let period = format!("{}-{:02}", today.year(), today.month());
    let open = json_of(
        owner
            .get(&format!(
                "/api/v1/deals?status=open&deal_type=new_business&owner_id={person}&per_page=100"
            ))
            .await,
    )
    .await?;
    let deals: Vec<Value> = open["items"].as_array().cloned().unwrap_or_default();
    anyhow::ensure!(
        deals.len() >= 5,
        "Ava has only {} open new-business deals",
        deals.len()
    );
    let closes = deals.len().min(CLOSES);

    let mut stream = ava.get("/api/v1/events").await;
    anyhow::ensure!(stream.status().is_success(), "events: {}", stream.status());
    let mut buffer = String::new();
    let topic = format!("statement:{person}:{period}");
    let (mut to_event, mut to_line) = (Vec::new(), Vec::new());
    for deal in deals.iter().take(closes) {
        let (id, name) = (
            deal["id"].as_str().unwrap_or_default(),
            deal["name"].as_str().unwrap_or_default(),
        );
        // Whatever earlier closes still announce is not this close's answer.
        let quiet = tokio::time::Instant::now() + Duration::from_millis(200);
        while let Ok(Ok(Some(_))) = tokio::time::timeout_at(quiet, stream.chunk()).await {}
        buffer.clear();
        let posted = Instant::now();
        json_of(
            owner
                .patch(
                    &format!("/api/v1/deals/{id}"),
                    &json!({"version": deal["version"], "status": "won", "closed_date": today}),
                )
                .await,
        )
        .await?;
        if !heard(&mut stream, &mut buffer, &topic, Duration::from_secs(180)).await {
            let mine = json_of(ava.get("/api/v1/statements/mine").await).await?;
            anyhow::bail!(
                "no {topic} within 180 s of closing {name}; heard {buffer:?}; statement {mine}"
            );
        }
        println!("  {name}: {} ms", posted.elapsed().as_millis());
        to_event.push(posted.elapsed());
        loop {
            let mine = json_of(ava.get("/api/v1/statements/mine").await).await?;
            if mine["statement"].to_string().contains(name) {
                break;
            }
            anyhow::ensure!(
                posted.elapsed() < Duration::from_secs(30),
                "{name} never reached Ava's statement"
            );
            heard(&mut stream, &mut buffer, &topic, Duration::from_secs(1)).await;
        }
        to_line.push(posted.elapsed());
    }
    println!("| figure | value |\n|---|---|");
    println!(
        "| deal closed → `{topic}` heard on Ava's event stream ({closes} closes) | {} |",
        spread(to_event)
    );
    println!(
        "| deal closed → the line in Ava's statement as her page reads it | {} |",
        spread(to_line)
    );
    Ok(())
}
