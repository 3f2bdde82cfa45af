//! Billing against the real services and the Stripe stand-in: what every
//! subscription state allows (through real HTTP writes), the whole lifecycle
//! driven by the stand-in's webhooks, duplicate and reordered deliveries,
//! signatures (bad, stale, future, rotated), Stripe answering 500 before
//! succeeding, and an event for a customer nobody has.

use attain_test_support::attain_billing::signature;
use attain_test_support::{unique_slug, Browser, Options, TestApp, WEBHOOK_SECRET};
use diesel::{sql_query, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(20);

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

async fn with_stripe() -> TestApp {
    TestApp::spawn_with(Options {
        stripe: true,
        ..Default::default()
    })
    .await
}

/// Runs SQL against the test's database.
fn sql(app: &TestApp, statement: &str) {
    let mut conn = app
        .database
        .connect()
        .unwrap_or_else(|e| panic!("connect: {e}"));
    sql_query(statement)
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(app: &TestApp, statement: &str) -> i64 {
    let mut conn = app
        .database
        .connect()
        .unwrap_or_else(|e| panic!("connect: {e}"));
    sql_query(statement)
        .get_result::<Count>(&mut conn)
        .unwrap_or_else(|e| panic!("{statement}: {e}"))
        .n
}

/// A write every member of a fresh company may make: a new team.
async fn write(owner: &Browser) -> reqwest::Response {
    owner
        .post(
            "/api/v1/teams",
            &json!({"name": format!("Team {}", &Uuid::new_v4().simple().to_string()[..8])}),
        )
        .await
}

/// A write must be refused as read-only, naming the billing admin; reads
/// and the billing page still work.
async fn assert_read_only(owner: &Browser, billing: &Browser, billing_email: &str, why: &str) {
    let refused = write(owner).await;
    assert_eq!(refused.status(), StatusCode::PAYMENT_REQUIRED, "{why}");
    let body = json_of(refused).await;
    assert_eq!(body["error"]["code"], "read_only", "{why}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(billing_email),
        "{why}: the message names no billing admin: {message}"
    );
    assert_eq!(
        owner.get("/api/v1/teams").await.status(),
        StatusCode::OK,
        "{why}"
    );
    assert_eq!(
        owner.get("/api/v1/deals").await.status(),
        StatusCode::OK,
        "{why}"
    );
    assert_eq!(
        billing.get("/api/v1/billing").await.status(),
        StatusCode::OK,
        "{why}"
    );
    let session = json_of(owner.get("/api/v1/auth/session").await).await;
    assert_eq!(session["billing"]["access"], "read_only", "{why}");
}

async fn overview(browser: &Browser) -> Value {
    json_of(browser.get("/api/v1/billing").await).await
}

async fn wait_for(app: &TestApp, browser: &Browser, what: &str, check: impl Fn(&Value) -> bool) {
    let reached = app
        .eventually(WAIT, || async { check(&overview(browser).await) })
        .await;
    assert!(reached, "never reached {what}: {}", overview(browser).await);
}

/// A signed POST of `event` to the app's webhook.
async fn deliver(app: &TestApp, event: &Value, secrets: &[&str], at: i64) -> reqwest::Response {
    let body = event.to_string();
    let header = signature::sign(secrets, at, body.as_bytes());
    reqwest::Client::new()
        .post(app.url("/api/v1/billing/webhook"))
        .header("Stripe-Signature", header)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("webhook: {e}"))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// (status, trial ends in days, past due since days ago, has a
/// subscription, writes allowed, the session's access)
type Row = (
    &'static str,
    Option<i64>,
    Option<i64>,
    bool,
    bool,
    &'static str,
);

#[tokio::test]
async fn every_status_gives_its_access_through_real_writes() {
    let app = TestApp::spawn().await;
    let slug = unique_slug("ent");
    let owner = app.signup(&slug).await;
    let billing_email = "billing@ent.example";
    let billing = app.add_member(&owner, billing_email, "billing_admin").await;
    let tenant = owner.tenant_id();
    let table: [Row; 11] = [
        ("trialing", Some(10), None, false, true, "full"),
        ("trialing", Some(-1), None, false, false, "read_only"),
        ("active", None, None, true, true, "full"),
        ("past_due", None, Some(1), true, true, "grace"),
        ("past_due", None, Some(8), true, false, "read_only"),
        ("incomplete", None, Some(1), true, true, "grace"),
        ("unpaid", None, Some(20), true, false, "read_only"),
        ("canceled", None, None, true, false, "read_only"),
        ("incomplete_expired", None, None, true, false, "read_only"),
        ("paused", None, None, true, false, "read_only"),
        ("active", None, None, true, true, "full"),
    ];
    for (status, trial_days, past_due_days, subscribed, writes, access) in table {
        let trial = trial_days.map_or("NULL".to_owned(), |d| {
            format!("now() + interval '{d} days'")
        });
        let since = past_due_days.map_or("NULL".to_owned(), |d| {
            format!("now() - interval '{d} days'")
        });
        let subscription = if subscribed { "'sub_table'" } else { "NULL" };
        sql(
            &app,
            &format!(
                "UPDATE control.subscriptions SET status = '{status}', trial_ends_at = {trial}, \
                 past_due_since = {since}, stripe_subscription_id = {subscription} WHERE tenant_id = '{tenant}'"
            ),
        );
        let why = format!("{status} (trial {trial_days:?}, past due {past_due_days:?})");
        if writes {
            assert_eq!(write(&owner).await.status(), StatusCode::CREATED, "{why}");
            let session = json_of(owner.get("/api/v1/auth/session").await).await;
            assert_eq!(session["billing"]["access"], access, "{why}");
            if access == "grace" {
                assert!(session["billing"]["grace_ends_at"].is_string(), "{why}");
                assert!(session["billing"]["banner"].is_string(), "{why}");
            }
        } else {
            assert_read_only(&owner, &billing, billing_email, &why).await;
            // Signing out and back in still works.
            assert_eq!(
                owner.post("/api/v1/auth/logout", &json!({})).await.status(),
                StatusCode::NO_CONTENT,
                "{why}"
            );
            let relogin = owner
                .login(
                    &format!("owner@{slug}.example"),
                    attain_test_support::PASSWORD,
                )
                .await;
            let status = relogin.status();
            owner.remember(&json_of(relogin).await);
            assert_eq!(status, StatusCode::OK, "{why}: login");
        }
    }
    // Nothing was deleted on the way: every team created is still there.
    let teams = json_of(owner.get("/api/v1/teams").await).await;
    assert!(teams.to_string().contains("Team "), "{teams}");
}

/// The first (only) subscription the stand-in holds.
fn subscription_id(app: &TestApp) -> String {
    app.stripe().subscriptions()[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Starts Checkout as `billing` and pays it in the stand-in; waits until the
/// webhook made the subscription active.
async fn subscribe(app: &TestApp, billing: &Browser) -> Value {
    let started = billing
        .post(
            "/api/v1/billing/checkout",
            &json!({"tier": "growth", "interval": "monthly"}),
        )
        .await;
    assert_eq!(started.status(), StatusCode::OK);
    let started = json_of(started).await;
    assert!(started["url"]
        .as_str()
        .unwrap_or_default()
        .starts_with("http"));
    app.stripe()
        .complete_checkout(started["session_id"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("complete checkout: {e}"));
    wait_for(app, billing, "active", |o| o["status"] == "active").await;
    started
}

#[tokio::test]
async fn the_whole_lifecycle_follows_stripes_webhooks() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("life")).await;
    let billing_email = "billing@life.example";
    let billing = app.add_member(&owner, billing_email, "billing_admin").await;
    let tenant = owner.tenant_id();

    // Trial: everything works, no card.
    let trial = overview(&billing).await;
    assert_eq!(trial["status"], "trialing", "{trial}");
    assert_eq!(trial["trial_days_left"], 14, "{trial}");
    assert_eq!(trial["seats_used"], 2, "{trial}");
    assert_eq!(trial["has_subscription"], false, "{trial}");

    // Checkout: the redirect grants nothing; the webhook does.
    let started = billing
        .post(
            "/api/v1/billing/checkout",
            &json!({"tier": "growth", "interval": "monthly"}),
        )
        .await;
    assert_eq!(started.status(), StatusCode::OK);
    let started = json_of(started).await;
    assert_eq!(started["seats"], 2);
    let success = reqwest::Client::new()
        .get(format!(
            "{}/app/billing?checkout=success&session_id={}",
            app.address,
            started["session_id"].as_str().unwrap_or_default()
        ))
        .send()
        .await;
    drop(success);
    assert_eq!(overview(&billing).await["status"], "trialing");
    app.stripe()
        .complete_checkout(started["session_id"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("complete checkout: {e}"));
    wait_for(&app, &billing, "active", |o| o["status"] == "active").await;
    let active = overview(&billing).await;
    assert_eq!(active["tier"], "growth", "{active}");
    assert_eq!(active["interval"], "monthly", "{active}");
    assert_eq!(active["seats_paid"], 2, "{active}");
    assert_eq!(active["has_subscription"], true, "{active}");
    assert!(active["current_period_end"].is_string(), "{active}");
    let invoices = active["invoices"].as_array().cloned().unwrap_or_default();
    assert_eq!(invoices.len(), 1, "{active}");
    assert!(invoices[0]["hosted_invoice_url"].is_string(), "{active}");
    assert_eq!(invoices[0]["status"], "paid", "{active}");
    // A second Checkout is refused: change the subscription instead.
    let again = billing
        .post(
            "/api/v1/billing/checkout",
            &json!({"tier": "growth", "interval": "monthly"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Seat changes: not below the members, not above the tier's limit.
    let too_few = billing
        .patch("/api/v1/billing/subscription", &json!({"seats": 1}))
        .await;
    assert_eq!(too_few.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(too_few).await["error"]["field"], "seats");
    let too_many = billing
        .patch(
            "/api/v1/billing/subscription",
            &json!({"tier": "starter", "seats": 26}),
        )
        .await;
    assert_eq!(too_many.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(too_many).await["error"]["field"], "seats");
    let unknown = billing
        .patch("/api/v1/billing/subscription", &json!({"tier": "platinum"}))
        .await;
    assert_eq!(json_of(unknown).await["error"]["field"], "tier");
    let changed = billing
        .patch("/api/v1/billing/subscription", &json!({"seats": 5}))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    wait_for(&app, &billing, "five seats", |o| o["seats_paid"] == 5).await;
    // A portal session for cards and invoices.
    let portal = json_of(billing.post("/api/v1/billing/portal", &json!({})).await).await;
    assert!(
        portal["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("http"),
        "{portal}"
    );

    // Payment failed: past due, everything still works, with a banner.
    let subscription = subscription_id(&app);
    app.stripe().fail_next_payment();
    app.stripe()
        .renew(&subscription)
        .unwrap_or_else(|e| panic!("renew: {e}"));
    wait_for(&app, &billing, "past_due", |o| o["status"] == "past_due").await;
    assert_eq!(write(&owner).await.status(), StatusCode::CREATED);
    let session = json_of(owner.get("/api/v1/auth/session").await).await;
    assert_eq!(session["billing"]["access"], "grace", "{session}");
    assert!(session["billing"]["banner"].is_string(), "{session}");
    assert!(session["billing"]["grace_ends_at"].is_string(), "{session}");

    // Grace over: read-only, naming the billing admin; reads still work.
    sql(
        &app,
        &format!(
            "UPDATE control.subscriptions SET past_due_since = now() - interval '8 days' \
             WHERE tenant_id = '{tenant}'"
        ),
    );
    assert_read_only(&owner, &billing, billing_email, "grace over").await;
    // The billing admin can still act on billing.
    let portal = billing.post("/api/v1/billing/portal", &json!({})).await;
    assert_eq!(portal.status(), StatusCode::OK);

    // The invoice is paid: active again, writes work.
    let open = app
        .stripe()
        .invoices()
        .into_iter()
        .find(|invoice| invoice["status"] == "open")
        .and_then(|invoice| invoice["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    app.stripe()
        .pay_invoice(&open)
        .unwrap_or_else(|e| panic!("pay: {e}"));
    wait_for(&app, &billing, "active again", |o| o["status"] == "active").await;
    assert_eq!(write(&owner).await.status(), StatusCode::CREATED);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM control.subscriptions \
                 WHERE tenant_id = '{tenant}' AND past_due_since IS NULL"
            )
        ),
        1
    );

    // Canceled: read-only, nothing deleted.
    app.stripe()
        .cancel(&subscription)
        .unwrap_or_else(|e| panic!("cancel: {e}"));
    wait_for(&app, &billing, "canceled", |o| o["status"] == "canceled").await;
    assert_read_only(&owner, &billing, billing_email, "canceled").await;
    let teams = json_of(owner.get("/api/v1/teams").await).await;
    assert!(teams.to_string().contains("Team "), "{teams}");
    // Every event was processed exactly once.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM control.billing_events WHERE processed_at IS NULL"
        ),
        0
    );
}

#[tokio::test]
async fn a_duplicate_delivery_is_stored_and_processed_once() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("dup")).await;
    subscribe(&app, &owner).await;
    let events_before = count(&app, "SELECT count(*) AS n FROM control.billing_events");
    let outbox_before = count(
        &app,
        "SELECT count(*) AS n FROM control.outbox WHERE routing_key = 'billing.event'",
    );
    let redelivered = app
        .stripe()
        .redeliver_last_event()
        .unwrap_or_else(|| panic!("no event to redeliver"));
    let answered = app
        .eventually(WAIT, || async {
            app.stripe()
                .deliveries()
                .iter()
                .filter(|d| d.event_id == redelivered && d.outcome == Ok(200))
                .count()
                == 2
        })
        .await;
    assert!(answered, "{:?}", app.stripe().deliveries());
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM control.billing_events"),
        events_before
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM control.outbox WHERE routing_key = 'billing.event'"
        ),
        outbox_before
    );
    // Sending the same event by hand answers 200 and stores nothing new.
    let event = app
        .stripe()
        .events()
        .into_iter()
        .find(|e| e["id"] == redelivered.as_str())
        .unwrap_or_default();
    let response = deliver(&app, &event, &[WEBHOOK_SECRET], now()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await["duplicate"], true);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM control.billing_events"),
        events_before
    );
    assert_eq!(overview(&owner).await["status"], "active");
}

