//! KPI scorecards: the worker's per-period snapshot (served from cache) and
//! the on-demand computation give the same numbers, seconds after a change;
//! scopes narrow to a team or a rep; reps see only their own and the company's;
//! the per-day activity counts they read follow every change to activities.

use attain_db::control::tenants;
use attain_test_support::{unique_slug, TestApp};
use chrono::{Datelike, Utc};
use diesel::{sql_types::BigInt, QueryableByName, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

#[tokio::test]
async fn the_snapshot_and_the_on_demand_scorecard_agree_after_changes() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("kpi")).await;
    let rep = app.add_member(&owner, "rep@kpi.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    let quarter = current_quarter();
    let account = body(
        owner
            .post("/api/v1/accounts", &json!({"name": "Coho Vineyard"}))
            .await,
    )
    .await;
    for (name, amount, status, owner_id) in [
        ("Won big", "9000.00", "won", rep_id.as_str()),
        ("Won small", "1000.00", "won", rep_id.as_str()),
        ("Lost one", "5000.00", "lost", rep_id.as_str()),
        ("Open one", "7000.00", "open", rep_id.as_str()),
    ] {
        let created = owner
            .post("/api/v1/deals", &json!({"name": name, "amount": amount, "currency": "USD", "status": status, "owner_id": owner_id, "account_id": account["id"]}))
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
    }
    let path = format!("/api/v1/kpis?scope=rep:{rep_id}&period={quarter}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let settled = |s: &Value| {
        s["source"] == "snapshot"
            && s["scorecard"]["won_count"] == 2
            && s["scorecard"]["lost_count"] == 1
            && s["scorecard"]["open_count"] == 1
    };
    let mut snapshot = body(owner.get(&path).await).await;
    while !settled(&snapshot) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        snapshot = body(owner.get(&path).await).await;
    }
    let arrived = settled(&snapshot);
    assert!(arrived, "the worker's snapshot did not arrive: {snapshot}");
    let computed = body(owner.get(&format!("{path}&fresh=true")).await).await;
    assert_eq!(computed["source"], "computed");
    assert_eq!(
        snapshot["scorecard"], computed["scorecard"],
        "snapshot and on-demand differ"
    );
    let card = &computed["scorecard"];
    assert_eq!(card["bookings"]["USD"], "10000.00");
    assert_eq!(card["average_deal_size"]["USD"], "5000.00");
    assert_eq!(card["win_rate"], "0.6667");
    assert_eq!(card["open_pipeline"]["USD"], "7000.00");
    assert_eq!(card["new_logos"], 1);

    // A logged call reaches the rep's snapshot too.
    let logged = owner
        .post("/api/v1/activities", &json!({"kind": "call", "occurred_at": Utc::now().to_rfc3339(), "person_id": rep_id, "subject": "Discovery"}))
        .await;
    assert_eq!(logged.status(), StatusCode::CREATED);
    let calls = |s: &Value| {
        s["scorecard"]["activities"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["kind"] == "call").cloned())
            .unwrap_or_default()["done"]
            .clone()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut counted = body(owner.get(&path).await).await;
    while calls(&counted) != json!(1) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        counted = body(owner.get(&path).await).await;
    }
    assert_eq!(counted["source"], "snapshot");
    assert_eq!(calls(&counted), json!(1), "{counted}");

    // An ad-hoc range is computed on demand.
    let today = Utc::now().date_naive();
    let adhoc = body(
        owner
            .get(&format!(
                "/api/v1/kpis?scope=company&from={}&to={today}",
                today - chrono::Days::new(6)
            ))
            .await,
    )
    .await;
    assert_eq!(adhoc["source"], "computed");
    assert_eq!(adhoc["scorecard"]["won_count"], 2);

    // Reps: their own and the company's, nobody else's.
    assert_eq!(rep.get(&path).await.status(), StatusCode::OK);
    assert_eq!(
        rep.get(&format!("/api/v1/kpis?scope=company&period={quarter}"))
            .await
            .status(),
        StatusCode::OK
    );
    let other = rep
        .get(&format!(
            "/api/v1/kpis?scope=rep:{}&period={quarter}",
            owner.user_id()
        ))
        .await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let bad = owner.get("/api/v1/kpis?scope=galaxy").await;
    assert_eq!(body(bad).await["error"]["field"], "scope");
    let bad_period = owner.get("/api/v1/kpis?period=2026-Q7").await;
    assert_eq!(body(bad_period).await["error"]["field"], "period");
    let foreign = owner
        .get(&format!("/api/v1/kpis?scope=team:{}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
}

#[derive(QueryableByName)]
struct Differences {
    #[diesel(sql_type = BigInt)]
    rows: i64,
}

/// Rows where `activity_days` and a fresh count of `activities` per person,
/// kind and UTC day disagree, either way.
const DIFFERENCES: &str = "SELECT count(*) AS rows FROM (
    (SELECT on_day, person_id, kind, count FROM activity_days
     EXCEPT SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, count(*) FROM activities GROUP BY 1, 2, 3)
    UNION ALL
    (SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, count(*) FROM activities GROUP BY 1, 2, 3
     EXCEPT SELECT on_day, person_id, kind, count FROM activity_days)) differing";

