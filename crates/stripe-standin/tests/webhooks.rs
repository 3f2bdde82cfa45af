//! Paying, failing and replaying: the events the stand-in sends, signed so
//! that `attain_billing::signature::verify` accepts them.

mod common;

use common::World;

#[tokio::test]
async fn a_completed_checkout_sends_three_signed_events_and_an_active_subscription() {
    let world = World::start().await;
    let (tenant, customer, session) = world.open_checkout(7).await;
    world.controls().complete_checkout(&session).unwrap();
    let events = world.receiver.wait_for(3).await;
    assert_eq!(
        world.receiver.types(),
        [
            "checkout.session.completed",
            "customer.subscription.created",
            "invoice.paid"
        ]
    );
    assert_eq!(world.receiver.inbox.lock().unwrap().bad_signatures, 0);
    for event in &events {
        assert!(event["id"].as_str().unwrap().starts_with("evt_"));
        assert_eq!(event["object"], "event");
        assert!(event["created"].as_i64().unwrap() > 0);
    }
    let completed = &events[0]["data"]["object"];
    assert_eq!(completed["status"], "complete");
    assert_eq!(completed["client_reference_id"], tenant.to_string());
    let subscription = &events[1]["data"]["object"];
    assert_eq!(subscription["status"], "active");
    assert_eq!(subscription["customer"], customer);
    assert_eq!(subscription["metadata"]["tenant_id"], tenant.to_string());
    assert_eq!(subscription["items"]["data"][0]["quantity"], 7);
    assert_eq!(
        subscription["items"]["data"][0]["price"]["id"],
        "price_attain_growth_monthly"
    );
    let invoice = &events[2]["data"]["object"];
    assert_eq!(invoice["status"], "paid");
    assert_eq!(invoice["amount_paid"], 7 * 4_500);

    // The client reads what the webhooks announced.
    let id = subscription["id"].as_str().unwrap();
    let read = world.client.retrieve_subscription(id).await.unwrap();
    assert_eq!(
        read.status,
        Some(attain_billing::SubscriptionStatus::Active)
    );
    assert_eq!(read.tenant_id, Some(tenant));
    assert_eq!(read.seats(), 7);
    let invoices = world.client.list_invoices(&customer, 10).await.unwrap();
    assert_eq!(invoices.len(), 1);
    assert_eq!(invoices[0].status.as_deref(), Some("paid"));
}

#[tokio::test]
async fn a_failed_payment_makes_the_subscription_past_due_and_paying_makes_it_active() {
    let world = World::start().await;
    let (_tenant, _customer, subscription) = world.subscribed(2).await;
    world.controls().fail_next_payment();
    let invoice = world.controls().renew(&subscription).unwrap();
    assert_eq!(invoice["status"], "open");
    world.receiver.wait_for(3).await;
    assert_eq!(
        world.receiver.types(),
        [
            "invoice.payment_failed",
            "customer.subscription.updated",
            "customer.subscription.updated"
        ]
    );
    let events = world.receiver.events();
    assert_eq!(events[1]["data"]["object"]["status"], "past_due");
    assert_eq!(events[1]["data"]["previous_attributes"]["status"], "active");
    let read = world
        .client
        .retrieve_subscription(&subscription)
        .await
        .unwrap();
    assert_eq!(
        read.status,
        Some(attain_billing::SubscriptionStatus::PastDue)
    );

    world.controls().mark_unpaid(&subscription).unwrap();
    let read = world
        .client
        .retrieve_subscription(&subscription)
        .await
        .unwrap();
    assert_eq!(
        read.status,
        Some(attain_billing::SubscriptionStatus::Unpaid)
    );

    let invoice_id = invoice["id"].as_str().unwrap();
    world.controls().pay_invoice(invoice_id).unwrap();
    let read = world
        .client
        .retrieve_subscription(&subscription)
        .await
        .unwrap();
    assert_eq!(
        read.status,
        Some(attain_billing::SubscriptionStatus::Active)
    );
    let events = world.receiver.wait_for(6).await;
    assert_eq!(events[4]["type"], "invoice.paid");
    assert_eq!(events[5]["data"]["previous_attributes"]["status"], "unpaid");
}

#[tokio::test]
async fn the_last_event_can_be_delivered_twice() {
    let world = World::start().await;
    let (_tenant, _customer, subscription) = world.subscribed(2).await;
    world.controls().cancel(&subscription).unwrap();
    world.receiver.wait_for(1).await;
    let id = world.controls().redeliver_last_event().unwrap();
    let events = world.receiver.wait_for(2).await;
    assert_eq!(events[0], events[1]);
    assert_eq!(events[1]["id"], id);
    assert_eq!(events[1]["type"], "customer.subscription.deleted");
    assert_eq!(events[1]["data"]["object"]["status"], "canceled");
}

#[tokio::test]
async fn the_next_batch_can_arrive_in_reverse_order() {
    let world = World::start().await;
    let (_tenant, _customer, session) = world.open_checkout(1).await;
    world.controls().reverse_next_batch();
    world.controls().complete_checkout(&session).unwrap();
    world.receiver.wait_for(3).await;
    assert_eq!(
        world.receiver.types(),
        [
            "invoice.paid",
            "customer.subscription.created",
            "checkout.session.completed"
        ]
    );
}

#[tokio::test]
async fn a_refused_delivery_is_retried_until_accepted() {
    let world = World::start().await;
    let (_tenant, _customer, subscription) = world.subscribed(1).await;
    world.receiver.refuse_next(2);
    world.controls().cancel(&subscription).unwrap();
    let events = world.receiver.wait_for(1).await;
    assert_eq!(events[0]["type"], "customer.subscription.deleted");
    // The attempt is recorded once the receiver's answer is read.
    let mut attempts = Vec::new();
    for _ in 0..100 {
        attempts = world
            .controls()
            .deliveries()
            .into_iter()
            .filter(|delivery| delivery.event_type == "customer.subscription.deleted")
            .map(|delivery| (delivery.attempt, delivery.outcome))
            .collect();
        if attempts.len() == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(attempts, [(1, Ok(500)), (2, Ok(500)), (3, Ok(200))]);
}