#[tokio::test]
async fn reordered_and_late_events_never_move_the_subscription_backwards() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("order")).await;
    // The checkout's events arrive newest first.
    app.stripe().reverse_next_batch();
    subscribe(&app, &owner).await;
    let all_processed = app
        .eventually(WAIT, || async {
            count(
                &app,
                "SELECT count(*) AS n FROM control.billing_events WHERE processed_at IS NULL",
            ) == 0
                && count(&app, "SELECT count(*) AS n FROM control.billing_events") >= 3
        })
        .await;
    assert!(all_processed);
    assert_eq!(overview(&owner).await["status"], "active");
    assert_eq!(overview(&owner).await["seats_paid"], 1);

    // More seats, then the subscription's creation event (one seat) arrives
    // late, as a new delivery: the stored state stays at three seats.
    let changed = owner
        .patch("/api/v1/billing/subscription", &json!({"seats": 3}))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    wait_for(&app, &owner, "three seats", |o| o["seats_paid"] == 3).await;
    let mut created = app
        .stripe()
        .events()
        .into_iter()
        .find(|e| e["type"] == "customer.subscription.created")
        .unwrap_or_default();
    assert_eq!(created["data"]["object"]["items"]["data"][0]["quantity"], 1);
    created["id"] = json!("evt_late_copy");
    let response = deliver(&app, &created, &[WEBHOOK_SECRET], now()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let processed = app
        .eventually(WAIT, || async {
            count(
                &app,
                "SELECT count(*) AS n FROM control.billing_events \
                 WHERE stripe_event_id = 'evt_late_copy' AND processed_at IS NOT NULL",
            ) == 1
        })
        .await;
    assert!(processed);
    let after = overview(&owner).await;
    assert_eq!(after["seats_paid"], 3, "{after}");
    assert_eq!(after["status"], "active", "{after}");

    // After a cancellation, a late "active" copy does not revive it.
    app.stripe()
        .cancel(&subscription_id(&app))
        .unwrap_or_else(|e| panic!("cancel: {e}"));
    wait_for(&app, &owner, "canceled", |o| o["status"] == "canceled").await;
    created["id"] = json!("evt_late_copy_2");
    deliver(&app, &created, &[WEBHOOK_SECRET], now()).await;
    let processed = app
        .eventually(WAIT, || async {
            count(
                &app,
                "SELECT count(*) AS n FROM control.billing_events \
                 WHERE stripe_event_id = 'evt_late_copy_2' AND processed_at IS NOT NULL",
            ) == 1
        })
        .await;
    assert!(processed);
    assert_eq!(overview(&owner).await["status"], "canceled");
}

