//! Seat and tier changes with proration, the portal, and the hosted
//! Checkout page a browser goes through.

mod common;

use attain_billing::client::Plan;
use attain_billing::{Interval, Tier};
use common::World;

#[tokio::test]
async fn a_seat_change_shows_up_on_the_subscription_with_its_event() {
    let world = World::start().await;
    let (tenant, _customer, subscription) = world.subscribed(5).await;
    let plan = Plan {
        tier: Tier::Growth,
        interval: Interval::Monthly,
        seats: 8,
    };
    let changed = world
        .client
        .change_plan(tenant, &subscription, plan, false, "v2")
        .await
        .unwrap();
    assert_eq!(changed.seats(), 8);
    assert_eq!(
        changed.lines[0].plan,
        Some((Tier::Growth, Interval::Monthly))
    );
    let read = world
        .client
        .retrieve_subscription(&subscription)
        .await
        .unwrap();
    assert_eq!(read.seats(), 8);
    let events = world.receiver.wait_for(1).await;
    assert_eq!(events[0]["type"], "customer.subscription.updated");
    assert_eq!(
        events[0]["data"]["object"]["items"]["data"][0]["quantity"],
        8
    );
    assert_eq!(
        events[0]["data"]["previous_attributes"]["items"]["data"][0]["quantity"],
        5
    );
    // Prorations wait for the next invoice: charged there with the period.
    let invoice = world.controls().renew(&subscription).unwrap();
    let lines = invoice["lines"]["data"].as_array().unwrap();
    assert_eq!(lines.len(), 3, "credit, charge and the new period");
    assert!(lines[0]["amount"].as_i64().unwrap() < 0);
    assert_eq!(lines[2]["amount"], 8 * 4_500);
}

#[tokio::test]
async fn an_upgrade_billed_now_changes_the_price_and_pays_a_proration_invoice() {
    let world = World::start().await;
    let (tenant, customer, subscription) = world.subscribed(5).await;
    let plan = Plan {
        tier: Tier::Enterprise,
        interval: Interval::Monthly,
        seats: 5,
    };
    let changed = world
        .client
        .change_plan(tenant, &subscription, plan, true, "v2")
        .await
        .unwrap();
    assert_eq!(
        changed.lines[0].plan,
        Some((Tier::Enterprise, Interval::Monthly))
    );
    let invoices = world.client.list_invoices(&customer, 10).await.unwrap();
    assert_eq!(invoices.len(), 2);
    let proration = &invoices[0];
    assert_eq!(proration.status.as_deref(), Some("paid"));
    // Almost the whole month remains: close to the price difference.
    let difference = 5 * (7_500 - 4_500);
    assert!(proration.total <= difference && proration.total > difference * 9 / 10);
    let events = world.receiver.wait_for(2).await;
    let types: Vec<_> = events.iter().map(|e| e["type"].clone()).collect();
    assert_eq!(types, ["invoice.paid", "customer.subscription.updated"]);
}

#[tokio::test]
async fn a_portal_session_lists_the_customer_and_can_cancel() {
    let world = World::start().await;
    let (tenant, customer, subscription) = world.subscribed(2).await;
    let url = world
        .client
        .create_portal_session(tenant, &customer, "http://app.test/billing", "req-1")
        .await
        .unwrap();
    assert!(url.starts_with(world.standin.url()));
    let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(page.contains(&subscription));
    assert!(page.contains("http://app.test/billing"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cancel = http
        .post(format!("{url}/subscriptions/{subscription}/cancel"))
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 303);
    let read = world
        .client
        .retrieve_subscription(&subscription)
        .await
        .unwrap();
    assert_eq!(
        read.status,
        Some(attain_billing::SubscriptionStatus::Canceled)
    );
    let events = world.receiver.wait_for(1).await;
    assert_eq!(events[0]["type"], "customer.subscription.deleted");
    let all = world.client.list_subscriptions(&customer).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].status,
        Some(attain_billing::SubscriptionStatus::Canceled)
    );
}

#[tokio::test]
async fn the_checkout_page_pays_and_redirects_to_the_success_url() {
    let world = World::start().await;
    let (tenant, _customer, session) = world.open_checkout(3).await;
    let page_url = world.controls().checkout_sessions()[0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = reqwest::get(&page_url).await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"pay\""));
    assert!(page.contains("$135.00"), "3 Growth seats: {page}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let paid = http.post(format!("{page_url}/pay")).send().await.unwrap();
    assert_eq!(paid.status(), 303);
    assert_eq!(
        paid.headers()["Location"],
        format!("http://app.test/billing/done?session={session}")
    );
    world.receiver.wait_for(3).await;
    assert_eq!(world.controls().subscriptions().len(), 1);
    let outcome = world
        .client
        .retrieve_checkout_session(&session)
        .await
        .unwrap();
    assert!(outcome.paid);
    assert_eq!(outcome.status.as_deref(), Some("complete"));
    assert!(outcome.subscription_id.is_some());
    assert_eq!(outcome.tenant_id, Some(tenant));
}

#[tokio::test]
async fn a_declined_card_on_the_checkout_page_keeps_the_session_open() {
    let world = World::start().await;
    let (_tenant, _customer, _session) = world.open_checkout(1).await;
    let page_url = world.controls().checkout_sessions()[0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    world.controls().fail_next_payment();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let declined = http.post(format!("{page_url}/pay")).send().await.unwrap();
    assert_eq!(declined.status(), 200);
    assert!(declined.text().await.unwrap().contains("declined"));
    assert!(world.controls().subscriptions().is_empty());
    assert_eq!(world.controls().checkout_sessions()[0]["status"], "open");
}

#[tokio::test]
async fn the_controls_answer_over_http_too() {
    let world = World::start().await;
    let (_tenant, _customer, session) = world.open_checkout(1).await;
    let http = reqwest::Client::new();
    let base = world.standin.url();
    let completed: serde_json::Value = http
        .post(format!(
            "{base}/_standin/checkout/sessions/{session}/complete"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(completed["status"], "complete");
    let response = http
        .post(format!("{base}/_standin/faults/api_500"))
        .json(&serde_json::json!({ "count": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let failed = http
        .get(format!("{base}/v1/subscriptions"))
        .bearer_auth("sk_test_standin")
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 500);
    let listed: serde_json::Value = http
        .get(format!("{base}/v1/subscriptions"))
        .bearer_auth("sk_test_standin")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["object"], "list");
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    let events: Vec<serde_json::Value> = http
        .get(format!("{base}/_standin/events"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(events.len(), 3);
}
