//! The rep's commissions page in headless Chromium: the rep opens
//! `/app/commissions` before they have a statement (the empty state), the
//! owner closes a won deal for them through the API, and the open page
//! shows the new lines and the earned figure within seconds, without a
//! reload; a line opens to its explanation (tier and rate in words); the
//! what-if estimator projects a change; a line is disputed from the page;
//! screenshots at 1280 and 390 px, and no sideways scrolling on a phone.

use attain_test_support::{
    browser::{
        click, fill, find, launch, log_in, screenshot_both_widths, screenshot_dir, wait_hydrated,
        within, WAIT,
    },
    unique_slug, TestApp,
};
use chrono::{DateTime, Utc};
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

/// The text of `css` (empty when it is not there).
async fn text(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The text of `css` once it contains `needle`.
async fn text_containing(client: &Client, css: &str, needle: &str) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let found = text(client, css).await;
        if found.contains(needle) {
            return found;
        }
        if tokio::time::Instant::now() >= deadline {
            let page = text(client, "body").await;
            panic!("{css} never showed {needle:?}; last: {found:?}; the page says: {page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn attribute(client: &Client, css: &str, name: &str) -> Option<String> {
    find(client, css).await.attr(name).await.ok().flatten()
}

/// Checks that the page does not scroll sideways at 390 px.
async fn fits_a_phone(client: &Client) {
    let _ = client.set_window_size(390, 844).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let widths = client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = client.set_window_size(1280, 900).await;
    assert!(
        widths[0].as_i64() <= widths[1].as_i64(),
        "/app/commissions scrolls sideways at 390 px: {widths}"
    );
}

/// Saves the whole page (not just the window) at both widths.
async fn screenshot_full(client: &Client, name: &str) {
    let dir = screenshot_dir();
    let _ = std::fs::create_dir_all(&dir);
    for width in [1280, 390] {
        let _ = client.set_window_size(width, 900).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let height = client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|h| h.as_u64())
            .unwrap_or(900)
            .clamp(900, 6000) as u32;
        let _ = client.set_window_size(width, height + 120).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}-full-{width}.png")), png);
        }
    }
    let _ = client.set_window_size(1280, 900).await;
}

