//! Activities and tasks: logging and listing activities, weekly targets and
//! the summary against them; tasks with items, history, overdue and
//! reminders, version conflicts; who sees whose records (rep: their own;
//! manager: their reports' too); another tenant sees nothing; and the role
//! matrix of these routes.

use attain_test_support::{unique_slug, Browser, TestApp};
use chrono::{Datelike, Days, Duration, SecondsFormat, Utc, Weekday};
use diesel::{connection::SimpleConnection, RunQueryDsl};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

pub async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

pub fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

pub async fn error_field(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, json_of(response).await["error"]["field"].clone())
}

/// Runs `statement` in `tenant`'s schema (for what no endpoint does yet,
/// such as giving people a manager).
pub fn tenant_sql(app: &TestApp, tenant: Uuid, statement: &str) {
    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    let schema: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(&format!(
        "(SELECT schema_name FROM control.tenants WHERE id = '{tenant}')"
    )))
    .get_result(&mut conn)
    .unwrap_or_else(|e| panic!("{e}"));
    conn.batch_execute(&format!("SET search_path TO {schema}; {statement}"))
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

/// Makes `manager` the manager of `report` in the people table.
pub fn set_manager(app: &TestApp, owner: &Browser, report: Uuid, manager: Uuid) {
    tenant_sql(
        app,
        owner.tenant_id(),
        &format!("UPDATE people SET manager_id = '{manager}' WHERE id = '{report}'"),
    );
}