#[tokio::test]
async fn bad_stale_future_and_rotated_signatures() {
    let app = TestApp::spawn_with(Options {
        tune: |s| {
            s.stripe_webhook_secrets = vec![
                attain_test_support::attain_config_secret("whsec_new"),
                attain_test_support::attain_config_secret("whsec_old"),
            ]
        },
        ..Default::default()
    })
    .await;
    let event = |id: &str| {
        json!({
            "id": id,
            "object": "event",
            "type": "invoice.paid",
            "created": now(),
            "data": {"object": {"id": "in_x", "object": "invoice", "customer": "cus_nobody", "subscription": null}},
        })
    };
    let stored = || count(&app, "SELECT count(*) AS n FROM control.billing_events");

    // Missing, wrong secret, tampered, stale, future: 400, nothing stored.
    let body = event("evt_bad").to_string();
    let missing = reqwest::Client::new()
        .post(app.url("/api/v1/billing/webhook"))
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(missing).await["error"]["code"], "signature_missing");
    for (secrets, at, code) in [
        (vec!["whsec_other"], now(), "signature_mismatch"),
        (vec!["whsec_new"], now() - 900, "signature_stale"),
        (vec!["whsec_new"], now() + 900, "signature_future"),
    ] {
        let response = deliver(&app, &event("evt_bad"), &secrets, at).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{code}");
        assert_eq!(json_of(response).await["error"]["code"], code);
    }
    let tampered = reqwest::Client::new()
        .post(app.url("/api/v1/billing/webhook"))
        .header(
            "Stripe-Signature",
            signature::sign(&["whsec_new"], now(), body.as_bytes()),
        )
        .header("Content-Type", "application/json")
        .body(body.replace("cus_nobody", "cus_someone"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tampered.status(), StatusCode::BAD_REQUEST);
    assert_eq!(stored(), 0);

    // During a rotation both secrets verify, and a header with both.
    for (id, secrets) in [
        ("evt_new", vec!["whsec_new"]),
        ("evt_old", vec!["whsec_old"]),
        ("evt_both", vec!["whsec_old", "whsec_new"]),
    ] {
        let response = deliver(&app, &event(id), &secrets, now() - 250).await;
        assert_eq!(response.status(), StatusCode::OK, "{id}");
    }
    assert_eq!(stored(), 3);
}

