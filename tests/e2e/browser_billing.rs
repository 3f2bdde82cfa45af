//! Billing in headless Chromium against the Stripe stand-in: a billing admin
//! on a trial chooses Growth, pays on the stand-in's Checkout page, comes
//! back to the billing page, which shows the subscription active (with its
//! invoice) once Stripe's webhook has been applied, without a reload. A rep
//! neither sees billing in the navigation nor can open the page or call its
//! endpoint. Screenshots at 1280 and 390 px.

use attain_test_support::{
    browser::{click, find, launch, log_in, open, screenshot_both_widths, text_containing, within},
    unique_slug, Options, TestApp,
};
use fantoccini::Locator;
use reqwest::StatusCode;

#[tokio::test]
async fn a_billing_admin_subscribes_through_checkout_and_a_rep_cannot_reach_billing() {
    within(async {
        let app = TestApp::spawn_with(Options {
            stripe: true,
            ..Default::default()
        })
        .await;
        let owner = app.signup(&unique_slug("paying")).await;
        let billing_email = "billing@paying.example";
        app.add_member(&owner, billing_email, "billing_admin").await;
        let rep = app.add_member(&owner, "rep@paying.example", "rep").await;

        let client = launch(true).await;
        log_in(&client, &app, billing_email).await;
        find(&client, "nav a[href='/app/billing']").await;
        open(&client, &app, "/app/billing").await;
        text_containing(&client, "[data-testid=billing-status]", "Trialing").await;
        text_containing(&client, "main", "14 days left").await;
        screenshot_both_widths(&client, "billing-trial").await;

        // To Stripe's Checkout and back: nothing is granted until the webhook.
        click(&client, "[data-testid=checkout-growth]").await;
        find(&client, "#pay").await;
        let total = find(&client, "#total")
            .await
            .text()
            .await
            .unwrap_or_default();
        assert_eq!(total, "$135.00", "three seats of Growth, monthly");
        click(&client, "#pay").await;
        text_containing(&client, "[data-testid=billing-status]", "Active").await;
        let url = client.current_url().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url.path(), "/app/billing");
        text_containing(&client, "[data-testid=billing-tier]", "Growth").await;
        text_containing(
            &client,
            "[data-testid=billing-seats]",
            "3 in use of 3 paid for",
        )
        .await;
        text_containing(&client, "[data-testid=invoices]", "$135.00").await;
        find(&client, "[data-testid=change-plan]").await;
        find(&client, "[data-testid=open-portal]").await;
        screenshot_both_widths(&client, "billing-active").await;
        let _ = client.close().await;

        // A rep: no billing link, the page says whose it is, the API refuses.
        let client = launch(true).await;
        log_in(&client, &app, "rep@paying.example").await;
        let links = client
            .find_all(Locator::Css("nav a[href='/app/billing']"))
            .await
            .unwrap_or_default();
        assert!(links.is_empty(), "a rep sees the billing link");
        open(&client, &app, "/app/billing").await;
        text_containing(&client, "[data-testid=forbidden]", "billing admins").await;
        let invoices = client
            .find_all(Locator::Css(
                "[data-testid=invoices], [data-testid=checkout-growth]",
            ))
            .await
            .unwrap_or_default();
        assert!(invoices.is_empty(), "a rep sees billing details");
        let _ = client.close().await;
        assert_eq!(
            rep.get("/api/v1/billing").await.status(),
            StatusCode::FORBIDDEN
        );
    })
    .await;
}