fn now_rfc3339(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn total(browser: &Browser, path: &str) -> i64 {
    json_of(browser.get(path).await).await["total"]
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test]
async fn activities_are_logged_listed_and_measured_against_weekly_targets() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("acts")).await;
    let manager = app.add_member(&owner, "mona@acts.example", "manager").await;
    let rep = app.add_member(&owner, "rick@acts.example", "rep").await;
    let other = app.add_member(&owner, "olga@acts.example", "rep").await;
    set_manager(&app, &owner, rep.user_id(), manager.user_id());

    // Weekly targets: replaced as a whole; duplicates and out-of-range counts change nothing.
    let targets = json!({"targets": [
        {"sales_role": "ae", "kind": "call", "per_week": 10},
        {"sales_role": "ae", "kind": "meeting", "per_week": 4},
    ]});
    let put = owner
        .send(Method::PUT, "/api/v1/activity-targets", Some(&targets))
        .await;
    assert_eq!(put.status(), StatusCode::OK);
    for bad in [
        json!({"targets": [{"sales_role": "ae", "kind": "call", "per_week": 1}, {"sales_role": "ae", "kind": "call", "per_week": 2}]}),
        json!({"targets": [{"sales_role": "ae", "kind": "call", "per_week": 1001}]}),
        json!({"targets": [{"sales_role": "closer", "kind": "call", "per_week": 1}]}),
    ] {
        let refused = owner
            .send(Method::PUT, "/api/v1/activity-targets", Some(&bad))
            .await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!("targets"))
        );
    }
    let kept = json_of(rep.get("/api/v1/activity-targets").await).await;
    assert_eq!(kept["targets"].as_array().map(Vec::len), Some(2), "{kept}");
    let by_rep = rep
        .send(Method::PUT, "/api/v1/activity-targets", Some(&targets))
        .await;
    assert_eq!(by_rep.status(), StatusCode::FORBIDDEN);

    // Logging: for oneself; for a report (manager); not for someone else's rep.
    let occurred = Utc::now() - Duration::minutes(1);
    let occurred_at = occurred.to_rfc3339_opts(SecondsFormat::Secs, true);
    let deal = json_of(
        rep.post(
            "/api/v1/deals",
            &json!({"name": "Acme pilot", "amount": "5000", "currency": "USD"}),
        )
        .await,
    )
    .await;
    let call = rep
        .post(
            "/api/v1/activities",
            &json!({"kind": "call", "occurred_at": occurred_at, "subject": "Discovery", "deal_id": id_of(&deal)}),
        )
        .await;
    assert_eq!(call.status(), StatusCode::CREATED);
    let call = json_of(call).await;
    assert_eq!(call["person_id"], json!(rep.user_id()));
    assert_eq!(call["deal_id"], deal["id"]);
    let logged_for_rep = manager
        .post(
            "/api/v1/activities",
            &json!({"kind": "call", "occurred_at": occurred_at, "person_id": rep.user_id()}),
        )
        .await;
    assert_eq!(logged_for_rep.status(), StatusCode::CREATED);
    let not_a_report = manager
        .post(
            "/api/v1/activities",
            &json!({"kind": "call", "occurred_at": occurred_at, "person_id": other.user_id()}),
        )
        .await;
    assert_eq!(
        error_field(not_a_report).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("person_id"))
    );
    let rep_for_other = rep
        .post(
            "/api/v1/activities",
            &json!({"kind": "call", "occurred_at": occurred_at, "person_id": other.user_id()}),
        )
        .await;
    assert_eq!(rep_for_other.status(), StatusCode::FORBIDDEN);
    let others_meeting = other
        .post(
            "/api/v1/activities",
            &json!({"kind": "meeting", "occurred_at": occurred_at}),
        )
        .await;
    assert_eq!(others_meeting.status(), StatusCode::CREATED);

    // Bad input names the field and logs nothing.
    let before = total(&owner, "/api/v1/activities").await;
    assert_eq!(before, 3);
    for (body, field) in [
        (json!({"kind": "fax", "occurred_at": occurred_at}), "kind"),
        (
            json!({"kind": "call", "occurred_at": "yesterday"}),
            "occurred_at",
        ),
        (
            json!({"kind": "call", "occurred_at": now_rfc3339(Duration::days(3))}),
            "occurred_at",
        ),
        (
            json!({"kind": "call", "occurred_at": occurred_at, "deal_id": Uuid::new_v4()}),
            "deal_id",
        ),
        (
            json!({"kind": "call", "occurred_at": occurred_at, "account_id": Uuid::new_v4()}),
            "account_id",
        ),
        (
            json!({"kind": "call", "occurred_at": occurred_at, "subject": "x".repeat(301)}),
            "subject",
        ),
    ] {
        let refused = rep.post("/api/v1/activities", &body).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{body}"
        );
    }
    assert_eq!(total(&owner, "/api/v1/activities").await, before);

    // Who sees what.
    assert_eq!(
        total(&rep, "/api/v1/activities").await,
        2,
        "a rep sees only their own"
    );
    assert_eq!(
        total(
            &rep,
            &format!("/api/v1/activities?person_id={}", other.user_id())
        )
        .await,
        0
    );
    assert_eq!(
        total(&manager, "/api/v1/activities").await,
        2,
        "a manager sees their reports'"
    );
    assert_eq!(total(&manager, "/api/v1/activities?scope=mine").await, 0);
    assert_eq!(total(&manager, "/api/v1/activities?scope=team").await, 2);
    assert_eq!(total(&owner, "/api/v1/activities?scope=all").await, 3);
    assert_eq!(total(&owner, "/api/v1/activities?kind=meeting").await, 1);
    assert_eq!(
        total(
            &owner,
            &format!("/api/v1/activities?deal_id={}", id_of(&deal))
        )
        .await,
        1
    );
    let today = occurred.date_naive();
    let window = format!("/api/v1/activities?from={today}&to={today}&sort=oldest&per_page=1");
    let page = json_of(owner.get(&window).await).await;
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().map(Vec::len)
        ),
        (Some(3), Some(1))
    );
    assert_eq!(
        total(
            &owner,
            &format!("/api/v1/activities?to={}", today - Days::new(1))
        )
        .await,
        0
    );
    for (query, field) in [
        ("sort=loudest", "sort"),
        ("scope=everyone", "scope"),
        ("kind=fax", "kind"),
        ("from=soon", "from"),
    ] {
        let refused = owner.get(&format!("/api/v1/activities?{query}")).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{query}"
        );
    }

    // The week's summary against the rep's role targets.
    let monday = today.week(Weekday::Mon).first_day();
    let summary = json_of(
        rep.get(&format!("/api/v1/activities/summary?week={monday}"))
            .await,
    )
    .await;
    let calls = summary["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["kind"] == "call"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (calls["done"].as_i64(), calls["target"].as_i64()),
        (Some(2), Some(10)),
        "{summary}"
    );
    assert_eq!(calls["percent"], json!("20.0"));
    let demos = summary["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["kind"] == "demo"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (demos["target"].as_i64(), demos["percent"].clone()),
        (Some(0), Value::Null)
    );
    let for_report = manager
        .get(&format!(
            "/api/v1/activities/summary?week={monday}&person_id={}",
            rep.user_id()
        ))
        .await;
    assert_eq!(for_report.status(), StatusCode::OK);
    let tuesday = monday + Days::new(1);
    let not_monday = rep
        .get(&format!("/api/v1/activities/summary?week={tuesday}"))
        .await;
    assert_eq!(
        error_field(not_monday).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("week"))
    );
    let of_other = rep
        .get(&format!(
            "/api/v1/activities/summary?person_id={}",
            other.user_id()
        ))
        .await;
    assert_eq!(of_other.status(), StatusCode::NOT_FOUND);
    assert_eq!(monday.weekday(), Weekday::Mon);
}

