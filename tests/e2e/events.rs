//! The event path, end to end on the real broker: a deal change reaches the
//! KPI snapshot; a worker dying between its commit and its ack does not double
//! the effect; writes go on while the broker is away and the outbox drains when
//! it is back; poison messages end in the dead-letter queue while others flow.

use attain_jobs::Envelope;
use attain_test_support::{proxy::BrokerProxy, unique_slug, Browser, Options, TestApp};
use diesel::{dsl::sql, sql_types::BigInt, RunQueryDsl};
use lapin::{
    options::{BasicPublishOptions, QueueDeclareOptions},
    types::FieldTable,
    BasicProperties,
};
use serde_json::{json, Value};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(15);

async fn kpis(browser: &Browser) -> Value {
    browser
        .get("/api/v1/kpis/snapshot")
        .await
        .json()
        .await
        .unwrap_or_default()
}

fn count(app: &TestApp, query: &str) -> i64 {
    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    diesel::select(sql::<BigInt>(query))
        .get_result(&mut conn)
        .unwrap_or(-1)
}

async fn create_deal(browser: &Browser, name: &str, amount: &str) -> Value {
    let response = browser
        .post(
            "/api/v1/deals",
            &json!({"name": name, "amount": amount, "currency": "USD"}),
        )
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    response.json().await.unwrap_or_default()
}

#[tokio::test]
async fn a_deal_change_reaches_the_kpi_snapshot() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("kpi")).await;
    let deal = create_deal(&owner, "Northwind renewal", "1200.50").await;
    assert!(
        app.eventually(WAIT, || async {
            kpis(&owner).await["figures"]["open_pipeline"]["USD"] == "1200.50"
        })
        .await
    );
    let id = deal["id"].as_str().unwrap_or_default();
    let won = owner
        .patch(
            &format!("/api/v1/deals/{id}"),
            &json!({"version": 1, "status": "won"}),
        )
        .await;
    assert_eq!(won.status(), reqwest::StatusCode::OK);
    let stale = owner
        .patch(
            &format!("/api/v1/deals/{id}"),
            &json!({"version": 1, "status": "lost"}),
        )
        .await;
    assert_eq!(
        stale.status(),
        reqwest::StatusCode::CONFLICT,
        "a stale version must not overwrite"
    );
    assert!(
        app.eventually(WAIT, || async {
            let k = kpis(&owner).await;
            k["figures"]["won_amount"]["USD"] == "1200.50"
                && k["figures"]["win_rate"] == "1"
                && k["events_applied"] == 2
        })
        .await,
        "{}",
        kpis(&owner).await
    );
}

#[tokio::test]
async fn a_worker_dying_between_commit_and_ack_does_not_double_the_effect() {
    let crashed_once = Arc::new(Mutex::new(false));
    let hook_flag = Arc::clone(&crashed_once);
    let mut app = TestApp::spawn_with(Options {
        worker: false,
        ..Default::default()
    })
    .await;
    let dying = app.start_worker(Some(Arc::new(move |_: &Envelope| {
        let mut crashed = hook_flag.lock().unwrap_or_else(|e| e.into_inner());
        let survive = *crashed;
        *crashed = true;
        survive
    })));
    let owner = app.signup(&unique_slug("crash")).await;
    create_deal(&owner, "Once only", "100").await;
    assert!(
        app.eventually(WAIT, || async { app.task_finished(dying) })
            .await,
        "the worker should die before its ack"
    );
    assert_eq!(
        count(&app, "(SELECT count(*) FROM control.inbox)"),
        1,
        "the effect was committed before the crash"
    );

    let redelivered: Arc<Mutex<Vec<Uuid>>> = Arc::default();
    let seen = Arc::clone(&redelivered);
    app.start_worker(Some(Arc::new(move |envelope: &Envelope| {
        seen.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(envelope.message_id);
        true
    })));
    assert!(
        app.eventually(WAIT, || async {
            !redelivered
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
        })
        .await,
        "the unacked message must be redelivered"
    );
    let snapshot = kpis(&owner).await;
    assert_eq!(snapshot["events_applied"], 1, "{snapshot}");
    assert_eq!(count(&app, "(SELECT count(*) FROM control.inbox)"), 1);

    create_deal(&owner, "Second", "50").await;
    assert!(
        app.eventually(WAIT, || async { kpis(&owner).await["events_applied"] == 2 })
            .await
    );
    assert_eq!(
        kpis(&owner).await["figures"]["open_pipeline"]["USD"],
        "150.00"
    );
}

