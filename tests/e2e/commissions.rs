//! Statements end to end: a plan, an assignment and a quota set up through
//! the API; the worker writes the rep's statement seconds after a deal
//! closes, each line explained; reps see only their own; approval, payment
//! and the lock (a later change is carried into the next period); disputes;
//! what-if; payroll export; a scenario run.

use attain_test_support::{unique_slug, Browser, TestApp};
use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

fn this_month() -> String {
    let today = Utc::now().date_naive();
    format!("{}-{:02}", today.year(), today.month())
}

fn next_month() -> String {
    let today = Utc::now().date_naive();
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    format!("{y}-{m:02}")
}

/// A published plan (0–100% at 10%, 100%+ at 15%, marginal) assigned to
/// `person` with a 100,000 quota this month; returns the plan id.
pub(crate) async fn plan_for(owner: &Browser, person: &str) -> String {
    let rules = json!({
        "currency": "USD",
        "rate_table": {"method": "marginal", "tiers": [
            {"from_pct": "0", "to_pct": "100", "rate": "0.10"},
            {"from_pct": "100", "rate": "0.15"}
        ]}
    });
    let plan_id = published_plan(owner, "AE plan", rules, person).await;
    let quota = owner
        .send(reqwest::Method::PUT, "/api/v1/comp/quotas", Some(&json!({"period": this_month(), "quotas": [{"person_id": person, "amount": "100000"}]})))
        .await;
    assert!(quota.status().is_success(), "{:?}", quota.text().await);
    plan_id
}

