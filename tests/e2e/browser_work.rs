//! The performance pages in headless Chromium: an admin imports a CSV with
//! bad rows (preview with the refused lines, start, progress, counts, the
//! refused rows downloadable); an overdue task is highlighted in the overdue
//! tab and leaves it once completed; the KPI page shows the company's
//! scorecard after deals are created; goals cascade, and a target changed by
//! someone else meanwhile asks for a reload; activities are logged against
//! the week's targets; screenshots of every page at both widths.

use attain_test_support::{
    browser::{
        click, fill, find, launch, open, screenshot_both_widths, text_containing, text_of,
        wait_for_path, wait_hydrated, within, WAIT,
    },
    unique_slug, Browser, TestApp, PASSWORD,
};
use chrono::{Datelike, Days, Utc};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::Duration;

const SALESFORCE: &[u8] =
    include_bytes!("../../crates/import/testdata/salesforce-opportunities-report.csv");

/// Signs a company up through the API and logs its owner in to `client`.
async fn owner_in_browser(app: &TestApp, client: &Client, stem: &str) -> Browser {
    let slug = unique_slug(stem);
    let owner = app.signup(&slug).await;
    client
        .goto(&app.url("/login"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(client).await;
    fill(client, "#email", &format!("owner@{slug}.example")).await;
    fill(client, "#password", PASSWORD).await;
    click(client, "button[type=submit]").await;
    wait_for_path(client, "/app").await;
    owner
}

/// Waits until no element matching `css` contains `needle`.
async fn gone(client: &Client, css: &str, needle: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let mut found = false;
        for element in client.find_all(Locator::Css(css)).await.unwrap_or_default() {
            if element.text().await.unwrap_or_default().contains(needle) {
                found = true;
            }
        }
        if !found {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} still shows {needle:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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
            .clamp(900, 6000) as u32;
        let _ = client.set_window_size(width, height + 120).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}-full-{width}.png")), png);
        }
    }
    let _ = client.set_window_size(1280, 900).await;
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

/// Sets an input's value directly (date pickers take typed text by locale).
async fn set_value(client: &Client, css: &str, value: &str) {
    find(client, css).await;
    client
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1]; return true;",
            vec![json!(css), json!(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

#[tokio::test]
async fn onboarding_imports_a_csv_with_bad_rows_and_the_refused_ones_download() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        owner_in_browser(&app, &client, "wimport").await;

        // A Salesforce report with three bad rows at its end (lines 62 to 64).
        let mut text = String::from_utf8_lossy(SALESFORCE).into_owned();
        text.push_str("006Hs00000000000XXAAA,Broken amount,Fabrikam,Liam Ortiz,Prospecting,USD,12O0,01/15/2026,01/01/2026,New Business,10,Web\n");
        text.push_str("006Hs00000000000YYAAA,Bad date,Fabrikam,Liam Ortiz,Prospecting,USD,100.00,02/30/2026,01/01/2026,New Business,10,Web\n");
        text.push_str("006Hs00000000000ZZAAA,Unknown stage,Fabrikam,Liam Ortiz,Parked,USD,100.00,01/15/2026,01/01/2026,New Business,10,Web\n");
        let file = std::env::temp_dir().join(format!("salesforce-{}.csv", uuid::Uuid::new_v4().simple()));
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));

        let nav = text_of(&client, "nav.nav").await;
        assert!(nav.contains("Imports"), "admins find imports in the menu: {nav}");
        // The onboarding wizard's import step is the same wizard as /app/imports.
        open(&client, &app, "/app/onboarding").await;
        find(&client, "[data-testid=step-import]").await;
        screenshot_both_widths(&client, "work-onboarding-import").await;
        find(&client, "#import-file")
            .await
            .send_keys(&file.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        click(&client, "[data-testid=import-upload-submit]").await;

        // The preview: the source, the mapping, and the refused rows by line.
        find(&client, "[data-testid=import-preview]").await;
        let head = text_of(&client, "[data-testid=import-wizard]").await;
        assert!(head.contains("Salesforce report"), "{head}");
        assert_eq!(text_of(&client, "[data-testid=import-refused-count]").await, "3");
        assert_eq!(text_of(&client, "[data-testid=import-good]").await, "60");
        let refused = text_of(&client, "[data-testid=import-rejections]").await;
        assert!(refused.contains("62") && refused.contains("Amount"), "{refused}");
        assert!(refused.contains("63") && refused.contains("Close Date"), "{refused}");
        let stages = text_of(&client, "[data-testid=import-stages]").await;
        assert!(stages.contains("Parked") && stages.contains("no match"), "{stages}");
        find(&client, "[data-testid=import-sample]").await;
        screenshot_both_widths(&client, "work-import-preview").await;
        screenshot_full(&client, "work-import-preview").await;
        fits_a_phone(&client, "/app/onboarding (import preview)").await;

        // Start, watch it finish, read the counts.
        click(&client, "[data-testid=import-start]").await;
        find(&client, "[data-testid=import-done]").await;
        assert_eq!(text_of(&client, "[data-testid=import-created]").await, "60");
        assert_eq!(text_of(&client, "[data-testid=import-refused]").await, "3");
        assert_eq!(text_of(&client, "[data-testid=import-status]").await, "Done");
        let link = find(&client, "[data-testid=import-rejections-download]").await;
        let href = link
            .attr("href")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(href.ends_with("/rejections.csv"), "{href}");
        screenshot_both_widths(&client, "work-import-done").await;
        screenshot_full(&client, "work-import-done").await;

        // The link serves the refused rows to the signed-in browser.
        let csv = client
            .execute(
                "return fetch(arguments[0]).then(r => r.text());",
                vec![json!(href)],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let csv = csv.as_str().unwrap_or_default().to_owned();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.first().copied(), Some("line,column,reason"), "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("62,Amount,")), "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("64,Stage,")), "{csv}");

        // The import is listed, and opening it again shows its result.
        open(&client, &app, "/app/imports").await;
        screenshot_both_widths(&client, "work-imports").await;
        let list = text_of(&client, "[data-testid=import-list]").await;
        assert!(list.contains(".csv") && list.contains("Done"), "{list}");
        let again = href
            .trim_end_matches("/rejections.csv")
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        open(&client, &app, &format!("/app/imports?import={again}")).await;
        assert_eq!(text_of(&client, "[data-testid=import-created]").await, "60");
        find(&client, "[data-testid=import-rejections-download]").await;
        let _ = std::fs::remove_file(&file);
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn an_overdue_task_is_highlighted_and_leaves_the_overdue_tab_once_completed() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "woverdue").await;
        let yesterday = Utc::now().date_naive() - Days::new(1);
        let tomorrow = Utc::now().date_naive() + Days::new(1);
        json_of(
            owner
                .post(
                    "/api/v1/tasks",
                    &json!({
                        "title": "Call back Northwind",
                        "due_date": yesterday,
                        "expected_result": "A meeting with their CFO",
                        "items": ["Check the contract", "Send the offer"],
                    }),
                )
                .await,
        )
        .await;
        json_of(
            owner
                .post(
                    "/api/v1/tasks",
                    &json!({"title": "Prepare the quarterly review", "due_date": tomorrow}),
                )
                .await,
        )
        .await;

        open(&client, &app, "/app/tasks").await;
        let mine = text_of(&client, "[data-testid=task-list]").await;
        assert!(
            mine.contains("Call back Northwind") && mine.contains("Prepare the quarterly review"),
            "{mine}"
        );
        screenshot_both_widths(&client, "work-tasks").await;

        click(&client, "[data-testid=tab-overdue]").await;
        wait_for_path(&client, "/app/tasks").await;
        let row = text_containing(
            &client,
            "[data-testid=task-row][data-overdue=true]",
            "Call back Northwind",
        )
        .await;
        assert!(row.contains("1 day overdue"), "{row}");
        gone(
            &client,
            "[data-testid=task-list]",
            "Prepare the quarterly review",
        )
        .await;
        let class = find(&client, "[data-testid=task-row][data-overdue=true]")
            .await
            .attr("class")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(class.contains("task-overdue"), "{class}");
        let background = client
            .execute(
                "return getComputedStyle(document.querySelector('.task-overdue')).backgroundColor;",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(background, json!("rgb(254, 226, 226)"), "highlighted red");
        screenshot_both_widths(&client, "work-tasks-overdue").await;

        // Open it: tick an item, then complete it.
        click(&client, "[data-testid=task-row] a.task-title").await;
        find(&client, "[data-testid=task-detail]").await;
        wait_hydrated(&client).await;
        click(&client, "[data-testid=task-checklist] input[type=checkbox]").await;
        let toast = text_of(&client, "[data-testid=toast]").await;
        assert!(toast.contains("Checklist saved"), "{toast}");
        text_containing(&client, "[data-testid=task-history]", "Ticked off").await;
        // The open task survives a reload (rendered on the server, then hydrated).
        let here = client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        assert!(here.contains("task="), "{here}");
        client.goto(&here).await.unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        text_containing(&client, "[data-testid=task-history]", "Ticked off").await;
        screenshot_both_widths(&client, "work-task-detail").await;
        screenshot_full(&client, "work-task-detail").await;
        fits_a_phone(&client, "/app/tasks (task open)").await;
        click(&client, "[data-testid=task-done]").await;
        text_containing(&client, "[data-testid=toast]", "Task completed").await;
        gone(&client, "[data-testid=task-row]", "Call back Northwind").await;
        text_containing(&client, "main", "Nothing overdue").await;

        // The API agrees.
        let overdue = json_of(owner.get("/api/v1/tasks?overdue=true").await).await;
        assert_eq!(overdue["total"], 0, "{overdue}");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn the_kpi_page_shows_the_company_scorecard_once_deals_exist() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "wkpi").await;
        let account = json_of(owner.post("/api/v1/accounts", &json!({"name": "Coho Vineyard"})).await).await;
        for (name, amount, status) in [
            ("Won big", "9000.00", "won"),
            ("Won small", "1000.00", "won"),
            ("Lost one", "5000.00", "lost"),
            ("Open one", "7000.00", "open"),
        ] {
            json_of(
                owner
                    .post(
                        "/api/v1/deals",
                        &json!({"name": name, "amount": amount, "currency": "USD", "status": status, "account_id": account["id"]}),
                    )
                    .await,
            )
            .await;
        }
        let nav = text_of(&client, "nav.nav").await;
        for entry in ["KPIs", "Goals", "Tasks", "Activities"] {
            assert!(nav.contains(entry), "{entry} missing from the menu: {nav}");
        }

        // The worker's snapshot may trail the deals by a moment: reload until it has them.
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            open(&client, &app, "/app/kpis").await;
            let win_rate = text_of(&client, "[data-testid=kpi-win-rate] .stat-value").await;
            if win_rate == "66.67%" {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "win rate stayed {win_rate}");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let subtitle = text_of(&client, "[data-testid=kpi-subtitle]").await;
        assert!(subtitle.starts_with("Whole company"), "{subtitle}");
        let source = text_of(&client, "[data-testid=kpi-source]").await;
        assert!(source.contains("Live snapshot") || source.contains("Computed now"), "{source}");
        assert_eq!(text_of(&client, "[data-testid=bookings-USD]").await, "10,000.00 USD");
        let size = text_of(&client, "[data-testid=kpi-deal-size]").await;
        assert!(size.contains("5,000.00 USD"), "{size}");
        let logos = text_of(&client, "[data-testid=kpi-new-logos] .stat-value").await;
        assert_eq!(logos, "1");
        find(&client, "[data-testid=kpi-funnel] .funnel").await;
        find(&client, "[data-testid=kpi-currencies] svg.chart").await;
        screenshot_both_widths(&client, "work-kpis").await;
        screenshot_full(&client, "work-kpis").await;
        fits_a_phone(&client, "/app/kpis").await;

        // A custom range is computed on demand, and says so.
        let today = Utc::now().date_naive();
        let first = today.with_day(1).unwrap_or(today);
        let select = find(&client, "#kpi-period").await;
        select
            .select_by_value("custom")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        set_value(&client, "#kpi-from", &first.to_string()).await;
        set_value(&client, "#kpi-to", &today.to_string()).await;
        click(&client, "[data-testid=kpi-apply]").await;
        text_containing(&client, "[data-testid=kpi-source]", "Computed now").await;
        let subtitle = text_containing(&client, "[data-testid=kpi-subtitle]", " to ").await;
        assert!(subtitle.contains(&first.to_string()), "{subtitle}");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn goals_cascade_and_a_target_changed_meanwhile_asks_for_a_reload() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "wgoals").await;
        let quarter = current_quarter();
        let region = json_of(owner.post("/api/v1/teams", &json!({"name": "EMEA", "kind": "region"})).await).await;
        let company = json_of(
            owner
                .post(
                    "/api/v1/goals",
                    &json!({"period": quarter, "scope_kind": "company", "metric": "revenue", "target": "100000", "currency": "USD"}),
                )
                .await,
        )
        .await;

        // The region's goal, set on the page under the company's.
        open(&client, &app, "/app/goals").await;
        find(&client, "[data-testid='goal-Whole company']").await;
        click(&client, "[data-testid=new-goal]").await;
        find(&client, "#goal-scope")
            .await
            .select_by_value(&format!("region:{}", region["id"].as_str().unwrap_or_default()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        fill(&client, "#goal-target", "60000").await;
        find(&client, "#goal-parent")
            .await
            .select_by_value(company["id"].as_str().unwrap_or_default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        click(&client, "[data-testid=goal-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=toast]", "Goal set").await;
        let emea = text_containing(&client, "[data-testid=goal-EMEA]", "60,000.00 USD").await;
        assert!(emea.to_lowercase().contains("region"), "{emea}");
        let top = text_containing(&client, "[data-testid='goal-Whole company']", "Short").await;
        assert!(top.contains("40,000.00 USD"), "the gap: {top}");
        screenshot_both_widths(&client, "work-goals").await;
        screenshot_full(&client, "work-goals").await;
        fits_a_phone(&client, "/app/goals").await;

        // Someone else changes the company's target while the page is open.
        json_of(
            owner
                .patch(
                    &format!("/api/v1/goals/{}", company["id"].as_str().unwrap_or_default()),
                    &json!({"version": company["version"], "target": "80000"}),
                )
                .await,
        )
        .await;
        click(&client, "[data-testid='goal-Whole company'] [data-testid=edit-target]").await;
        fill(&client, "[data-testid='goal-Whole company'] input[name=target]", "90000").await;
        click(&client, "[data-testid='goal-Whole company'] [data-testid=goal-target-form] button[type=submit]").await;
        let conflict = text_of(&client, "[data-testid=goal-conflict]").await;
        assert!(conflict.contains("changed by someone else"), "{conflict}");
        let inline = text_of(&client, "[data-testid='goal-Whole company'] [data-testid=goal-target-form]").await;
        assert!(inline.contains("changed by someone else"), "{inline}");
        click(&client, "[data-testid=goal-reload]").await;
        let top = text_containing(&client, "[data-testid='goal-Whole company']", "80,000.00 USD").await;
        assert!(top.contains("Short"), "{top}");

        // After the reload the change goes through.
        click(&client, "[data-testid='goal-Whole company'] [data-testid=edit-target]").await;
        fill(&client, "[data-testid='goal-Whole company'] input[name=target]", "60000").await;
        click(&client, "[data-testid='goal-Whole company'] [data-testid=goal-target-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=toast]", "Target saved").await;
        text_containing(&client, "[data-testid='goal-Whole company']", "Covered").await;
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn activities_are_logged_and_counted_against_the_week() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "wacts").await;
        json_of(
            owner
                .post(
                    "/api/v1/deals",
                    &json!({"name": "Northwind platform", "amount": "48000", "currency": "USD"}),
                )
                .await,
        )
        .await;
        json_of(
            owner
                .send(
                    reqwest::Method::PUT,
                    "/api/v1/activity-targets",
                    Some(&json!({"targets": [
                        {"sales_role": "manager", "kind": "call", "per_week": 10},
                        {"sales_role": "manager", "kind": "meeting", "per_week": 4},
                    ]})),
                )
                .await,
        )
        .await;
        open(&client, &app, "/app/activities").await;
        find(&client, "[data-testid=activity-week]").await;
        fill(&client, "#activity-subject", "Discovery call with the CFO").await;
        find(&client, "#activity-deal")
            .await
            .select_by_label("Northwind platform")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        click(&client, "[data-testid=activity-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=toast]", "Call logged").await;
        let list = text_containing(
            &client,
            "[data-testid=activity-list]",
            "Discovery call with the CFO",
        )
        .await;
        assert!(list.contains("Northwind platform"), "{list}");
        let calls = text_containing(&client, "[data-testid=week-call]", "1 of 10").await;
        assert!(calls.contains("Call") && calls.contains("10%"), "{calls}");
        screenshot_both_widths(&client, "work-activities").await;
        screenshot_full(&client, "work-activities").await;
        fits_a_phone(&client, "/app/activities").await;

        // A time more than a day ahead is refused, next to the field.
        set_value(&client, "#activity-when", "2099-01-01T10:00").await;
        click(&client, "[data-testid=activity-form] button[type=submit]").await;
        let error = text_of(&client, "#occurred_at-error").await;
        assert!(error.contains("future"), "{error}");
        let _ = client.close().await;
    })
    .await
}
