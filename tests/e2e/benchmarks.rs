//! Peer benchmarks end to end, through the scheduled run and the API: a
//! cohort of four companies is withheld and a fifth publishes it; a company
//! that opts out is in no cohort of the next run (and stops seeing them);
//! two cohorts that differ by one company are never both published; only
//! owners and admins decide to take part.

use attain_test_support::{unique_slug, Browser, TestApp};
use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

/// A company of `industry` and `size` that won `won` and lost `lost` deals.
pub async fn company(
    app: &TestApp,
    industry: &str,
    size: &str,
    won: usize,
    lost: usize,
) -> Browser {
    company_named(app, &unique_slug("bench"), industry, size, won, lost).await
}

/// [`company`] with its slug given: its owner logs in as owner@<slug>.example.
pub async fn company_named(
    app: &TestApp,
    slug: &str,
    industry: &str,
    size: &str,
    won: usize,
    lost: usize,
) -> Browser {
    let owner = app.signup_in(slug, industry, size).await;
    for (status, count) in [("won", won), ("lost", lost)] {
        for n in 0..count {
            let created = owner
                .post(
                    "/api/v1/deals",
                    &json!({"name": format!("{status} {n}"), "amount": format!("{}.00", 10_000 + 1_000 * n),
                            "currency": "USD", "status": status}),
                )
                .await;
            assert_eq!(created.status(), StatusCode::CREATED);
        }
    }
    owner
}

pub async fn take_part(owner: &Browser, opt_in: bool) {
    let answer = owner
        .put(
            "/api/v1/benchmarks/participation",
            &json!({ "opt_in": opt_in }),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(body(answer).await["opted_in"], opt_in);
}

pub async fn run(app: &TestApp) {
    attain_worker::benchmarks::run(&app.state.db, Utc::now().date_naive())
        .await
        .unwrap_or_else(|e| panic!("benchmark run: {e}"));
}

async fn cohort(owner: &Browser, label: &str) -> Value {
    let view = body(owner.get("/api/v1/benchmarks").await).await;
    view["cohorts"]
        .as_array()
        .and_then(|cohorts| cohorts.iter().find(|c| c["label"] == label).cloned())
        .unwrap_or_else(|| panic!("no cohort {label:?} in {view}"))
}

fn win_rate_median(cohort: &Value) -> Option<f64> {
    cohort["metrics"]
        .as_array()?
        .iter()
        .find(|m| m["metric"] == "win_rate")?["percentiles"]["p50"]
        .as_str()?
        .parse()
        .ok()
}

#[tokio::test]
async fn four_companies_are_withheld_a_fifth_publishes_and_opting_out_removes_a_company() {
    let app = TestApp::spawn().await;
    let mut companies = Vec::new();
    for (won, lost) in [(1, 3), (2, 2), (3, 1), (2, 1)] {
        let owner = company(&app, "software", "51-200", won, lost).await;
        take_part(&owner, true).await;
        companies.push(owner);
    }
    let fifth = company(&app, "software", "51-200", 4, 0).await;
    run(&app).await;

    let four = cohort(&companies[0], "software, 51-200").await;
    assert_eq!(four["published"], false, "{four}");
    assert!(
        four["companies"].is_null(),
        "a withheld cohort does not say how many: {four}"
    );
    assert_eq!(four["metrics"], json!([]));
    assert!(
        four["note"]
            .as_str()
            .is_some_and(|n| n.contains("Fewer than 5")),
        "{four}"
    );
    let outside = body(fifth.get("/api/v1/benchmarks").await).await;
    assert_eq!(outside["opted_in"], false);
    assert_eq!(outside["cohorts"], json!([]), "give to get: {outside}");
    assert!(
        outside["own"]["win_rate"].is_string(),
        "own figures are shown: {outside}"
    );

    // The fifth company joins: the cohort is published at the next run.
    take_part(&fifth, true).await;
    run(&app).await;
    let five = cohort(&companies[0], "software, 51-200").await;
    assert_eq!(five["published"], true, "{five}");
    assert_eq!(five["companies"], 5);
    // Win rates 0.25, 0.5, 0.75, 0.6667, 1 with equal weight: median 0.6667.
    let median = win_rate_median(&five).unwrap_or_default();
    assert!((median - 0.6667).abs() < 0.0001, "{five}");

    // The first company opts out: the next run holds four again.
    take_part(&companies[0], false).await;
    run(&app).await;
    let after = cohort(&companies[1], "software, 51-200").await;
    assert_eq!(after["published"], false, "{after}");
    assert!(after["note"]
        .as_str()
        .is_some_and(|n| n.contains("Fewer than 5")));
    let gone = body(companies[0].get("/api/v1/benchmarks").await).await;
    assert_eq!(gone["opted_in"], false);
    assert_eq!(gone["cohorts"], json!([]));

    // Only owners and admins decide; the body is checked.
    let rep = app
        .add_member(&companies[1], "rep@bench.example", "rep")
        .await;
    let refused = rep
        .put(
            "/api/v1/benchmarks/participation",
            &json!({"opt_in": false}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let bad = companies[1]
        .put(
            "/api/v1/benchmarks/participation",
            &json!({"opt_in": "yes"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body(companies[1].get("/api/v1/benchmarks").await).await["opted_in"],
        true,
        "a refused change changes nothing"
    );
    let month = companies[1].get("/api/v1/benchmarks?period=2026-11").await;
    assert_eq!(month.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(month).await["error"]["field"], "period");
}

#[tokio::test]
async fn two_cohorts_differing_by_one_company_are_not_both_published() {
    let app = TestApp::spawn().await;
    let mut mid = Vec::new();
    for won in 1..=6 {
        let owner = company(&app, "software", "51-200", won, 2).await;
        take_part(&owner, true).await;
        mid.push(owner);
    }
    // One larger software company: "software, all sizes" would be the
    // published six plus this one, isolating its figures.
    let large = company(&app, "software", "201-1000", 9, 1).await;
    take_part(&large, true).await;
    run(&app).await;

    let narrow = cohort(&mid[0], "software, 51-200").await;
    assert_eq!(narrow["published"], true, "{narrow}");
    assert_eq!(narrow["companies"], 6);
    for label in ["software, all sizes", "all companies"] {
        let wide = cohort(&mid[0], label).await;
        assert_eq!(wide["published"], false, "{label}: {wide}");
        assert!(
            wide["note"]
                .as_str()
                .is_some_and(|n| n.contains("differs from the published cohort")),
            "{label}: {wide}"
        );
        assert_eq!(wide["metrics"], json!([]));
    }
    let alone = cohort(&large, "software, 201-1000").await;
    assert_eq!(alone["published"], false);
    let published = |view: &Value| {
        view["cohorts"]
            .as_array()
            .map(|cohorts| cohorts.iter().filter(|c| c["published"] == true).count())
            .unwrap_or_default()
    };
    // "All industries, 51-200" holds exactly the same six: the same figures
    // again, which reveal nothing new.
    let same = cohort(&mid[0], "all industries, 51-200").await;
    assert_eq!(same["published"], true, "{same}");
    assert_eq!(same["metrics"], narrow["metrics"]);
    assert_eq!(
        published(&body(mid[0].get("/api/v1/benchmarks").await).await),
        2
    );
    assert_eq!(
        published(&body(large.get("/api/v1/benchmarks").await).await),
        0
    );
}
