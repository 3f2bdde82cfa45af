//! Tenant isolation, attacked: tenant B's owner aims every tenant-scoped route
//! at tenant A's objects; forged tenant headers and fields; and a one-connection
//! pool that serves A, then an aborted transaction, then B.

use attain_db::{pool::build_pool, tenant::deals, TenantConn};
use attain_domain::{SchemaName, TenantRef};
use attain_test_support::{unique_slug, TestApp};
use diesel::{connection::SimpleConnection, Connection, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

#[tokio::test]
async fn tenant_b_cannot_reach_tenant_a_objects_through_any_route() {
    let app = TestApp::spawn().await;
    let a = app.signup(&unique_slug("alpha")).await;
    let b = app.signup(&unique_slug("bravo")).await;

    let a_deal = json_of(
        a.post(
            "/api/v1/deals",
            &json!({"name": "Alpha secret deal", "amount": "1000.00", "currency": "USD"}),
        )
        .await,
    )
    .await;
    let a_deal_id = a_deal["id"].as_str().unwrap_or_default().to_owned();
    let a_rep = app.add_member(&a, "rep@alpha.example", "rep").await;
    let a_token = json_of(
        a.post(
            "/api/v1/tokens",
            &json!({"name": "crm sync", "role": "admin"}),
        )
        .await,
    )
    .await;
    let a_token_id = a_token["id"].as_str().unwrap_or_default().to_owned();
    let a_secret = a_token["token"].as_str().unwrap_or_default().to_owned();
    let a_team = json_of(
        a.post("/api/v1/teams", &json!({"name": "Alpha EMEA"}))
            .await,
    )
    .await;
    let a_team_id = a_team["id"].as_str().unwrap_or_default().to_owned();
    let id_of = |v: &Value| v["id"].as_str().unwrap_or_default().to_owned();
    let a_person = id_of(
        &json_of(
            a.post(
                "/api/v1/people",
                &json!({"name": "Alpha Seller", "sales_role": "ae"}),
            )
            .await,
        )
        .await,
    );
    let a_product = id_of(
        &json_of(
            a.post(
                "/api/v1/products",
                &json!({"name": "Alpha Suite", "list_price": "10", "currency": "USD"}),
            )
            .await,
        )
        .await,
    );
    let a_account = id_of(
        &json_of(
            a.post("/api/v1/accounts", &json!({"name": "Alpha Customer"}))
                .await,
        )
        .await,
    );
    let a_stage = id_of(&json_of(a.get("/api/v1/stages").await).await[0]);
    let a_import = id_of(
        &json_of(
            a.request(
                reqwest::Method::POST,
                "/api/v1/imports?kind=deals&file_name=a.csv",
            )
            .body("Record ID,Deal Name,Deal Stage,Amount,Deal owner\n1,Secret,closedwon,5,Ann\n")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        )
        .await,
    );

    // Direct object references into A, with B's valid session.
    let attacks = [
        b.get(&format!("/api/v1/deals/{a_deal_id}")).await,
        b.patch(
            &format!("/api/v1/deals/{a_deal_id}"),
            &json!({"version": 1, "amount": "1.00"}),
        )
        .await,
        b.patch(
            &format!("/api/v1/users/{}", a_rep.user_id()),
            &json!({"role": "admin"}),
        )
        .await,
        b.patch(
            &format!("/api/v1/users/{}", a.user_id()),
            &json!({"active": false}),
        )
        .await,
        b.delete(&format!("/api/v1/tokens/{a_token_id}")).await,
        b.patch(
            &format!("/api/v1/teams/{a_team_id}"),
            &json!({"version": 1, "name": "Taken over"}),
        )
        .await,
        b.get(&format!("/api/v1/deals/{a_deal_id}/milestones"))
            .await,
        b.patch(
            &format!("/api/v1/people/{a_person}"),
            &json!({"version": 1, "name": "Taken"}),
        )
        .await,
        b.patch(
            &format!("/api/v1/products/{a_product}"),
            &json!({"version": 1, "list_price": "0"}),
        )
        .await,
        b.get(&format!("/api/v1/accounts/{a_account}")).await,
        b.patch(
            &format!("/api/v1/accounts/{a_account}"),
            &json!({"version": 1, "name": "Taken"}),
        )
        .await,
        b.patch(
            &format!("/api/v1/stages/{a_stage}"),
            &json!({"version": 1, "name": "Taken"}),
        )
        .await,
        b.get(&format!("/api/v1/imports/{a_import}")).await,
        b.get(&format!("/api/v1/imports/{a_import}/rejections.csv"))
            .await,
        b.post(
            &format!("/api/v1/imports/{a_import}/start"),
            &json!({"version": 1}),
        )
        .await,
        b.get(&format!("/api/v1/kpis?scope=team:{a_team_id}")).await,
        b.get(&format!("/api/v1/kpis?scope=rep:{a_person}")).await,
    ];
    for response in attacks {
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{:?}",
            response.url().path()
        );
    }

    // Lists show only B's own data.
    let b_deals = json_of(b.get("/api/v1/deals").await).await;
    assert_eq!(b_deals["total"], 0);
    let b_users = json_of(b.get("/api/v1/users").await).await;
    assert_eq!(b_users["total"], 1);
    let b_teams = json_of(b.get("/api/v1/teams").await).await;
    assert_eq!(b_teams["items"], json!([]));
    // A's team as B's parent is an unknown team, not a link across tenants.
    let cross_parent = b
        .post(
            "/api/v1/teams",
            &json!({"name": "Sneaky", "parent_id": a_team_id}),
        )
        .await;
    assert_eq!(cross_parent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A's person, account and product are unknown to B's deals.
    let cross_refs = b
        .post(
            "/api/v1/deals",
            &json!({"name": "Sneaky", "amount": "1", "currency": "USD", "owner_id": a_person}),
        )
        .await;
    assert_eq!(json_of(cross_refs).await["error"]["field"], "owner_id");
    let cross_account = b
        .post(
            "/api/v1/deals",
            &json!({"name": "Sneaky", "amount": "1", "currency": "USD", "account_id": a_account}),
        )
        .await;
    assert_eq!(json_of(cross_account).await["error"]["field"], "account_id");
    for list in ["/api/v1/people", "/api/v1/accounts", "/api/v1/imports"] {
        let listed = json_of(b.get(list).await).await;
        let names: Vec<&str> = listed["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["name"].as_str().or(i["file_name"].as_str()))
            .collect();
        assert!(
            !names.iter().any(|n| n.contains("Alpha") || *n == "a.csv"),
            "{list}: {names:?}"
        );
    }
    assert_eq!(json_of(b.get("/api/v1/products").await).await, json!([]));
    let b_tokens = json_of(b.get("/api/v1/tokens").await).await;
    assert_eq!(b_tokens["total"], 0);
    let b_audit = json_of(b.get("/api/v1/audit?per_page=200").await).await;
    assert!(b_audit["items"]
        .as_array()
        .is_some_and(|items| items.iter().all(|e| e["action"] != "deal.created")));

    // Forged tenant: a header is ignored, a body field is refused.
    let forged_header = b
        .request(reqwest::Method::POST, "/api/v1/deals")
        .header("X-Tenant-Id", a.tenant_id().to_string())
        .json(&json!({"name": "B deal", "amount": 5, "currency": "USD"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(forged_header.status(), StatusCode::CREATED);
    let forged_body = b
        .post(
            "/api/v1/deals",
            &json!({"name": "B deal", "amount": 5, "currency": "USD", "tenant_id": a.tenant_id()}),
        )
        .await;
    assert_eq!(forged_body.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(b.get("/api/v1/deals").await).await["total"], 1);

    // Nothing of A changed.
    let still = json_of(a.get(&format!("/api/v1/deals/{a_deal_id}")).await).await;
    assert_eq!(still["amount"], "1000.00");
    assert_eq!(still["version"], 1);
    assert_eq!(json_of(a.get("/api/v1/deals").await).await["total"], 1);
    let a_teams = json_of(a.get("/api/v1/teams").await).await;
    assert_eq!(a_teams["items"][0]["name"], "Alpha EMEA");
    let a_users = json_of(a.get("/api/v1/users").await).await;
    assert!(a_users["items"]
        .as_array()
        .is_some_and(|u| u.iter().all(|m| m["active"] == true)));
    let with_token = reqwest::Client::new()
        .get(app.url("/api/v1/deals"))
        .bearer_auth(&a_secret)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with_token.status(), StatusCode::OK);
    assert_eq!(json_of(with_token).await["total"], 1);

    // A's KPI snapshot never shows up under B.
    assert!(
        app.eventually(Duration::from_secs(10), || async {
            json_of(a.get("/api/v1/kpis/snapshot").await).await["figures"]["deal_count"] == 1
        })
        .await
    );
    assert!(
        app.eventually(Duration::from_secs(10), || async {
            json_of(b.get("/api/v1/kpis/snapshot").await).await["figures"]["deal_count"] == 1
        })
        .await
    );
    let b_kpis = json_of(b.get("/api/v1/kpis/snapshot").await).await;
    assert_eq!(b_kpis["figures"]["won_amount"], json!({}));
    assert_eq!(b_kpis["figures"]["open_pipeline"], json!({"USD": "5.00"}));
}

#[tokio::test]
async fn one_pooled_connection_never_carries_a_tenant_schema_to_the_next_borrower() {
    let app = TestApp::spawn_with(attain_test_support::Options {
        relay: false,
        worker: false,
        ..Default::default()
    })
    .await;
    let a = app.signup(&unique_slug("pool-a")).await;
    let b = app.signup(&unique_slug("pool-b")).await;
    a.post(
        "/api/v1/deals",
        &json!({"name": "A only", "amount": "10", "currency": "USD"}),
    )
    .await;
    let refs = {
        let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
        attain_db::control::tenants::all_refs(&mut conn).unwrap_or_default()
    };
    let tenant = |id| -> TenantRef {
        refs.iter()
            .find(|r| r.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("no tenant {id}"))
    };
    let (tenant_a, tenant_b) = (tenant(a.tenant_id()), tenant(b.tenant_id()));

    let pool = build_pool(&app.database.url, 1).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
    let seen_by_a = TenantConn::transaction(&mut conn, &tenant_a, |t| {
        deals::list(t, &Default::default(), 10, 0)
    })
    .unwrap_or_else(|e: attain_db::DbError| panic!("{e}"));
    assert_eq!(seen_by_a.1, 1);
    // An aborted transaction inside A's schema.
    let aborted: Result<(), attain_db::DbError> =
        TenantConn::transaction(&mut conn, &tenant_a, |t| {
            t.conn().batch_execute("SELECT * FROM deals; SELECT 1/0")?;
            Ok(())
        });
    assert!(aborted.is_err());
    drop(conn);

    let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
    let seen_by_b = TenantConn::transaction(&mut conn, &tenant_b, |t| {
        deals::list(t, &Default::default(), 10, 0)
    })
    .unwrap_or_else(|e: attain_db::DbError| panic!("{e}"));
    assert_eq!(seen_by_b.1, 0, "B must not see A's deals");
    // Outside any guard, tenant tables do not resolve at all: fails closed.
    let unguarded = diesel::sql_query("SELECT id FROM deals").execute(&mut *conn);
    assert!(
        unguarded.is_err(),
        "a query outside a tenant guard must fail"
    );
    let in_transaction: Result<usize, diesel::result::Error> =
        conn.transaction(|c| diesel::sql_query("SELECT id FROM deals").execute(c));
    assert!(in_transaction.is_err());

    // The guard refuses a forged schema name before it reaches SQL.
    assert!(SchemaName::parse("public; DROP SCHEMA control").is_err());
}
