//! Goals and their cascade: coverage numbers of the tree, parents that must
//! share metric and currency, cover the period and sit at or above the
//! child, no cycles, one goal per scope, period and metric, version
//! conflicts; who may set which goal; another tenant sees none of it; and
//! the role matrix of these routes.

use crate::activities_tasks::{error_field, id_of, json_of, set_manager};
use attain_test_support::{unique_slug, Browser, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

async fn create(browser: &Browser, body: Value) -> Value {
    let response = browser.post("/api/v1/goals", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    json_of(response).await
}

async fn team(owner: &Browser, body: Value) -> String {
    let response = owner.post("/api/v1/teams", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    id_of(&json_of(response).await)
}

fn revenue(
    period: &str,
    scope_kind: &str,
    scope_id: Option<&str>,
    target: &str,
    parent: Option<&Value>,
) -> Value {
    json!({
        "period": period, "scope_kind": scope_kind, "scope_id": scope_id, "metric": "revenue",
        "target": target, "currency": "USD", "parent_id": parent.map(id_of),
    })
}

async fn tree(browser: &Browser, query: &str) -> Value {
    json_of(browser.get(&format!("/api/v1/goals/tree?{query}")).await).await
}

async fn total(browser: &Browser) -> i64 {
    json_of(browser.get("/api/v1/goals").await).await["total"]
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test]
async fn the_cascade_reports_coverage_and_refuses_inconsistent_parents() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("goals")).await;
    let rep = app.add_member(&owner, "rick@goals.example", "rep").await;
    let emea = team(&owner, json!({"name": "EMEA", "kind": "region"})).await;
    let amer = team(&owner, json!({"name": "AMER", "kind": "region"})).await;
    let north = team(&owner, json!({"name": "North", "parent_id": emea})).await;
    let south = team(&owner, json!({"name": "South", "parent_id": emea})).await;

    let company = create(&owner, revenue("2026-Q3", "company", None, "1000000", None)).await;
    assert_eq!(
        (company["period"].clone(), company["target"].clone()),
        (json!("2026-Q3"), json!("1000000.00"))
    );
    let region_emea = create(
        &owner,
        revenue("2026-Q3", "region", Some(&emea), "600000", Some(&company)),
    )
    .await;
    let region_amer = create(
        &owner,
        revenue(
            "2026-Q3",
            "region",
            Some(&amer),
            "300000.00",
            Some(&company),
        ),
    )
    .await;

    let forest = tree(&owner, "period=2026-Q3&metric=revenue").await;
    let root = &forest["roots"][0];
    assert_eq!(root["id"], company["id"], "{forest}");
    assert_eq!(root["children_total"], json!("900000.00"));
    assert_eq!(root["coverage"], json!("0.9000"));
    assert_eq!(root["gap"], json!("100000.00"));
    assert_eq!(root["status"], json!("short"));
    assert_eq!(root["children"].as_array().map(Vec::len), Some(2));
    assert_eq!(root["children"][0]["status"], json!("no_children"));

    // A team goal, then three monthly rep goals under it that add up across the months.
    let team_north = create(
        &owner,
        revenue(
            "2026-Q3",
            "team",
            Some(&north),
            "200000",
            Some(&region_emea),
        ),
    )
    .await;
    let rep_id = rep.user_id().to_string();
    for (month, target) in [
        ("2026-07", "50000"),
        ("2026-08", "50000"),
        ("2026-09", "100000"),
    ] {
        create(
            &owner,
            revenue(month, "rep", Some(&rep_id), target, Some(&team_north)),
        )
        .await;
    }
    let forest = tree(&owner, "period=2026-Q3&metric=revenue").await;
    let emea_node = &forest["roots"][0]["children"][0];
    assert_eq!(emea_node["id"], region_emea["id"], "{forest}");
    assert_eq!(
        (
            emea_node["children_total"].clone(),
            emea_node["status"].clone()
        ),
        (json!("200000.00"), json!("short"))
    );
    let north_node = &emea_node["children"][0];
    assert_eq!(north_node["coverage"], json!("1.0000"));
    assert_eq!(north_node["status"], json!("covered"));
    assert_eq!(north_node["children"].as_array().map(Vec::len), Some(3));
    let july = tree(&owner, "period=2026-07&metric=revenue").await;
    assert_eq!(
        july["roots"].as_array().map(Vec::len),
        Some(1),
        "a month's own tree: {july}"
    );

    // Bad input names the field and sets nothing.
    let count = total(&owner).await;
    let other_team = json!({"id": team_north["id"]});
    let mut eur = revenue("2026-07", "region", Some(&amer), "10", Some(&company));
    eur["currency"] = json!("EUR");
    let cases = [
        (revenue("2026-Q5", "company", None, "1", None), "period"),
        (
            json!({"period": "2026-Q4", "scope_kind": "company", "metric": "revenue", "target": "1"}),
            "currency",
        ),
        (
            json!({"period": "2026-Q4", "scope_kind": "company", "metric": "new_logos", "target": "1", "currency": "USD"}),
            "currency",
        ),
        (
            json!({"period": "2026-Q4", "scope_kind": "company", "metric": "profit", "target": "1"}),
            "metric",
        ),
        (
            json!({"period": "2026-Q4", "scope_kind": "company", "metric": "new_logos", "target": "1.5"}),
            "target",
        ),
        (revenue("2026-Q4", "company", None, "-5", None), "target"),
        (revenue("2026-Q4", "company", None, "lots", None), "target"),
        (
            revenue("2026-Q4", "company", Some(&emea), "1", None),
            "scope_id",
        ),
        (
            revenue("2026-Q4", "region", Some(&north), "1", None),
            "scope_id",
        ),
        (
            revenue("2026-Q4", "team", Some(&emea), "1", None),
            "scope_id",
        ),
        (revenue("2026-Q4", "team", None, "1", None), "scope_id"),
        (
            revenue(
                "2026-Q4",
                "rep",
                Some(&Uuid::new_v4().to_string()),
                "1",
                None,
            ),
            "scope_id",
        ),
        (revenue("2026-Q4", "planet", None, "1", None), "scope_kind"),
        (eur, "parent_id"),
        (
            revenue("2026-Q4", "region", Some(&amer), "1", Some(&company)),
            "parent_id",
        ),
        (
            revenue("2026", "region", Some(&amer), "1", Some(&company)),
            "parent_id",
        ),
        (
            revenue("2026-08", "region", Some(&amer), "1", Some(&other_team)),
            "parent_id",
        ),
        (
            revenue(
                "2026-08",
                "region",
                Some(&amer),
                "1",
                Some(&json!({"id": Uuid::new_v4()})),
            ),
            "parent_id",
        ),
    ];
    for (body, field) in cases {
        let refused = owner.post("/api/v1/goals", &body).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{body}"
        );
    }
    let logos_parent = json!({"period": "2026-07", "scope_kind": "team", "scope_id": south, "metric": "new_logos", "target": "3", "parent_id": company["id"]});
    let refused = owner.post("/api/v1/goals", &logos_parent).await;
    assert_eq!(
        error_field(refused).await.1,
        json!("parent_id"),
        "another metric"
    );
    let duplicate = owner
        .post(
            "/api/v1/goals",
            &revenue("2026-Q3", "region", Some(&emea), "1", None),
        )
        .await;
    assert_eq!(
        error_field(duplicate).await,
        (StatusCode::CONFLICT, json!("scope_id"))
    );
    assert_eq!(total(&owner).await, count);

    // PATCH: the target moves the coverage; stale versions and cycles are refused.
    let amer_path = format!("/api/v1/goals/{}", id_of(&region_amer));
    let raised = json_of(
        owner
            .patch(&amer_path, &json!({"version": 1, "target": "400000"}))
            .await,
    )
    .await;
    assert_eq!(raised["version"], json!(2));
    let root = tree(&owner, "period=2026-Q3&metric=revenue").await["roots"][0].clone();
    assert_eq!(
        (
            root["coverage"].clone(),
            root["gap"].clone(),
            root["status"].clone()
        ),
        (json!("1.0000"), json!("0.00"), json!("covered"))
    );
    let stale = owner
        .patch(&amer_path, &json!({"version": 1, "target": "1"}))
        .await;
    assert_eq!(
        error_field(stale).await,
        (StatusCode::CONFLICT, json!("version"))
    );
    let negative = owner
        .patch(&amer_path, &json!({"version": 2, "target": "-1"}))
        .await;
    assert_eq!(
        error_field(negative).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("target"))
    );
    let over = json_of(
        owner
            .patch(&amer_path, &json!({"version": 2, "target": "600000"}))
            .await,
    )
    .await;
    assert_eq!(over["version"], json!(3));
    let root = tree(&owner, "period=2026-Q3&metric=revenue").await["roots"][0].clone();
    assert_eq!(
        (root["status"].clone(), root["gap"].clone()),
        (json!("over"), json!("-200000.00"))
    );

    let team_south = create(
        &owner,
        revenue("2026-Q3", "team", Some(&south), "100000", Some(&team_north)),
    )
    .await;
    let north_path = format!("/api/v1/goals/{}", id_of(&team_north));
    let cycle = owner
        .patch(
            &north_path,
            &json!({"version": 1, "parent_id": team_south["id"]}),
        )
        .await;
    assert_eq!(
        error_field(cycle).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("parent_id"))
    );
    let upside_down = owner
        .patch(
            &format!("/api/v1/goals/{}", id_of(&company)),
            &json!({"version": 1, "parent_id": region_emea["id"]}),
        )
        .await;
    assert_eq!(error_field(upside_down).await.1, json!("parent_id"));
    let detached = json_of(
        owner
            .patch(&north_path, &json!({"version": 1, "parent_id": null}))
            .await,
    )
    .await;
    assert_eq!(
        (detached["parent_id"].clone(), detached["version"].clone()),
        (Value::Null, json!(2))
    );
    let q3 = tree(&owner, "period=2026-Q3&metric=revenue").await;
    assert_eq!(
        q3["roots"].as_array().map(Vec::len),
        Some(2),
        "a detached goal is a root of its own"
    );

    // Lists filter and validate.
    let regions = json_of(
        owner
            .get("/api/v1/goals?period=2026-Q3&scope_kind=region")
            .await,
    )
    .await;
    assert_eq!(regions["total"], json!(2));
    let logos = json_of(owner.get("/api/v1/goals?metric=new_logos").await).await;
    assert_eq!(logos["total"], json!(0));
    for (query, field) in [
        ("/api/v1/goals?sort=biggest", "sort"),
        ("/api/v1/goals?period=Q3", "period"),
        ("/api/v1/goals/tree?metric=revenue", "period"),
        ("/api/v1/goals/tree?period=2026-Q3", "metric"),
    ] {
        let refused = owner.get(query).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{query}"
        );
    }
    assert_eq!(
        json_of(rep.get(&north_path).await).await["target"],
        json!("200000.00"),
        "everyone in sales reads goals"
    );
}

