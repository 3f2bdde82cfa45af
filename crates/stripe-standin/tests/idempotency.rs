//! Retried calls never create a second object: the client derives its
//! idempotency keys from the operation and the stand-in replays the first
//! answer for a key.

mod common;

use attain_billing::client::{CheckoutRequest, Plan};
use attain_billing::{BillingError, Interval, Tier};
use common::World;
use uuid::Uuid;

#[tokio::test]
async fn creating_a_customer_twice_for_a_tenant_gives_one_customer() {
    let world = World::start().await;
    let tenant = Uuid::new_v4();
    let first = world
        .client
        .create_customer(tenant, "Acme", Some("billing@acme.test"))
        .await
        .unwrap();
    let second = world
        .client
        .create_customer(tenant, "Acme", Some("billing@acme.test"))
        .await
        .unwrap();
    assert_eq!(first, second);
    let ensured = world
        .client
        .ensure_customer(tenant, None, "Acme", Some("billing@acme.test"))
        .await
        .unwrap();
    assert_eq!(ensured, first);
    let customers = world.controls().customers();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0]["metadata"]["tenant_id"], tenant.to_string());

    let other = world
        .client
        .create_customer(Uuid::new_v4(), "Globex", None)
        .await
        .unwrap();
    assert_ne!(other, first);
    assert_eq!(world.controls().customers().len(), 2);
}

#[tokio::test]
async fn an_existing_customer_is_kept_and_a_missing_one_replaced() {
    let world = World::start().await;
    let tenant = Uuid::new_v4();
    let customer = world
        .client
        .create_customer(tenant, "Acme", None)
        .await
        .unwrap();
    let kept = world
        .client
        .ensure_customer(tenant, Some(&customer), "Acme", None)
        .await
        .unwrap();
    assert_eq!(kept, customer);
    // Lost on Stripe's side (another account, a test-mode reset).
    let replaced = world
        .client
        .ensure_customer(tenant, Some("cus_gone"), "Acme", None)
        .await
        .unwrap();
    assert_ne!(replaced, "cus_gone");
    assert_ne!(replaced, customer);
    assert_eq!(world.controls().customers().len(), 2);
}

#[tokio::test]
async fn answers_of_500_are_retried_with_the_same_key_and_leave_one_session() {
    let world = World::start_with(3).await;
    let tenant = Uuid::new_v4();
    let customer = world
        .client
        .create_customer(tenant, "Acme", None)
        .await
        .unwrap();
    world.controls().fail_next_api_calls(2);
    let request = CheckoutRequest {
        tenant_id: tenant,
        customer_id: &customer,
        plan: Plan {
            tier: Tier::Starter,
            interval: Interval::Yearly,
            seats: 5,
        },
        success_url: "http://app.test/ok",
        cancel_url: "http://app.test/cancel",
        attempt: "1",
    };
    let session = world
        .client
        .create_checkout_session(&request)
        .await
        .unwrap();
    assert!(session.url.starts_with(world.standin.url()));
    // A later retry of the same operation (e.g. the job ran again).
    let again = world
        .client
        .create_checkout_session(&request)
        .await
        .unwrap();
    assert_eq!(again, session);
    let sessions = world.controls().checkout_sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["client_reference_id"], tenant.to_string());
    assert_eq!(sessions[0]["metadata"]["tenant_id"], tenant.to_string());
}

#[tokio::test]
async fn a_call_that_failed_for_good_succeeds_later_without_a_duplicate() {
    let world = World::start_with(1).await;
    let (tenant, _customer, subscription) = world.subscribed(3).await;
    let plan = Plan {
        tier: Tier::Growth,
        interval: Interval::Monthly,
        seats: 4,
    };
    world.controls().fail_next_api_calls(1);
    let error = world
        .client
        .change_plan(tenant, &subscription, plan, false, "v2")
        .await
        .unwrap_err();
    assert!(error.is_retryable(), "{error}");
    let changed = world
        .client
        .change_plan(tenant, &subscription, plan, false, "v2")
        .await
        .unwrap();
    assert_eq!(changed.seats(), 4);
    assert_eq!(world.controls().subscriptions().len(), 1);
    // The replayed change sends no second event.
    let again = world
        .client
        .change_plan(tenant, &subscription, plan, false, "v2")
        .await
        .unwrap();
    assert_eq!(again.seats(), 4);
    let updates = world
        .controls()
        .events()
        .iter()
        .filter(|event| event["type"] == "customer.subscription.updated")
        .count();
    assert_eq!(updates, 1);
}

#[tokio::test]
async fn a_refused_call_is_not_retryable_and_says_why() {
    let world = World::start().await;
    let error = world
        .client
        .retrieve_subscription("sub_missing")
        .await
        .unwrap_err();
    match &error {
        BillingError::Refused { status, code, .. } => {
            assert_eq!(*status, 404);
            assert_eq!(code.as_deref(), Some("resource_missing"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn the_same_key_with_other_parameters_is_refused_and_a_wrong_key_unauthorised() {
    let world = World::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/customers", world.standin.url());
    let send = |body: &'static str, key: &'static str| {
        http.post(&url)
            .bearer_auth(key)
            .header("Idempotency-Key", "attain-test-1")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let first = send("name=Acme", "sk_test_standin").await.unwrap();
    assert_eq!(first.status(), 200);
    let replayed = send("name=Acme", "sk_test_standin").await.unwrap();
    assert_eq!(replayed.status(), 200);
    assert_eq!(replayed.headers()["Idempotent-Replayed"], "true");
    let mismatch = send("name=Globex", "sk_test_standin").await.unwrap();
    assert_eq!(mismatch.status(), 400);
    let body: serde_json::Value = mismatch.json().await.unwrap();
    assert_eq!(body["error"]["type"], "idempotency_error");
    let unauthorised = send("name=Acme", "sk_test_wrong").await.unwrap();
    assert_eq!(unauthorised.status(), 401);
    assert_eq!(world.controls().customers().len(), 1);
}

#[tokio::test]
async fn a_response_lost_after_the_work_was_done_is_replayed_not_redone() {
    let world = World::start_with(3).await;
    let tenant = Uuid::new_v4();
    world.controls().lose_next_responses(1);
    let customer = world
        .client
        .create_customer(tenant, "Acme", None)
        .await
        .unwrap();
    assert_eq!(world.controls().customers().len(), 1);
    assert_eq!(world.controls().customers()[0]["id"], customer);

    let request = CheckoutRequest {
        tenant_id: tenant,
        customer_id: &customer,
        plan: Plan {
            tier: Tier::Growth,
            interval: Interval::Monthly,
            seats: 2,
        },
        success_url: "http://app.test/ok",
        cancel_url: "http://app.test/cancel",
        attempt: "1",
    };
    world.controls().lose_next_responses(2);
    let session = world
        .client
        .create_checkout_session(&request)
        .await
        .unwrap();
    let sessions = world.controls().checkout_sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["id"], session.id);

    // A new attempt (the tenant started checkout again) is a new session.
    let again = CheckoutRequest {
        attempt: "2",
        ..request
    };
    let second = world.client.create_checkout_session(&again).await.unwrap();
    assert_ne!(second.id, session.id);
    assert_eq!(world.controls().checkout_sessions().len(), 2);
}
