//! Live updates in headless Chromium: the KPI page, left open, shows a deal
//! won elsewhere without a reload, keeps a choice being made in its picker,
//! and closes its event stream when the user moves to another page.

use crate::live::subscribers;
use attain_test_support::{
    browser::{click, fill, find, launch, text_of, wait_for_path, wait_hydrated, within, WAIT},
    unique_slug, Browser, TestApp, PASSWORD,
};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;
use tokio::time::Instant;

async fn won_deal(owner: &Browser, name: &str, amount: &str) {
    let response = owner
        .post(
            "/api/v1/deals",
            &json!({"name": name, "amount": amount, "currency": "USD", "status": "won"}),
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
}

/// The text of `css` once it is `wanted`, without reloading the page.
async fn shows(client: &Client, css: &str, wanted: &str) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if element.text().await.is_ok_and(|text| text == wanted) {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn the_kpi_page_follows_a_deal_won_elsewhere_without_a_reload() {
    within(async {
        let app = TestApp::spawn().await;
        let slug = unique_slug("blive");
        let owner = app.signup(&slug).await;
        let client = launch(true).await;
        client
            .goto(&app.url("/login"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        fill(&client, "#email", &format!("owner@{slug}.example")).await;
        fill(&client, "#password", PASSWORD).await;
        click(&client, "button[type=submit]").await;
        wait_for_path(&client, "/app").await;

        won_deal(&owner, "First", "1000.00").await;
        let deadline = Instant::now() + WAIT;
        loop {
            client
                .goto(&app.url("/app/kpis"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            wait_hydrated(&client).await;
            let source = text_of(&client, "[data-testid=kpi-source]").await;
            let booked = text_of(&client, "[data-testid=bookings-USD]").await;
            if source.contains("Live snapshot") && booked == "1,000.00 USD" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the first snapshot never came: {source}, {booked}"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let tenant_id = owner.tenant_id();
        assert!(
            app.eventually(WAIT, || async { subscribers(&app, tenant_id).await == 1 })
                .await,
            "the page did not open its event stream"
        );

        // A choice being made in the picker, not yet applied.
        find(&client, "#kpi-period")
            .await
            .select_by_value("custom")
            .await
            .unwrap_or_else(|e| panic!("{e}"));

        won_deal(&owner, "Second", "2000.00").await;
        assert!(
            shows(&client, "[data-testid=bookings-USD]", "3,000.00 USD").await,
            "the page did not follow the new deal: {}",
            text_of(&client, "[data-testid=bookings-USD]").await
        );
        let period = find(&client, "#kpi-period")
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            period.as_deref(),
            Some("custom"),
            "the update reset the picker"
        );

        // Moving to another page (in the app, no reload) closes the stream.
        click(&client, "nav.nav a[href='/app/goals']").await;
        wait_for_path(&client, "/app/goals").await;
        assert!(
            app.eventually(WAIT, || async { subscribers(&app, tenant_id).await == 0 })
                .await,
            "the KPI page left its event stream open"
        );
        let _ = client.close().await;
    })
    .await
}
