//! The compensation admin pages in headless Chromium: the owner builds a
//! plan in the plan editor (overlapping tiers are refused with the message
//! next to the tier's input, fixed, saved, published), assigns it, sets a
//! quota on the payouts page; a deal closes for a rep; their manager
//! approves the rep's statement line by line on the approvals page; the
//! owner marks it paid and models a draft version 2 on the period's real
//! deals (totals, delta, distribution chart); screenshots of every page at
//! 1280 and 390 px, none of which scrolls sideways on a phone.

use attain_test_support::{
    browser::{
        click, fill, find, launch, log_in, open, screenshot_both_widths, text_containing, text_of,
        within,
    },
    unique_slug, Browser, TestApp,
};
use chrono::{Datelike, Utc};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::Duration;

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn this_month() -> String {
    let today = Utc::now().date_naive();
    format!("{}-{:02}", today.year(), today.month())
}

fn year_start() -> String {
    format!("{}-01-01", Utc::now().year())
}

/// Sets an input's value directly (date pickers take typed text by locale).
async fn set_value(client: &Client, css: &str, value: &str) {
    find(client, css).await;
    client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', { bubbles: true })); return true;",
            vec![json!(css), json!(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Checks that the page does not scroll sideways on a phone.
async fn fits_a_phone(client: &Client, page: &str) {
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
        "{page} scrolls sideways at 390 px: {widths}"
    );
}

/// Saves the whole page (not just the window) at both widths, as
/// `<name>-full-<width>.png`, for reviewing long pages.
async fn screenshot_full(client: &Client, name: &str) {
    let dir = attain_test_support::browser::screenshot_dir();
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
            .clamp(900, 8000) as u32;
        let _ = client.set_window_size(width, height + 120).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}-full-{width}.png")), png);
        }
    }
    let _ = client.set_window_size(1280, 900).await;
}

/// Saves the window at both widths with `css` scrolled into view, as
/// `<name>-<width>.png`.
async fn screenshot_at(client: &Client, css: &str, name: &str) {
    let dir = attain_test_support::browser::screenshot_dir();
    let _ = std::fs::create_dir_all(&dir);
    for (width, height) in [(1280, 900), (390, 844)] {
        let _ = client.set_window_size(width, height).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView(); return true;",
                vec![json!(css)],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}-{width}.png")), png);
        }
    }
    let _ = client.set_window_size(1280, 900).await;
}

/// Gives a member's person a readable name and, optionally, a manager.
async fn name_person(owner: &Browser, id: &str, name: &str, manager: Option<&str>) {
    let people = json_of(owner.get("/api/v1/people?per_page=200").await).await;
    let person = people["items"]
        .as_array()
        .and_then(|items| items.iter().find(|p| p["id"] == id).cloned())
        .unwrap_or_else(|| panic!("no person {id} in {people}"));
    let mut body = json!({ "version": person["version"], "name": name });
    if let Some(manager) = manager {
        body["manager_id"] = json!(manager);
    }
    json_of(owner.patch(&format!("/api/v1/people/{id}"), &body).await).await;
}

/// Closes the success message, which sits over the bottom right corner.
async fn dismiss_toast(client: &Client) {
    if let Ok(close) = client.find(Locator::Css(".toast-close")).await {
        let _ = close.click().await;
    }
}