#[tokio::test]
async fn writes_go_on_while_the_broker_is_away_and_the_outbox_drains_when_it_returns() {
    let proxy = BrokerProxy::start("127.0.0.1:5672")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let app = TestApp::spawn_with(Options {
        amqp_url: Some(proxy.amqp_url()),
        ..Default::default()
    })
    .await;
    let owner = app.signup(&unique_slug("outage")).await;
    create_deal(&owner, "Before", "10").await;
    assert!(
        app.eventually(WAIT, || async {
            kpis(&owner).await["figures"]["deal_count"] == 1
        })
        .await
    );

    proxy.cut();
    for i in 0..3 {
        create_deal(&owner, &format!("During outage {i}"), "10").await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        count(
            &app,
            "(SELECT count(*) FROM control.outbox WHERE sent_at IS NULL)"
        ),
        3,
        "events wait in the outbox"
    );
    assert_eq!(kpis(&owner).await["figures"]["deal_count"], 1);

    proxy.restore();
    assert!(
        app.eventually(Duration::from_secs(30), || async {
            count(
                &app,
                "(SELECT count(*) FROM control.outbox WHERE sent_at IS NULL)",
            ) == 0
        })
        .await,
        "the outbox must drain"
    );
    assert!(
        app.eventually(WAIT, || async {
            kpis(&owner).await["figures"]["deal_count"] == 4
        })
        .await,
        "the worker must reconnect"
    );
}

#[tokio::test]
async fn poison_messages_are_dead_lettered_while_others_flow() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("poison")).await;
    let broken = app.signup(&unique_slug("broken")).await;
    // A tenant whose schema lost its deals table: its events fail every time.
    {
        let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
        let schema: String = diesel::select(sql::<diesel::sql_types::Text>(&format!(
            "(SELECT schema_name FROM control.tenants WHERE id = '{}')",
            broken.tenant_id()
        )))
        .get_result(&mut conn)
        .unwrap_or_default();
        diesel::sql_query(format!("DROP TABLE {schema}.deals CASCADE"))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let conn = attain_jobs::connect(app.settings.amqp_url.expose())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let channel = conn
        .create_channel()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let envelope = |tenant: Uuid| {
        serde_json::to_vec(&json!({
        "message_id": Uuid::new_v4(), "tenant_id": tenant, "kind": "deal.changed",
        "occurred_at": "2026-11-22T10:00:00Z", "payload": {"deal_id": Uuid::new_v4(), "change": "created"}
    })).unwrap_or_default()
    };
    let poison = [
        b"{not json".to_vec(),
        envelope(Uuid::new_v4()),
        envelope(broken.tenant_id()),
    ];
    for body in poison {
        channel
            .basic_publish(
                app.topology.events_exchange().into(),
                "deal.changed".into(),
                BasicPublishOptions::default(),
                &body,
                BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // Healthy traffic keeps flowing meanwhile.
    for i in 0..5 {
        create_deal(&owner, &format!("Healthy {i}"), "20").await;
    }
    assert!(
        app.eventually(WAIT, || async {
            kpis(&owner).await["figures"]["deal_count"] == 5
        })
        .await
    );

    let dead_count = || async {
        channel
            .queue_declare(
                app.topology.dead_queue().into(),
                QueueDeclareOptions {
                    passive: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .map(|q| q.message_count())
            .unwrap_or(0)
    };
    assert!(
        // Two queues take deal events (KPI snapshots and statements): each
        // dead-letters its own copy of the three.
        app.eventually(Duration::from_secs(30), || async {
            dead_count().await == 6
        })
        .await,
        "dead-lettered: {}",
        dead_count().await
    );
}