#[tokio::test]
async fn stripe_failing_then_succeeding_creates_one_customer_and_one_subscription() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("retry")).await;
    // The first call answers 500 before doing anything; the next does its
    // work but its answer is lost: retries with the same keys create nothing twice.
    app.stripe().fail_next_api_calls(1);
    app.stripe().lose_next_responses(1);
    subscribe(&app, &owner).await;
    assert_eq!(app.stripe().customers().len(), 1);
    assert_eq!(app.stripe().checkout_sessions().len(), 1);
    assert_eq!(app.stripe().subscriptions().len(), 1);
    // Stripe down for every attempt: a clear 502, nothing stored.
    app.stripe().fail_next_api_calls(10);
    let down = owner.post("/api/v1/billing/portal", &json!({})).await;
    assert_eq!(down.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(json_of(down).await["error"]["code"], "stripe_unavailable");
}

#[tokio::test]
async fn an_event_for_an_unknown_customer_is_recorded_and_changes_nothing() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("unknown")).await;
    let tenant = owner.tenant_id();
    let event = json!({
        "id": "evt_unknown_customer",
        "object": "event",
        "type": "customer.subscription.updated",
        "created": now(),
        "data": {"object": {
            "id": "sub_nobody",
            "object": "subscription",
            "customer": "cus_nobody",
            "status": "canceled",
            "cancel_at_period_end": false,
            "metadata": {},
            "items": {"object": "list", "data": []},
        }},
    });
    let response = deliver(&app, &event, &[WEBHOOK_SECRET], now()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let recorded = app
        .eventually(WAIT, || async {
            count(
                &app,
                "SELECT count(*) AS n FROM control.billing_events \
                 WHERE stripe_event_id = 'evt_unknown_customer' AND processed_at IS NOT NULL \
                 AND outcome = 'unknown_customer' AND tenant_id IS NULL",
            ) == 1
        })
        .await;
    assert!(recorded);
    let state = overview(&owner).await;
    assert_eq!(state["status"], "trialing", "{state}");
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM control.subscriptions WHERE tenant_id = '{tenant}' \
                 AND status = 'trialing' AND stripe_subscription_id IS NULL"
            )
        ),
        1
    );
    assert_eq!(write(&owner).await.status(), StatusCode::CREATED);
}