/// A plan named `name` with `rules`, published and assigned to `person`
/// from the start of the year; returns its id.
pub(crate) async fn published_plan(
    owner: &Browser,
    name: &str,
    rules: Value,
    person: &str,
) -> String {
    let year_start = format!("{}-01-01", Utc::now().year());
    let created = owner
        .post(
            "/api/v1/comp/plans",
            &json!({"name": name, "effective_from": year_start, "rules": rules}),
        )
        .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "{:?}",
        created.text().await
    );
    let plan = body(created).await;
    let plan_id = plan["id"]
        .as_str()
        .or(plan["plan"]["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let published = owner
        .post(
            &format!("/api/v1/comp/plans/{plan_id}/versions/1/publish"),
            &json!({}),
        )
        .await;
    assert!(
        published.status().is_success(),
        "{:?}",
        published.text().await
    );
    let assigned = owner
        .post(
            "/api/v1/comp/assignments",
            &json!({"plan_id": plan_id, "person_id": person, "starts_on": year_start}),
        )
        .await;
    assert_eq!(
        assigned.status(),
        StatusCode::CREATED,
        "{:?}",
        assigned.text().await
    );
    plan_id
}

async fn statement(browser: &Browser, person: &str) -> Value {
    body(
        browser
            .get(&format!("/api/v1/statements/{person}/{}", this_month()))
            .await,
    )
    .await
}

#[tokio::test]
async fn a_closed_deal_reaches_the_reps_statement_explained_and_only_they_see_it() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("comp")).await;
    let rep = app.add_member(&owner, "rep@comp.example", "rep").await;
    let other = app.add_member(&owner, "other@comp.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    plan_for(&owner, &rep_id).await;

    // 120,000 against a 100,000 quota: 100,000 × 10% + 20,000 × 15% = 13,000.
    let deal = body(
        owner
            .post("/api/v1/deals", &json!({"name": "Northwind platform", "amount": "120000", "currency": "USD", "status": "won", "owner_id": rep_id}))
            .await,
    )
    .await;
    let deal_id = deal["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        app.eventually(Duration::from_secs(15), || async {
            statement(&owner, &rep_id).await["payout"] == "13000.00"
        })
        .await,
        "statement: {}",
        statement(&owner, &rep_id).await
    );
    let mine = body(rep.get("/api/v1/statements/mine").await).await;
    let lines = mine["statement"]["body"]["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(lines.len(), 2, "one line per tier slice: {lines:?}");
    assert_eq!(lines[0]["deal_id"], deal_id.as_str());
    assert_eq!(lines[0]["tier"], 1);
    assert_eq!(lines[0]["rate"], "0.10");
    assert_eq!(lines[0]["amount"], "10000.00");
    assert_eq!(lines[1]["tier"], 2);
    assert_eq!(lines[1]["amount"], "3000.00");
    assert!(lines[1]["rule"]
        .as_str()
        .unwrap_or_default()
        .contains("Tier 2"));
    assert_eq!(mine["statement"]["attainment_pct"], "120.00");

    // Another rep cannot read it, list it, or dispute it.
    let peek = other
        .get(&format!("/api/v1/statements/{rep_id}/{}", this_month()))
        .await;
    assert_eq!(peek.status(), StatusCode::NOT_FOUND);
    let listed = body(other.get("/api/v1/statements").await).await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    let dispute = other
        .post("/api/v1/disputes", &json!({"person_id": rep_id, "period": this_month(), "line_index": 0, "message": "mine!"}))
        .await;
    assert_eq!(dispute.status(), StatusCode::NOT_FOUND);

    // What-if: a further 10,000 is all in tier 2: +1,500.
    let what_if = body(
        rep.post(
            "/api/v1/statements/what-if",
            &json!({"deals": [{"amount": "10000"}]}),
        )
        .await,
    )
    .await;
    assert_eq!(what_if["payout_change"], "1500.00", "{what_if}");
    assert_eq!(what_if["new_lines"][0]["tier"], 2);
    let bad = rep
        .post(
            "/api/v1/statements/what-if",
            &json!({"deals": [{"amount": "-5"}]}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(bad).await["error"]["field"], "deals[0].amount");
}

/// The worker recomputes a deal's people reading only the deals their
/// statements need: the deal's month for most, but January on for a rep on a
/// draw, whose balance carries from month to month. A January shortfall
/// must still be in the balance a later month's deal recovers from.
#[tokio::test]
async fn a_later_deal_recovers_from_a_draw_balance_carried_since_january() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("draw")).await;
    let rep = app.add_member(&owner, "rep@draw.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    let rules = json!({
        "currency": "USD",
        "rate_table": {"method": "marginal", "tiers": [{"from_pct": "0", "rate": "0.10"}]},
        "draw": {"amount": "5000", "recoverable": true}
    });
    published_plan(&owner, "Ramp plan with a draw", rules, &rep_id).await;
    let today = Utc::now().date_naive();
    let month = i64::from(today.month());
    let january = format!("{}-01-01", today.year());
    let dec = rust_decimal::Decimal::from;

    // January: 20,000 earns 2,000, topped up by 3,000 to the 5,000 draw.
    // Each month after it earns nothing and is topped up by 5,000, so
    // 3,000 + 5,000 × (months between) is owed when this month starts.
    let created = owner
        .post("/api/v1/deals", &json!({"name": "January pilot", "amount": "20000", "currency": "USD", "status": "won", "owner_id": rep_id, "closed_date": january}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let (before, owed) = if month > 1 {
        // This month: nothing earned yet, another 5,000 top-up.
        let owed = 3_000 + 5_000 * (month - 2);
        ((dec(0), dec(0), dec(owed + 5_000)), owed)
    } else {
        ((dec(2_000), dec(0), dec(3_000)), 0)
    };
    draw_figures_reach(&app, &owner, &rep_id, before).await;

    // A 100,000 deal today earns 10,000 this month: no top-up, and what is
    // above the draw (5,000) recovers what January on left owed.
    let created = owner
        .post("/api/v1/deals", &json!({"name": "Big renewal", "amount": "100000", "currency": "USD", "status": "won", "owner_id": rep_id}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let earned = if month > 1 { 10_000 } else { 12_000 };
    let recovered = owed.min(5_000);
    let after = (dec(earned), dec(recovered), dec(owed - recovered));
    draw_figures_reach(&app, &owner, &rep_id, after).await;
}

/// Waits until `person`'s statement this month shows (earned, recovered,
/// draw balance) as `expected`, and fails with the statement if it does not.
async fn draw_figures_reach(
    app: &TestApp,
    owner: &Browser,
    person: &str,
    expected: (
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    ),
) {
    let figures = |statement: &Value| {
        let money = |field: &str| {
            statement["body"][field]
                .as_str()
                .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        };
        (money("earned"), money("recovered"), money("draw_balance"))
    };
    let want = (Some(expected.0), Some(expected.1), Some(expected.2));
    assert!(
        app.eventually(Duration::from_secs(20), || async {
            figures(&statement(owner, person).await) == want
        })
        .await,
        "expected earned, recovered, draw balance {expected:?}: {}",
        statement(owner, person).await
    );
}

#[tokio::test]
async fn approved_and_paid_statements_lock_and_later_changes_carry_forward() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("pay")).await;
    let rep = app.add_member(&owner, "rep@pay.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    plan_for(&owner, &rep_id).await;
    let deal = body(
        owner
            .post("/api/v1/deals", &json!({"name": "Contoso", "amount": "50000", "currency": "USD", "status": "won", "owner_id": rep_id}))
            .await,
    )
    .await;
    assert!(
        app.eventually(Duration::from_secs(15), || async {
            statement(&owner, &rep_id).await["payout"] == "5000.00"
        })
        .await
    );
    let current = statement(&owner, &rep_id).await;
    let path = format!("/api/v1/statements/{rep_id}/{}", this_month());

    // A rep cannot approve their own; paying before approval is refused.
    let own = rep
        .post(
            &format!("{path}/approve"),
            &json!({"version": current["version"]}),
        )
        .await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let early = owner
        .post(
            &format!("{path}/pay"),
            &json!({"version": current["version"]}),
        )
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    let stale = owner
        .post(&format!("{path}/approve"), &json!({"version": 999}))
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(body(stale).await["error"]["field"], "version");

    let approved = body(
        owner
            .post(
                &format!("{path}/approve"),
                &json!({"version": current["version"]}),
            )
            .await,
    )
    .await;
    assert_eq!(approved["status"], "approved");
    let paid = body(
        owner
            .post(
                &format!("{path}/pay"),
                &json!({"version": approved["version"]}),
            )
            .await,
    )
    .await;
    assert_eq!(paid["status"], "paid");

    // A dispute on the paid line, resolved with an adjustment into next month.
    let opened = body(
        rep.post("/api/v1/disputes", &json!({"person_id": rep_id, "period": this_month(), "line_index": 0, "message": "The Contoso deal was 55,000."}))
            .await,
    )
    .await;
    assert_eq!(opened["status"], "open", "{opened}");
    let dispute_id = opened["id"].as_str().unwrap_or_default().to_owned();
    let reply = rep
        .post(
            &format!("/api/v1/disputes/{dispute_id}/messages"),
            &json!({"body": "Invoice attached."}),
        )
        .await;
    assert_eq!(reply.status(), StatusCode::CREATED);
    let self_resolve = rep
        .post(
            &format!("/api/v1/disputes/{dispute_id}/resolve"),
            &json!({"version": 1, "status": "resolved", "resolution": "ok"}),
        )
        .await;
    assert_eq!(self_resolve.status(), StatusCode::FORBIDDEN);
    let resolved = body(
        owner
            .post(&format!("/api/v1/disputes/{dispute_id}/resolve"), &json!({"version": 1, "status": "resolved", "resolution": "Agreed: 500 more.", "adjustment": "500"}))
            .await,
    )
    .await;
    assert_eq!(resolved["status"], "resolved", "{resolved}");
    assert_eq!(resolved["messages"].as_array().map(Vec::len), Some(2));

    // The deal grows after payment: the paid statement keeps 5,000 and the
    // 1,000 difference is carried into next month with the adjustment.
    let deal_id = deal["id"].as_str().unwrap_or_default();
    let fresh = body(owner.get(&format!("/api/v1/deals/{deal_id}")).await).await;
    let updated = owner
        .patch(
            &format!("/api/v1/deals/{deal_id}"),
            &json!({"amount": "60000", "version": fresh["version"]}),
        )
        .await;
    assert!(updated.status().is_success(), "{:?}", updated.text().await);
    let next = format!("/api/v1/statements/{rep_id}/{}", next_month());
    assert!(
        app.eventually(Duration::from_secs(15), || async {
            body(owner.get(&next).await).await["payout"] == "1500.00"
        })
        .await,
        "next month: {}",
        body(owner.get(&next).await).await
    );
    let locked = statement(&owner, &rep_id).await;
    assert_eq!(locked["status"], "paid");
    assert_eq!(locked["payout"], "5000.00");
    assert_eq!(locked["recalculated_body"]["payout"], "6000.00");

    let csv = owner
        .get(&format!(
            "/api/v1/statements/payroll.csv?period={}",
            this_month()
        ))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap_or_default();
    assert!(text.starts_with("person_id,name,email"), "{text}");
    assert!(
        text.contains(&rep_id) && text.contains("5000.00") && text.contains("paid"),
        "{text}"
    );
    let denied = rep
        .get(&format!(
            "/api/v1/statements/payroll.csv?period={}",
            this_month()
        ))
        .await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);

    let audit = body(owner.get("/api/v1/audit?target_type=statement").await).await;
    let actions: Vec<String> = audit["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_owned))
        .collect();
    assert!(
        actions.contains(&"statement.approved".to_owned())
            && actions.contains(&"statement.paid".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_scenario_replays_a_draft_version_over_real_deals() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("scen")).await;
    let rep = app.add_member(&owner, "rep@scen.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    let plan_id = plan_for(&owner, &rep_id).await;
    owner
        .post("/api/v1/deals", &json!({"name": "Fabrikam", "amount": "80000", "currency": "USD", "status": "won", "owner_id": rep_id}))
        .await;
    assert!(
        app.eventually(Duration::from_secs(15), || async {
            statement(&owner, &rep_id).await["payout"] == "8000.00"
        })
        .await
    );
    // Version 2 (draft) pays 12% flat: 9,600 against 8,000 today.
    let draft = owner
        .post(
            &format!("/api/v1/comp/plans/{plan_id}/versions"),
            &json!({"effective_from": format!("{}-01-01", Utc::now().year()), "rules": {"currency": "USD", "rate_table": {"tiers": [{"from_pct": "0", "rate": "0.12"}]}}}),
        )
        .await;
    assert_eq!(
        draft.status(),
        StatusCode::CREATED,
        "{:?}",
        draft.text().await
    );
    let run = body(
        owner
            .post(
                "/api/v1/comp/scenarios",
                &json!({"plan_id": plan_id, "version": 2, "period": this_month()}),
            )
            .await,
    )
    .await;
    let run_id = run["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        app.eventually(Duration::from_secs(15), || async {
            body(owner.get(&format!("/api/v1/comp/runs/{run_id}")).await).await["status"] == "done"
        })
        .await
    );
    let done = body(owner.get(&format!("/api/v1/comp/runs/{run_id}")).await).await;
    assert_eq!(done["result"]["current_total"], "8000.00", "{done}");
    assert_eq!(done["result"]["scenario_total"], "9600.00");
    assert_eq!(done["result"]["delta"], "1600.00");
    assert_eq!(done["result"]["rows"][0]["person_id"], rep_id.as_str());
    // The draft changed nothing real.
    assert_eq!(statement(&owner, &rep_id).await["payout"], "8000.00");
}
