//! The benchmarks page in headless Chromium: an owner whose company takes
//! part sees its cohort's percentiles with where it stands, then stops
//! taking part from the page. Screenshots at 1280 and 390 px.

use crate::benchmarks::{company, company_named, run, take_part};
use attain_test_support::{
    browser::{click, launch, log_in, screenshot_both_widths, text_containing, within},
    unique_slug, TestApp,
};

#[tokio::test]
async fn an_owner_compares_with_peers_and_stops_taking_part() {
    within(async {
        let app = TestApp::spawn().await;
        let slug = unique_slug("peers");
        let mine = company_named(&app, &slug, "software", "51-200", 4, 1).await;
        take_part(&mine, true).await;
        for (won, lost) in [(1, 3), (2, 2), (3, 1), (1, 1)] {
            let peer = company(&app, "software", "51-200", won, lost).await;
            take_part(&peer, true).await;
        }
        run(&app).await;

        let client = launch(true).await;
        log_in(&client, &app, &format!("owner@{slug}.example")).await;
        click(&client, "nav a[href='/app/benchmarks']").await;
        text_containing(&client, "[data-testid=participation]", "Taking part").await;
        let table = text_containing(&client, "[data-testid=cohort-table]", "Win rate").await;
        assert!(table.contains("80%"), "our own win rate is shown: {table}");
        assert!(table.contains("Top"), "where we stand is shown: {table}");
        text_containing(&client, "[data-testid=cohort]", "5 companies").await;
        screenshot_both_widths(&client, "benchmarks").await;

        click(
            &client,
            "[data-testid=participation-form] button[type=submit]",
        )
        .await;
        text_containing(&client, "[data-testid=participation]", "Not taking part").await;
        text_containing(&client, "[data-testid=own-figures]", "80%").await;
        let _ = client.close().await;
    })
    .await;
}