#[tokio::test]
async fn managers_set_goals_only_for_their_own_teams_and_reports() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("mgoals")).await;
    let manager = app
        .add_member(&owner, "mona@mgoals.example", "manager")
        .await;
    let report = app.add_member(&owner, "rick@mgoals.example", "rep").await;
    let stranger = app.add_member(&owner, "olga@mgoals.example", "rep").await;
    set_manager(&app, &owner, report.user_id(), manager.user_id());
    let region = team(
        &owner,
        json!({"name": "EMEA", "kind": "region", "manager_user_id": manager.user_id()}),
    )
    .await;
    let mine = team(&owner, json!({"name": "North", "parent_id": region})).await;
    let theirs = team(&owner, json!({"name": "Elsewhere"})).await;
    let company = create(&owner, revenue("2026-Q3", "company", None, "1000000", None)).await;

    let team_goal = create(
        &manager,
        revenue("2026-Q3", "team", Some(&mine), "250000", Some(&company)),
    )
    .await;
    create(
        &manager,
        revenue(
            "2026-07",
            "rep",
            Some(&report.user_id().to_string()),
            "80000",
            Some(&team_goal),
        ),
    )
    .await;
    for body in [
        revenue("2026-Q3", "team", Some(&theirs), "1", None),
        revenue("2026-Q3", "region", Some(&region), "1", None),
        revenue("2026-Q4", "company", None, "1", None),
        revenue(
            "2026-Q3",
            "rep",
            Some(&stranger.user_id().to_string()),
            "1",
            None,
        ),
        revenue(
            "2026-Q3",
            "rep",
            Some(&manager.user_id().to_string()),
            "1",
            None,
        ),
    ] {
        assert_eq!(
            manager.post("/api/v1/goals", &body).await.status(),
            StatusCode::FORBIDDEN,
            "{body}"
        );
    }
    let company_path = format!("/api/v1/goals/{}", id_of(&company));
    assert_eq!(
        manager
            .patch(&company_path, &json!({"version": 1, "target": "1"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let team_path = format!("/api/v1/goals/{}", id_of(&team_goal));
    let raised = manager
        .patch(&team_path, &json!({"version": 1, "target": "300000"}))
        .await;
    assert_eq!(raised.status(), StatusCode::OK);
    assert_eq!(
        report
            .post(
                "/api/v1/goals",
                &revenue(
                    "2026-08",
                    "rep",
                    Some(&report.user_id().to_string()),
                    "1",
                    None
                )
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        report
            .patch(&team_path, &json!({"version": 2, "target": "1"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_tenant_cannot_reach_goals() {
    let app = TestApp::spawn().await;
    let a = app.signup(&unique_slug("alpha")).await;
    let b = app.signup(&unique_slug("bravo")).await;
    let goal = create(&a, revenue("2026-Q3", "company", None, "500000", None)).await;
    let path = format!("/api/v1/goals/{}", id_of(&goal));

    assert_eq!(b.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        b.patch(&path, &json!({"version": 1, "target": "1"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(total(&b).await, 0);
    assert_eq!(
        tree(&b, "period=2026-Q3&metric=revenue").await["roots"],
        json!([])
    );
    let under_foreign = b
        .post(
            "/api/v1/goals",
            &revenue("2026-07", "company", None, "1", Some(&goal)),
        )
        .await;
    assert_eq!(
        error_field(under_foreign).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("parent_id"))
    );
    assert_eq!(
        json_of(a.get(&path).await).await["target"],
        json!("500000.00"),
        "untouched"
    );
}

const ROLES: [&str; 6] = [
    "owner",
    "admin",
    "executive",
    "manager",
    "rep",
    "billing_admin",
];

#[tokio::test]
async fn goal_routes_allow_exactly_the_roles_they_should() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("gmatrix")).await;
    let mut browsers: Vec<(&str, Browser)> = Vec::new();
    for role in &ROLES[1..] {
        browsers.push((
            role,
            app.add_member(&owner, &format!("{role}@gmatrix.example"), role)
                .await,
        ));
    }
    let manager_id = browsers
        .iter()
        .find(|(r, _)| *r == "manager")
        .map(|(_, b)| b.user_id())
        .unwrap_or_default();
    let managed = team(
        &owner,
        json!({"name": "Managed", "manager_user_id": manager_id}),
    )
    .await;
    let company = create(&owner, revenue("2026", "company", None, "100", None)).await;
    let team_goal = create(&owner, revenue("2026", "team", Some(&managed), "100", None)).await;
    browsers.insert(0, ("owner", owner));

    let readers: &[&str] = &["owner", "admin", "executive", "manager", "rep"];
    let admins: &[&str] = &["owner", "admin"];
    let setters: &[&str] = &["owner", "admin", "manager"];
    let company_path = format!("/api/v1/goals/{}", id_of(&company));
    let team_path = format!("/api/v1/goals/{}", id_of(&team_goal));
    // (method, path, body kind, allowed)
    let routes: Vec<(Method, String, &str, &[&str])> = vec![
        (Method::GET, "/api/v1/goals".into(), "", readers),
        (
            Method::GET,
            "/api/v1/goals/tree?period=2026&metric=revenue".into(),
            "",
            readers,
        ),
        (Method::GET, company_path.clone(), "", readers),
        (Method::POST, "/api/v1/goals".into(), "company", admins),
        (Method::POST, "/api/v1/goals".into(), "team", setters),
        (Method::PATCH, company_path, "", admins),
        (Method::PATCH, team_path, "", setters),
    ];
    let anonymous = Browser::new(&app);
    let mut failures = Vec::new();
    for (method, path, kind, allowed) in &routes {
        for (index, (role, browser)) in browsers.iter().enumerate() {
            let body = body_for(method, path, kind, browser, index).await;
            let status = browser
                .send(method.clone(), path, body.as_ref())
                .await
                .status();
            let ok = if allowed.contains(role) {
                status.is_success()
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!("{method} {path} ({kind}) as {role}: {status}"));
            }
        }
        let body = body_for(method, path, kind, &anonymous, 0).await;
        if anonymous
            .send(method.clone(), path, body.as_ref())
            .await
            .status()
            != StatusCode::UNAUTHORIZED
        {
            failures.push(format!("{method} {path} anonymously"));
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix violations:\n{}",
        failures.join("\n")
    );
}

/// A valid body for the route (a month per role, so goals never collide).
async fn body_for(
    method: &Method,
    path: &str,
    kind: &str,
    browser: &Browser,
    index: usize,
) -> Option<Value> {
    let month = format!("2026-{:02}", index + 1);
    match (method.clone(), kind) {
        (Method::POST, "company") => Some(revenue(&month, "company", None, "10", None)),
        (Method::POST, "team") => {
            let teams = json_of(browser.get("/api/v1/teams").await).await;
            let managed = teams["items"]
                .as_array()
                .and_then(|items| items.iter().find(|t| t["name"] == "Managed"))
                .map(id_of)
                .unwrap_or_else(|| Uuid::new_v4().to_string());
            Some(revenue(&month, "team", Some(&managed), "10", None))
        }
        (Method::PATCH, _) => {
            let current = json_of(browser.get(path).await).await;
            Some(
                json!({"version": current["version"].as_i64().unwrap_or(1), "target": format!("{}", 20 + index)}),
            )
        }
        _ => None,
    }
}