async fn statement(owner: &Browser, person: &str) -> Value {
    owner
        .get(&format!("/api/v1/statements/{person}/{}", this_month()))
        .await
        .json()
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_plan_is_built_in_the_editor_approved_by_the_manager_paid_and_modelled() {
    within(async {
        let app = TestApp::spawn().await;
        let slug = unique_slug("ca");
        let owner = app.signup(&slug).await;
        let manager = app
            .add_member(&owner, &format!("mia@{slug}.example"), "manager")
            .await;
        let rep = app
            .add_member(&owner, &format!("ray@{slug}.example"), "rep")
            .await;
        let (manager_id, rep_id) = (manager.user_id().to_string(), rep.user_id().to_string());
        name_person(&owner, &manager_id, "Mia Manager", None).await;
        name_person(&owner, &rep_id, "Ray Rep", Some(&manager_id)).await;

        // The owner builds the plan in the editor; tier 2 overlaps tier 1.
        let client = launch(true).await;
        log_in(&client, &app, &format!("owner@{slug}.example")).await;
        let nav = text_of(&client, "nav.nav").await;
        assert!(nav.contains("Comp plans") && nav.contains("Payouts"), "{nav}");
        open(&client, &app, "/app/admin/plans").await;
        find(&client, "[data-testid=plan-editor]").await;
        fill(&client, "#plan-name", "AE plan").await;
        set_value(&client, "#plan-effective_from", &year_start()).await;
        fill(&client, "input[name='rules[tiers][1][from_pct]']", "80").await;
        screenshot_both_widths(&client, "comp-plan-new").await;
        click(&client, "[data-testid=save-plan]").await;
        let overlap = text_containing(
            &client,
            "[data-testid=tier-1] [data-testid='error-rules.rate_table.tiers[1].from_pct']",
            "overlap",
        )
        .await;
        assert!(overlap.contains("Tier 2"), "{overlap}");
        let invalid = find(&client, "input[name='rules[tiers][1][from_pct]']")
            .await
            .attr("aria-invalid")
            .await
            .ok()
            .flatten();
        assert_eq!(invalid.as_deref(), Some("true"));
        screenshot_both_widths(&client, "comp-plan-invalid").await;
        fits_a_phone(&client, "/app/admin/plans (invalid tiers)").await;

        // Fixed, saved, published after the confirmation.
        fill(&client, "input[name='rules[tiers][1][from_pct]']", "100").await;
        click(&client, "[data-testid=save-plan]").await;
        text_containing(&client, "[data-testid=editor-status]", "Draft").await;
        text_containing(&client, "[data-testid=plan-list]", "AE plan").await;
        assert!(
            client
                .find(Locator::Css("[data-testid='error-rules.rate_table.tiers[1].from_pct']"))
                .await
                .is_err(),
            "the problem is gone once fixed"
        );
        click(&client, "[data-testid=publish]").await;
        text_containing(&client, "[data-testid=publish-confirm]", "never change").await;
        click(&client, "[data-testid=publish-confirm-button]").await;
        text_containing(&client, "[data-testid=editor-status]", "Published").await;
        find(&client, "[data-testid=published-note]").await;
        let plans = json_of(owner.get("/api/v1/comp/plans").await).await;
        let plan_id = plans["items"][0]["id"].as_str().unwrap_or_default().to_owned();
        assert_eq!(plans["items"][0]["versions"][0]["status"], "published", "{plans}");

        // Assigned through the API; the quota set on the payouts page.
        json_of(
            owner
                .post(
                    "/api/v1/comp/assignments",
                    &json!({"plan_id": plan_id, "person_id": rep_id, "starts_on": year_start()}),
                )
                .await,
        )
        .await;
        open(&client, &app, "/app/admin/plans").await;
        text_containing(&client, "[data-testid=assignment-list]", "Ray Rep").await;
        // A second, overlapping assignment is refused beside its start date.
        set_value(&client, "#assign-target", &format!("person:{rep_id}")).await;
        set_value(&client, "#assign-starts", &year_start()).await;
        click(&client, "[data-testid=assign-submit]").await;
        let overlap = text_containing(&client, "[data-testid=assign-form] #starts_on-error", "already has a plan").await;
        assert!(overlap.contains("end that assignment first"), "{overlap}");
        screenshot_both_widths(&client, "comp-plans").await;
        screenshot_full(&client, "comp-plans").await;
        fits_a_phone(&client, "/app/admin/plans").await;
        open(&client, &app, "/app/admin/compensation").await;
        fill(&client, "[data-testid='quota-Ray Rep'] input[name$='[amount]']", "100000").await;
        click(&client, "[data-testid=save-quotas]").await;
        text_containing(&client, "[data-testid=toast]", "quota saved").await;

        // A won deal: 100,000 × 10% + 20,000 × 15% = 13,000.
        json_of(
            owner
                .post(
                    "/api/v1/deals",
                    &json!({"name": "Northwind platform", "amount": "120000", "currency": "USD", "status": "won", "owner_id": rep_id}),
                )
                .await,
        )
        .await;
        assert!(
            app.eventually(Duration::from_secs(20), || async {
                statement(&owner, &rep_id).await["payout"] == "13000.00"
            })
            .await,
            "statement: {}",
            statement(&owner, &rep_id).await
        );

        // The rep questions the first line.
        json_of(
            rep.post(
                "/api/v1/disputes",
                &json!({"person_id": rep_id, "period": this_month(), "line_index": 0, "message": "The deal was 125,000."}),
            )
            .await,
        )
        .await;

        // The manager approves it, line by line, and answers the dispute.
        let boss = launch(true).await;
        log_in(&boss, &app, &format!("mia@{slug}.example")).await;
        let nav = text_of(&boss, "nav.nav").await;
        assert!(nav.contains("Approvals") && !nav.contains("Payouts"), "{nav}");
        open(&boss, &app, "/app/commissions/approvals").await;
        let row = text_containing(&boss, "[data-testid='statement-row-Ray Rep']", "Draft").await;
        assert!(row.contains("13,000.00 USD") && row.contains("120%"), "{row}");
        assert!(row.contains("1 open"), "the open dispute is counted: {row}");
        let dispute = "[data-testid='dispute-Ray Rep']";
        let thread = text_containing(&boss, dispute, "The deal was 125,000.").await;
        assert!(thread.contains("Line 1") && thread.contains("Northwind platform"), "{thread}");
        fill(&boss, &format!("{dispute} textarea[name=body]"), "Checking the signed order.").await;
        click(&boss, &format!("{dispute} [data-testid=reply-form] button[type=submit]")).await;
        text_containing(&boss, dispute, "Checking the signed order.").await;
        screenshot_both_widths(&boss, "comp-approvals").await;
        fits_a_phone(&boss, "/app/commissions/approvals").await;
        click(&boss, "[data-testid='statement-row-Ray Rep'] td:first-child a").await;
        let lines = text_containing(&boss, "[data-testid=statement-lines]", "Northwind platform").await;
        assert!(lines.contains("Tier 2") && lines.contains("3,000.00 USD"), "{lines}");
        assert!(lines.contains("10%") && lines.contains("15%"), "{lines}");
        screenshot_at(&boss, "[data-testid=statement-detail]", "comp-approvals-statement").await;
        screenshot_full(&boss, "comp-approvals-statement").await;
        fits_a_phone(&boss, "/app/commissions/approvals (statement)").await;
        click(&boss, "[data-testid=approve-statement]").await;
        text_containing(&boss, "[data-testid=detail-status]", "Approved").await;
        text_containing(&boss, "[data-testid=toast]", "approved").await;
        assert_eq!(statement(&owner, &rep_id).await["status"], "approved");
        click(&boss, &format!("{dispute} input[value=rejected]")).await;
        fill(&boss, &format!("{dispute} input[name=resolution]"), "The signed order says 120,000.").await;
        click(&boss, &format!("{dispute} [data-testid=resolve-dispute]")).await;
        find(&boss, "[data-testid=no-disputes]").await;
        let _ = boss.close().await;

        // The owner pays it on the payouts page.
        open(&client, &app, "/app/admin/compensation").await;
        text_containing(&client, "[data-testid='payout-row-Ray Rep']", "Approved").await;
        click(&client, "[data-testid='payout-row-Ray Rep'] [data-testid=mark-paid]").await;
        text_containing(&client, "[data-testid='payout-row-Ray Rep']", "Paid").await;
        assert_eq!(statement(&owner, &rep_id).await["status"], "paid");
        let payroll = find(&client, "[data-testid=payroll-paid]")
            .await
            .attr("href")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        let csv = client
            .execute(
                "return fetch(arguments[0]).then(r => r.text());",
                vec![json!(payroll)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let csv = csv.as_str().unwrap_or_default();
        assert!(csv.contains("Ray Rep") && csv.contains("13000.00"), "{csv}");

        // Version 2, a copy of 1 from the start of the year, pays 12% below quota.
        open(&client, &app, &format!("/app/admin/plans?plan={plan_id}&version=1")).await;
        click(&client, "[data-testid=new-version]").await;
        set_value(&client, "#copy-effective-from", &year_start()).await;
        click(&client, "[data-testid=copy-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=plan-editor] h2", "version 2").await;
        text_containing(&client, "[data-testid=editor-status]", "Draft").await;
        fill(&client, "input[name='rules[tiers][0][rate_pct]']", "12").await;
        dismiss_toast(&client).await;
        click(&client, "[data-testid=save-plan]").await;
        text_containing(&client, "[data-testid=toast]", "Plan saved").await;
        let v2 = json_of(owner.get(&format!("/api/v1/comp/plans/{plan_id}")).await).await;
        assert_eq!(v2["versions"][1]["rules"]["rate_table"]["tiers"][0]["rate"], "0.12", "{v2}");

        // A recalculation from this month, its progress followed to the end.
        open(&client, &app, "/app/admin/compensation").await;
        click(&client, "[data-testid=recalculate-start]").await;
        find(&client, "[data-testid=recalculation-progress]").await;
        find(&client, "[data-testid=recalculation-progress][data-status=done]").await;
        let progress = text_of(&client, "[data-testid=recalculation-progress]").await;
        assert!(progress.contains("100%"), "{progress}");
        assert_eq!(statement(&owner, &rep_id).await["status"], "paid", "paid stays paid");

        // Modelled on this month: 100,000 × 12% + 20,000 × 15% = 15,000 against 13,000.
        open(&client, &app, "/app/admin/compensation").await;
        let version = find(&client, "#scenario-version")
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert_eq!(version, format!("{plan_id}:2"), "the draft is offered first");
        click(&client, "[data-testid=scenario-start]").await;
        find(&client, "[data-testid=scenario-result]").await;
        let delta = text_of(&client, "[data-testid=scenario-delta]").await;
        assert_eq!(delta, "+2,000.00 USD");
        assert_eq!(text_of(&client, "[data-testid=scenario-current]").await, "13,000.00 USD");
        assert_eq!(text_of(&client, "[data-testid=scenario-total]").await, "15,000.00 USD");
        let counts = text_of(&client, "[data-testid=scenario-counts]").await;
        assert!(counts.contains("▲1"), "{counts}");
        find(&client, "[data-testid=scenario-chart] svg[role=img] title").await;
        let bars = client
            .find_all(Locator::Css("[data-testid=scenario-chart] rect.bar"))
            .await
            .unwrap_or_default();
        assert!(bars.len() >= 2, "current and scenario bars: {}", bars.len());
        let people = text_of(&client, "[data-testid=scenario-people]").await;
        assert!(people.contains("Ray Rep") && people.contains("+2,000.00 USD"), "{people}");
        text_containing(&client, "[data-testid=scenario-runs]", "AE plan v2").await;
        screenshot_both_widths(&client, "comp-payouts").await;
        screenshot_at(&client, "[data-testid=scenario-result]", "comp-payouts-scenario").await;
        screenshot_full(&client, "comp-payouts").await;
        fits_a_phone(&client, "/app/admin/compensation").await;

        // The draft changed nothing real.
        assert_eq!(statement(&owner, &rep_id).await["payout"], "13000.00");
        let _ = client.close().await;
    })
    .await
}