#[tokio::test]
async fn tasks_keep_items_history_and_overdue_state_and_refuse_stale_versions() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("tasks")).await;
    let manager = app
        .add_member(&owner, "mona@tasks.example", "manager")
        .await;
    let rep = app.add_member(&owner, "rick@tasks.example", "rep").await;
    let other = app.add_member(&owner, "olga@tasks.example", "rep").await;
    let executive = app
        .add_member(&owner, "eve@tasks.example", "executive")
        .await;
    set_manager(&app, &owner, rep.user_id(), manager.user_id());
    let yesterday = Utc::now().date_naive() - Days::new(1);

    let created = rep
        .post(
            "/api/v1/tasks",
            &json!({
                "title": "Send the proposal",
                "due_date": yesterday,
                "resources": "Pricing sheet",
                "expected_result": "Signed order form",
                "items": ["Draft", "Review with legal"],
            }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let task = json_of(created).await;
    let task_id = id_of(&task);
    let path = format!("/api/v1/tasks/{task_id}");
    assert_eq!(task["owner_id"], json!(rep.user_id()));
    assert_eq!(
        (task["overdue"].clone(), task["items_total"].clone()),
        (json!(true), json!(2))
    );
    assert_eq!(task["history"].as_array().map(Vec::len), Some(1));
    let items = task["items"].as_array().cloned().unwrap_or_default();
    let (draft, review) = (id_of(&items[0]), id_of(&items[1]));

    // Bad input names the field and creates nothing.
    let count = total(&owner, "/api/v1/tasks").await;
    for (body, field) in [
        (json!({"title": " ", "due_date": yesterday}), "title"),
        (json!({"title": "A", "due_date": "someday"}), "due_date"),
        (
            json!({"title": "A", "due_date": yesterday, "items": vec!["x"; 51]}),
            "items",
        ),
        (
            json!({"title": "A", "due_date": yesterday, "items": [""]}),
            "items",
        ),
        (
            json!({"title": "A", "due_date": yesterday, "deal_id": Uuid::new_v4()}),
            "deal_id",
        ),
    ] {
        let refused = rep.post("/api/v1/tasks", &body).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{body}"
        );
    }
    let for_other = rep
        .post(
            "/api/v1/tasks",
            &json!({"title": "A", "due_date": yesterday, "owner_id": other.user_id()}),
        )
        .await;
    assert_eq!(for_other.status(), StatusCode::FORBIDDEN);
    assert_eq!(total(&owner, "/api/v1/tasks").await, count);

    // Overdue and in the reminder bell while open.
    let overdue = json_of(rep.get("/api/v1/tasks?overdue=true").await).await;
    assert_eq!(overdue["items"][0]["id"], json!(task_id));
    assert_eq!(
        (
            overdue["items"][0]["items_done"].clone(),
            overdue["items"][0]["items_total"].clone()
        ),
        (json!(0), json!(2))
    );
    let bell = json_of(rep.get("/api/v1/tasks/reminders").await).await;
    assert_eq!(
        (
            bell["items"][0]["id"].clone(),
            bell["items"][0]["reason"].clone()
        ),
        (json!(task_id), json!("overdue"))
    );

    // Ticking an item: a new version and a history event.
    let ticked = rep
        .patch(
            &path,
            &json!({"version": 1, "items": [{"id": draft, "text": "Draft", "done": true}, {"id": review, "text": "Review with legal", "done": false}]}),
        )
        .await;
    assert_eq!(ticked.status(), StatusCode::OK);
    let ticked = json_of(ticked).await;
    assert_eq!(
        (ticked["version"].clone(), ticked["items_done"].clone()),
        (json!(2), json!(1))
    );
    let history = ticked["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["action"], "item_done", "newest last");

    // A stale version and bad input change nothing.
    let stale = rep
        .patch(&path, &json!({"version": 1, "title": "Stale"}))
        .await;
    assert_eq!(
        error_field(stale).await,
        (StatusCode::CONFLICT, json!("version"))
    );
    for (body, field) in [
        (json!({"version": 2, "status": "archived"}), "status"),
        (
            json!({"version": 2, "items": [{"id": Uuid::new_v4(), "text": "Ghost", "done": false}]}),
            "items",
        ),
        (json!({"version": 2, "title": ""}), "title"),
        (
            json!({"version": 2, "owner_id": other.user_id()}),
            "owner_id",
        ),
    ] {
        let refused = manager.patch(&path, &body).await;
        assert_eq!(error_field(refused).await.1, json!(field), "{body}");
    }
    let unchanged = json_of(rep.get(&path).await).await;
    assert_eq!(
        (unchanged["version"].clone(), unchanged["title"].clone()),
        (json!(2), json!("Send the proposal"))
    );

    // Completing: completed_at set, no longer overdue, out of the bell.
    let done = json_of(
        rep.patch(
            &path,
            &json!({"version": 2, "status": "done", "measured_result": "Signed on the call"}),
        )
        .await,
    )
    .await;
    assert_eq!(done["status"], "done");
    assert!(done["completed_at"].is_string(), "{done}");
    assert_eq!(done["overdue"], json!(false));
    assert_eq!(done["history"].as_array().map(Vec::len), Some(4));
    assert_eq!(total(&rep, "/api/v1/tasks?overdue=true").await, 0);
    assert_eq!(total(&rep, "/api/v1/tasks?status=done").await, 1);
    assert_eq!(
        json_of(rep.get("/api/v1/tasks/reminders").await).await["items"],
        json!([])
    );

    // Reopening clears completed_at; the manager may change a report's task.
    let reopened = json_of(
        manager
            .patch(
                &path,
                &json!({"version": 3, "status": "open", "title": "Resend the proposal"}),
            )
            .await,
    )
    .await;
    assert_eq!(reopened["completed_at"], Value::Null);
    assert_eq!(reopened["version"], json!(4));
    let actions: Vec<String> = reopened["history"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .map(|e| e["action"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(actions.len(), 6, "{actions:?}");
    assert!(
        actions.contains(&"completed".to_owned())
            && actions.contains(&"reopened".to_owned())
            && actions.contains(&"title_changed".to_owned())
    );
    let nothing = json_of(
        rep.patch(
            &path,
            &json!({"version": 4, "title": "Resend the proposal"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        nothing["version"],
        json!(4),
        "a PATCH that changes nothing keeps the version"
    );

    // Who sees what.
    assert_eq!(
        total(&manager, "/api/v1/tasks").await,
        1,
        "a manager sees their reports' tasks"
    );
    assert_eq!(total(&manager, "/api/v1/tasks?scope=mine").await, 0);
    assert_eq!(other.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        other
            .patch(&path, &json!({"version": 4, "title": "Mine now"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(total(&other, "/api/v1/tasks").await, 0);
    assert_eq!(executive.get(&path).await.status(), StatusCode::OK);
    assert_eq!(
        executive
            .patch(&path, &json!({"version": 4, "title": "Exec"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let for_report = manager
        .post("/api/v1/tasks", &json!({"title": "Prepare QBR", "due_date": Utc::now().date_naive(), "owner_id": rep.user_id()}))
        .await;
    assert_eq!(for_report.status(), StatusCode::CREATED);
    let for_stranger = manager
        .post(
            "/api/v1/tasks",
            &json!({"title": "Prepare QBR", "due_date": yesterday, "owner_id": other.user_id()}),
        )
        .await;
    assert_eq!(
        error_field(for_stranger).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("owner_id"))
    );
    let bell = json_of(rep.get("/api/v1/tasks/reminders").await).await;
    let reasons: Vec<Value> = bell["items"]
        .as_array()
        .map(|items| items.iter().map(|i| i["reason"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        reasons,
        [json!("overdue"), json!("due_today")],
        "overdue first"
    );
    let sorted = json_of(rep.get("/api/v1/tasks?sort=newest").await).await;
    assert_eq!(sorted["items"][0]["title"], json!("Prepare QBR"));
    for (query, field) in [
        ("sort=loudest", "sort"),
        ("overdue=maybe", "overdue"),
        ("due_before=soon", "due_before"),
        ("status=later", "status"),
    ] {
        let refused = rep.get(&format!("/api/v1/tasks?{query}")).await;
        assert_eq!(
            error_field(refused).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{query}"
        );
    }
    assert_eq!(
        total(&rep, &format!("/api/v1/tasks?due_before={yesterday}")).await,
        0
    );
}

#[tokio::test]
async fn another_tenant_cannot_reach_tasks_or_activities() {
    let app = TestApp::spawn().await;
    let a = app.signup(&unique_slug("alpha")).await;
    let b = app.signup(&unique_slug("bravo")).await;
    let task = json_of(
        a.post(
            "/api/v1/tasks",
            &json!({"title": "Alpha secret", "due_date": Utc::now().date_naive()}),
        )
        .await,
    )
    .await;
    let path = format!("/api/v1/tasks/{}", id_of(&task));
    let logged = a
        .post(
            "/api/v1/activities",
            &json!({"kind": "demo", "occurred_at": now_rfc3339(Duration::zero())}),
        )
        .await;
    assert_eq!(logged.status(), StatusCode::CREATED);

    assert_eq!(b.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        b.patch(&path, &json!({"version": 1, "title": "Bravo's now"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(total(&b, "/api/v1/tasks").await, 0);
    assert_eq!(total(&b, "/api/v1/activities").await, 0);
    assert_eq!(
        json_of(b.get("/api/v1/tasks/reminders").await).await["items"],
        json!([])
    );
    let summary = json_of(
        b.get(&format!(
            "/api/v1/activities/summary?person_id={}",
            a.user_id()
        ))
        .await,
    )
    .await;
    assert_eq!(summary["error"]["code"], "not_found");
    assert_eq!(
        json_of(a.get(&path).await).await["title"],
        "Alpha secret",
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
async fn activity_and_task_routes_allow_exactly_the_roles_they_should() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("atmatrix")).await;
    let mut browsers: Vec<(&str, Browser)> = Vec::new();
    for role in &ROLES[1..] {
        browsers.push((
            role,
            app.add_member(&owner, &format!("{role}@atmatrix.example"), role)
                .await,
        ));
    }
    let user = |role: &str| {
        browsers
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, b)| b.user_id())
            .unwrap_or_default()
    };
    set_manager(&app, &owner, user("rep"), user("manager"));
    let task = {
        let rep = browsers
            .iter()
            .find(|(r, _)| *r == "rep")
            .map(|(_, b)| b)
            .unwrap_or_else(|| panic!("no rep"));
        json_of(
            rep.post(
                "/api/v1/tasks",
                &json!({"title": "Matrix task", "due_date": "2026-01-01"}),
            )
            .await,
        )
        .await
    };
    let task_path = format!("/api/v1/tasks/{}", id_of(&task));
    browsers.insert(0, ("owner", owner));

    let readers: &[&str] = &["owner", "admin", "executive", "manager", "rep"];
    let sellers: &[&str] = &["owner", "admin", "manager", "rep"];
    let admins: &[&str] = &["owner", "admin"];
    let routes: Vec<(Method, String, &[&str])> = vec![
        (Method::GET, "/api/v1/activities".into(), readers),
        (Method::POST, "/api/v1/activities".into(), sellers),
        (Method::GET, "/api/v1/activities/summary".into(), readers),
        (Method::GET, "/api/v1/activity-targets".into(), readers),
        (Method::PUT, "/api/v1/activity-targets".into(), admins),
        (Method::GET, "/api/v1/tasks".into(), readers),
        (Method::POST, "/api/v1/tasks".into(), sellers),
        (Method::GET, "/api/v1/tasks/reminders".into(), readers),
        (Method::GET, task_path.clone(), readers),
        (Method::PATCH, task_path.clone(), sellers),
    ];
    let anonymous = Browser::new(&app);
    let mut failures = Vec::new();
    for (method, path, allowed) in &routes {
        for (role, browser) in &browsers {
            let body = body_for(method, path, browser, role).await;
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
                failures.push(format!("{method} {path} as {role}: {status}"));
            }
        }
        let body = body_for(method, path, &anonymous, "anonymous").await;
        let status = anonymous
            .send(method.clone(), path, body.as_ref())
            .await
            .status();
        if status != StatusCode::UNAUTHORIZED {
            failures.push(format!("{method} {path} anonymously: {status}"));
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix violations:\n{}",
        failures.join("\n")
    );
}

/// A valid body for the route, so only the role decides the outcome.
async fn body_for(method: &Method, path: &str, browser: &Browser, role: &str) -> Option<Value> {
    match (method.clone(), path) {
        (Method::POST, "/api/v1/activities") => Some(
            json!({"kind": "call", "occurred_at": now_rfc3339(Duration::zero()), "subject": role}),
        ),
        (Method::PUT, "/api/v1/activity-targets") => {
            Some(json!({"targets": [{"sales_role": "ae", "kind": "call", "per_week": 5}]}))
        }
        (Method::POST, "/api/v1/tasks") => {
            Some(json!({"title": format!("{role} task"), "due_date": "2026-02-01"}))
        }
        (Method::PATCH, p) => {
            let current = json_of(browser.get(p).await).await;
            Some(
                json!({"version": current["version"].as_i64().unwrap_or(1), "title": format!("renamed by {role}")}),
            )
        }
        _ => None,
    }
}