#[tokio::test]
async fn a_closed_deal_appears_on_the_reps_open_commissions_page_explained() {
    within(async {
        let app = TestApp::spawn().await;
        let slug = unique_slug("commui");
        let owner = app.signup(&slug).await;
        let email = format!("rita@{slug}.example");
        let rep = app.add_member(&owner, &email, "rep").await;
        let rep_id = rep.user_id().to_string();
        crate::commissions::plan_for(&owner, &rep_id).await;

        // The rep opens the page before anything closed: the empty state.
        let client = launch(true).await;
        log_in(&client, &app, &email).await;
        client
            .goto(&app.url("/app/commissions"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        // Assigning a plan from January makes the worker store a statement
        // for every month so far, with nothing earned: either that or the
        // empty state, depending on how far it got.
        let deadline = Instant::now() + WAIT;
        loop {
            let empty = text(&client, "[data-testid=comm-empty]").await;
            let earned = text(&client, "[data-testid=comm-earned]").await;
            if empty.contains("No statement") || earned == "0.00 USD" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "neither the empty state nor a zero statement: {}",
                text(&client, "main").await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client
            .execute("window.__sameDocument = true; return true;", vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        // Let the page's event stream open before the deal closes.
        tokio::time::sleep(Duration::from_millis(500)).await;

        // The owner closes a won deal for the rep: 120,000 against a
        // 100,000 quota pays 100,000 × 10% + 20,000 × 15% = 13,000.
        let posted = Instant::now();
        let deal = owner
            .post(
                "/api/v1/deals",
                &json!({"name": "Northwind platform", "amount": "120000", "currency": "USD", "status": "won", "owner_id": rep_id}),
            )
            .await;
        assert_eq!(deal.status(), StatusCode::CREATED, "{:?}", deal.text().await);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let earned = text(&client, "[data-testid=comm-earned]").await;
            let line = text(&client, "[data-testid=comm-line][data-deal='Northwind platform']").await;
            if earned.contains("13,000.00 USD") && line.contains("Northwind platform") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the open page never showed the deal (earned {earned:?}, line {line:?})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let on_page = posted.elapsed();
        let seen_at = Utc::now();
        let same = client
            .execute("return window.__sameDocument === true;", vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(same, json!(true), "the page must update without a reload");

        // When the worker stored the statement (its own clock, this machine).
        let stored = body(rep.get("/api/v1/statements/mine").await).await;
        let computed_at: DateTime<Utc> = stored["statement"]["computed_at"]
            .as_str()
            .and_then(|at| at.parse().ok())
            .unwrap_or_else(|| panic!("no computed_at in {stored}"));
        let after_store = (seen_at - computed_at).to_std().unwrap_or_default();
        // Latency is measured on the demo company (docs/PERFORMANCE.md), not
        // asserted here: parallel tests share two cores with the browser.
        println!(
            "commissions page: deal POST → line on the open page in {} ms; worker stored → on the page in {} ms",
            on_page.as_millis(),
            after_store.as_millis()
        );

        // The summary: status, attainment above quota, credited of quota.
        assert_eq!(
            attribute(&client, "[data-testid=comm-status]", "data-status").await.as_deref(),
            Some("draft")
        );
        assert_eq!(
            attribute(&client, "[data-testid=comm-ring]", "data-attainment").await.as_deref(),
            Some("120.00")
        );
        let ring = attribute(&client, "[data-testid=comm-ring]", "aria-label").await.unwrap_or_default();
        assert!(ring.contains("120%") && ring.contains("above quota"), "{ring}");
        let credited = text_containing(&client, "[data-testid=comm-credited]", "quota").await;
        assert!(credited.contains("120,000.00 USD") && credited.contains("100,000.00 USD"), "{credited}");

        // The first line (tier 1) opens to its explanation.
        let toggle = "[data-testid=comm-line][data-index='0'] [data-testid=comm-toggle]";
        assert_eq!(attribute(&client, toggle, "aria-expanded").await.as_deref(), Some("false"));
        click(&client, toggle).await;
        assert_eq!(attribute(&client, toggle, "aria-expanded").await.as_deref(), Some("true"));
        let explanation = text_containing(&client, "#comm-explain-0", "Tier 1").await;
        assert!(explanation.contains("10%"), "the explanation names the rate: {explanation}");
        assert!(
            explanation.contains("120,000.00 USD") && explanation.contains("100%"),
            "the explanation names the deal value and attainment: {explanation}"
        );
        assert!(explanation.contains("10,000.00 USD"), "{explanation}");

        // What-if: a further 10,000 is all in tier 2: +1,500.
        fill(&client, "#whatif-amount-0", "10,000").await;
        click(&client, "[data-testid=whatif-submit]").await;
        let change = text_containing(&client, "[data-testid=whatif-change]", "1,500.00").await;
        assert!(change.contains("+1,500.00 USD"), "{change}");
        let attainment = text(&client, "[data-testid=whatif-attainment]").await;
        assert!(attainment.contains("120%") && attainment.contains("130%"), "{attainment}");
        let lines = text(&client, "[data-testid=whatif-lines]").await;
        assert!(lines.contains("Tier 2"), "{lines}");
        find(&client, "[data-testid=whatif-elapsed]").await;

        // A field the API refuses is named next to it.
        fill(&client, "#whatif-amount-0", "-5").await;
        click(&client, "[data-testid=whatif-submit]").await;
        let refused = text_containing(&client, "#whatif-amount-0-error", "more than zero").await;
        assert!(!refused.is_empty());
        fill(&client, "#whatif-amount-0", "10000").await;
        click(&client, "[data-testid=whatif-submit]").await;
        text_containing(&client, "[data-testid=whatif-change]", "1,500.00").await;

        // Dispute the second line from the page; it shows as disputed and
        // the thread appears under My disputes.
        click(&client, "[data-testid=comm-line][data-index='1'] [data-testid=comm-dispute]").await;
        fill(&client, "#comm-dispute-message-1", "The deal was 125,000 after the upsell.").await;
        click(&client, "[data-testid=comm-dispute-form] button[type=submit]").await;
        find(&client, "[data-testid=comm-disputed]").await;
        let thread = text_containing(&client, "[data-testid=comm-dispute-item]", "125,000").await;
        assert!(thread.contains("Open") && thread.contains("You"), "{thread}");

        // The first line stays open for the screenshots.
        client
            .execute("window.scrollTo(0, 0); return true;", vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        screenshot_both_widths(&client, "commissions").await;
        screenshot_full(&client, "commissions").await;
        fits_a_phone(&client).await;
        let _ = client.close().await;
    })
    .await
}