#[tokio::test]
async fn the_activity_counts_per_day_follow_inserts_upserts_moves_and_deletes() {
    let app = TestApp::spawn().await;
    let slug = unique_slug("days");
    let owner = app.signup(&slug).await;
    let rep = app.add_member(&owner, "rep@days.example", "rep").await;
    let other = app.add_member(&owner, "other@days.example", "rep").await;
    let (other_id, rep_id) = (other.user_id(), rep.user_id());
    let tenant = app
        .state
        .db
        .run(move |conn| tenants::find_by_slug(conn, &slug))
        .await
        .unwrap()
        .unwrap()
        .tenant_ref()
        .unwrap();
    let steps = app
        .state
        .db
        .in_tenant(tenant, move |t| -> Result<Vec<(i64, i64, i64)>, attain_db::DbError> {
            // Times every 37 minutes back from midnight UTC, so days split.
            let changes = [
                format!("INSERT INTO activities (id, kind, person_id, occurred_at)
                 SELECT gen_random_uuid(), (ARRAY['call','email','meeting','demo'])[1 + g % 4],
                        CASE WHEN g % 3 = 0 THEN '{other_id}'::uuid ELSE '{rep_id}'::uuid END,
                        date_trunc('day', now()) - g * interval '37 minutes'
                 FROM generate_series(1, 400) g"),
                "INSERT INTO activities (id, external_id, kind, person_id, occurred_at)
                 SELECT gen_random_uuid(), 'crm-' || g, 'email', person_id, occurred_at
                 FROM (SELECT person_id, occurred_at, row_number() OVER (ORDER BY occurred_at) AS g
                       FROM activities LIMIT 30) a".to_owned(),
                // An importer's second run: ten rows exist (moved), five are new.
                format!("INSERT INTO activities (id, external_id, kind, person_id, occurred_at)
                 SELECT gen_random_uuid(), 'crm-' || g, 'demo', '{other_id}'::uuid,
                        now() - interval '3 days' - g * interval '5 hours'
                 FROM generate_series(21, 35) g
                 ON CONFLICT (external_id) DO UPDATE
                 SET kind = excluded.kind, person_id = excluded.person_id, occurred_at = excluded.occurred_at"),
                "UPDATE activities SET kind = 'meeting', occurred_at = occurred_at + interval '11 hours'
                 WHERE kind = 'call' AND occurred_at > now() - interval '5 days'".to_owned(),
                "UPDATE activities SET subject = 'unchanged count' WHERE kind = 'demo'".to_owned(),
                "DELETE FROM activities WHERE kind = 'email' AND occurred_at < now() - interval '4 days'".to_owned(),
                "DELETE FROM activities WHERE occurred_at > now() - interval '1 day'".to_owned(),
            ];
            let mut seen = Vec::new();
            for change in changes {
                let changed = diesel::sql_query(change).execute(t.conn())?;
                let differing = diesel::sql_query(DIFFERENCES)
                    .get_result::<Differences>(t.conn())?
                    .rows;
                let counted = diesel::sql_query(
                    "SELECT coalesce(sum(count), 0)::bigint AS rows FROM activity_days",
                )
                .get_result::<Differences>(t.conn())?
                .rows;
                seen.push((changed as i64, differing, counted));
            }
            Ok(seen)
        })
        .await
        .unwrap();
    // Worked by hand: 400 inserted, 30 copied, 15 upserted (5 of them new).
    assert_eq!(steps[0], (400, 0, 400), "{steps:?}");
    assert_eq!(steps[1], (30, 0, 430), "{steps:?}");
    assert_eq!(steps[2], (15, 0, 435), "{steps:?}");
    for (step, (changed, differing, _)) in steps.iter().enumerate().skip(3) {
        assert!(*changed > 0, "step {step} changed nothing: {steps:?}");
        assert_eq!(*differing, 0, "step {step}: {steps:?}");
    }
    assert!(
        steps[5].2 < steps[4].2 && steps[6].2 < steps[5].2,
        "{steps:?}"
    );
}