fn stripe_quantity(app: &TestApp) -> u64 {
    app.stripe().subscriptions()[0]["items"]["data"][0]["quantity"]
        .as_u64()
        .unwrap_or_default()
}

fn invitations_of(app: &TestApp, tenant: Uuid) -> i64 {
    count(
        app,
        &format!("SELECT count(*) AS n FROM control.invitations WHERE tenant_id = '{tenant}'"),
    )
}

#[tokio::test]
async fn seats_follow_invitations_and_stripe_ends_at_the_seats_in_use() {
    let app = with_stripe().await;
    let owner = app.signup(&unique_slug("seats")).await;
    let billing_email = "billing@seats.example";
    let billing = app.add_member(&owner, billing_email, "billing_admin").await;
    let admin = app.add_member(&owner, "admin@seats.example", "admin").await;
    let tenant = owner.tenant_id();
    subscribe(&app, &billing).await;
    assert_eq!(overview(&billing).await["seats_paid"], 3);
    let before = invitations_of(&app, tenant);

    // Every paid seat is taken: an admin is sent to the billing admin, an
    // owner is asked to confirm; neither leaves an invitation behind.
    let refused = admin
        .post(
            "/api/v1/invitations",
            &json!({"email": "new@seats.example", "role": "rep"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body = json_of(refused).await;
    assert_eq!(body["error"]["code"], "seats_full", "{body}");
    assert_eq!(body["error"]["field"], "email", "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(billing_email), "{message}");
    let confirm = owner
        .post(
            "/api/v1/invitations",
            &json!({"email": "new@seats.example", "role": "rep"}),
        )
        .await;
    assert_eq!(confirm.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(confirm).await["error"]["field"], "add_seat");
    assert_eq!(invitations_of(&app, tenant), before);
    let admin_insists = admin
        .post(
            "/api/v1/invitations",
            &json!({"email": "new@seats.example", "role": "rep", "add_seat": true}),
        )
        .await;
    assert_eq!(admin_insists.status(), StatusCode::CONFLICT);

    // Six invitations at once, each adding a seat: Stripe ends at nine.
    let bodies: Vec<Value> = (0..6)
        .map(|i| json!({"email": format!("burst{i}@seats.example"), "role": "rep", "add_seat": true}))
        .collect();
    let sent = futures_util::future::join_all(
        bodies
            .iter()
            .map(|body| owner.post("/api/v1/invitations", body)),
    )
    .await;
    for response in sent {
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    wait_for(&app, &billing, "nine seats paid", |o| {
        o["seats_used"] == 9 && o["seats_paid"] == 9
    })
    .await;
    assert_eq!(stripe_quantity(&app), 9);
    assert_eq!(app.stripe().subscriptions().len(), 1);

    // Inviting the same person again holds no second seat.
    let again = admin
        .post(
            "/api/v1/invitations",
            &json!({"email": "burst0@seats.example", "role": "manager"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(overview(&billing).await["seats_used"], 9);
    assert_eq!(stripe_quantity(&app), 9);
}

#[tokio::test]
async fn the_starter_tier_refuses_a_26th_seat_naming_the_way_up() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("starter")).await;
    let tenant = owner.tenant_id();
    sql(
        &app,
        &format!("UPDATE control.subscriptions SET tier = 'starter' WHERE tenant_id = '{tenant}'"),
    );
    for i in 0..24 {
        let invited = owner
            .post(
                "/api/v1/invitations",
                &json!({"email": format!("rep{i}@starter.example"), "role": "rep"}),
            )
            .await;
        assert_eq!(invited.status(), StatusCode::CREATED, "invitation {i}");
    }
    let refused = owner
        .post(
            "/api/v1/invitations",
            &json!({"email": "rep24@starter.example", "role": "rep", "add_seat": true}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body = json_of(refused).await;
    assert_eq!(body["error"]["code"], "tier_seat_limit", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("Growth"),
        "{body}"
    );
    assert_eq!(invitations_of(&app, tenant), 24);
}
