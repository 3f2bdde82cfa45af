//! The alignment dashboard in headless Chromium: an executive opens the
//! company's goal, sees the reps' goals coloured by pace, drills into the
//! rep who is behind (the breadcrumb leads back to the company), and while
//! the page stays open a deal closing moves that rep's pace badge to ahead
//! without a reload. An admin sets the target mix of product priorities on
//! the dashboard and sees bookings drawn against it. Screenshots at 1280
//! and 390 px.

use attain_test_support::{
    browser::{
        click, fill, find, launch, log_in, open, screenshot_both_widths, text_containing, within,
    },
    unique_slug, Browser, TestApp,
};
use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

async fn goal(
    owner: &Browser,
    scope: (&str, Option<String>),
    target: &str,
    parent: Option<&Value>,
) -> Value {
    let created = owner
        .post(
            "/api/v1/goals",
            &json!({"period": current_quarter(), "scope_kind": scope.0, "scope_id": scope.1, "metric": "revenue", "target": target, "currency": "USD", "parent_id": parent.map(|p| p["id"].clone())}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    created.json().await.unwrap_or_default()
}

async fn won(owner: &Browser, rep: &Browser, amount: &str) {
    let created = owner
        .post(
            "/api/v1/deals",
            &json!({"name": format!("Won {amount}"), "amount": amount, "currency": "USD", "status": "won", "owner_id": rep.user_id()}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_executive_drills_to_a_behind_rep_and_sees_a_close_move_the_pace_live() {
    within(async {
        let app = TestApp::spawn().await;
        let owner = app.signup(&unique_slug("drill")).await;
        app.add_member(&owner, "exec@drill.example", "executive")
            .await;
        let ahead = app.add_member(&owner, "ahead@drill.example", "rep").await;
        let behind = app.add_member(&owner, "behind@drill.example", "rep").await;
        let company = goal(&owner, ("company", None), "100000.00", None).await;
        goal(
            &owner,
            ("rep", Some(ahead.user_id().to_string())),
            "50000.00",
            Some(&company),
        )
        .await;
        let lagging = goal(
            &owner,
            ("rep", Some(behind.user_id().to_string())),
            "50000.00",
            Some(&company),
        )
        .await;
        won(&owner, &ahead, "49000.00").await;

        let client = launch(true).await;
        log_in(&client, &app, "exec@drill.example").await;
        click(&client, "nav a[href='/app/alignment']").await;
        text_containing(&client, "[data-testid=child-goals]", "Behind").await;
        text_containing(&client, "[data-testid=child-goals]", "Ahead").await;
        text_containing(&client, "[data-testid=maturity]", "Next step").await;
        text_containing(
            &client,
            "[data-testid=peer-benchmarks]",
            "does not take part",
        )
        .await;
        screenshot_both_widths(&client, "alignment-company").await;

        let id = lagging["id"].as_str().unwrap_or_default();
        click(
            &client,
            &format!("[data-testid=child-goals] a[href$='goal={id}']"),
        )
        .await;
        text_containing(&client, "[data-testid=selected-pace]", "Behind").await;
        text_containing(&client, "[data-testid=alignment-trail]", "Company").await;
        find(&client, "[data-testid=score-parts]").await;
        text_containing(&client, "[data-testid=selected-actual]", "0.00 USD").await;
        screenshot_both_widths(&client, "alignment-rep").await;

        // The page stays open; a deal closes for the rep.
        won(&owner, &behind, "60000.00").await;
        text_containing(&client, "[data-testid=selected-pace]", "Ahead").await;
        text_containing(&client, "[data-testid=selected-actual]", "60,000.00 USD").await;
        let url = client.current_url().await.unwrap_or_else(|e| panic!("{e}"));
        assert!(url.as_str().contains(id), "the page navigated away: {url}");
        let _ = client.close().await;

        // A rep is told where their own pace is.
        let client = launch(true).await;
        log_in(&client, &app, "behind@drill.example").await;
        open(&client, &app, "/app/alignment").await;
        text_containing(&client, "[data-testid=forbidden]", "every rep").await;
        let _ = client.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_admin_sets_the_target_mix_and_sees_the_mix_against_it() {
    within(async {
        let app = TestApp::spawn().await;
        let owner = app.signup(&unique_slug("mixpage")).await;
        app.add_member(&owner, "admin@mixpage.example", "admin")
            .await;
        let rep = app.add_member(&owner, "rep@mixpage.example", "rep").await;
        let core = crate::alignment::product(&owner, "Core Suite", "strategic").await;
        let starter = crate::alignment::product(&owner, "Starter Kit", "standard").await;
        goal(&owner, ("company", None), "100000.00", None).await;
        let lines = json!([{"product_id": core["id"], "quantity": "1"}, {"product_id": starter["id"], "quantity": "3"}]);
        let created = owner
            .post(
                "/api/v1/deals",
                &json!({"name": "Mixed", "currency": "USD", "status": "won", "owner_id": rep.user_id(), "lines": lines}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);

        let client = launch(true).await;
        log_in(&client, &app, "admin@mixpage.example").await;
        open(&client, &app, "/app/alignment").await;
        text_containing(&client, "[data-testid=priority-mix-unset]", "No target mix").await;

        // Shares that do not add up are refused beside the field.
        fill(&client, "#mix-strategic", "60").await;
        fill(&client, "#mix-standard", "30").await;
        click(&client, "[data-testid=target-mix-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=target-mix-form]", "add up to 90").await;

        fill(&client, "#mix-standard", "40").await;
        click(&client, "[data-testid=target-mix-form] button[type=submit]").await;
        // 25% strategic booked against 60% wanted: 65 of 100, without a reload.
        text_containing(&client, "[data-testid=priority-mix]", "Strategic 25").await;
        text_containing(&client, "[data-testid=priority-mix]", "65 of 100").await;
        text_containing(&client, "[data-testid=score-parts]", "Priority-product mix").await;
        screenshot_both_widths(&client, "alignment-priority-mix").await;
        let _ = client.close().await;
    })
    .await;
}
