//! Compensation set-up through the API: plans with tiers and accelerators,
//! draft and published versions, assignments, quotas, exchange rates and
//! the period length. Every change is audited with before and after, and
//! every change that moves statements leaves one `comp.recalculate` event in
//! the outbox. Refusals name the field (a JSON path into the rules for a
//! plan, with every problem listed) and change nothing; another company's
//! people and plans are out of reach.

use crate::activities_tasks::{error_field, id_of, json_of};
use attain_test_support::{unique_slug, Browser, TestApp};
use diesel::{dsl::sql, sql_types::BigInt, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

/// Rules paying 10% up to quota and 15% above it (the accelerator), nothing
/// below 25% attainment.
fn rules() -> Value {
    json!({
        "currency": "USD",
        "measure": "bookings",
        "rate_table": {
            "method": "marginal",
            "tiers": [
                { "from_pct": "0", "to_pct": "100", "rate": "0.10" },
                { "from_pct": "100", "rate": "0.15" },
            ],
        },
        "threshold_pct": "25",
        "bonuses": [{ "at_pct": "120", "amount": "2000" }],
    })
}

fn plan(name: &str, rules: Value) -> Value {
    json!({ "name": name, "description": "Account executives", "effective_from": "2026-11-01", "rules": rules })
}

/// `comp.recalculate` events `browser`'s company has put in the outbox.
fn recalculations(app: &TestApp, browser: &Browser) -> Vec<Value> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        payload: Value,
    }
    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT payload FROM control.outbox WHERE tenant_id = '{}' AND routing_key = 'comp.recalculate' ORDER BY id",
        browser.tenant_id()
    ))
    .load(&mut conn)
    .unwrap_or_else(|e| panic!("{e}"));
    rows.into_iter()
        .map(|r| r.payload["payload"].clone())
        .collect()
}

fn audit_rows(app: &TestApp, browser: &Browser) -> i64 {
    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    diesel::select(sql::<BigInt>(&format!(
        "(SELECT count(*) FROM control.audit_log WHERE tenant_id = '{}')",
        browser.tenant_id()
    )))
    .get_result(&mut conn)
    .unwrap_or(-1)
}

async fn created(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body = json_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "{what}: {body}");
    body
}

async fn ok(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{what}: {body}");
    body
}

async fn assign(browser: &Browser, body: Value) -> reqwest::Response {
    browser.post("/api/v1/comp/assignments", &body).await
}

async fn put(browser: &Browser, path: &str, body: &Value) -> reqwest::Response {
    browser.send(reqwest::Method::PUT, path, Some(body)).await
}

/// Status, `error.code`, `error.field` and `error.errors` of a refusal.
async fn refusal(response: reqwest::Response) -> (StatusCode, Value, Value, Value) {
    let status = response.status();
    let body = json_of(response).await;
    let error = &body["error"];
    (
        status,
        error["code"].clone(),
        error["field"].clone(),
        error["errors"].clone(),
    )
}

/// Everything a company's compensation set-up shows, to compare before and
/// after a refusal.
async fn snapshot(browser: &Browser) -> Value {
    let mut plans = Vec::new();
    for summary in json_of(browser.get("/api/v1/comp/plans").await).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        plans.push(
            json_of(
                browser
                    .get(&format!("/api/v1/comp/plans/{}", id_of(&summary)))
                    .await,
            )
            .await,
        );
    }
    json!({
        "plans": plans,
        "assignments": json_of(browser.get("/api/v1/comp/assignments").await).await,
        "quotas": json_of(browser.get("/api/v1/comp/quotas?period=2026-11").await).await,
        "rates": json_of(browser.get("/api/v1/comp/rates").await).await,
    })
}

#[tokio::test]
async fn an_admin_sets_up_publishes_assigns_and_sets_quotas() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("comp")).await;
    let admin = app.add_member(&owner, "ada@comp.example", "admin").await;
    let rep = app.add_member(&owner, "rick@comp.example", "rep").await;
    let rep_id = rep.user_id().to_string();

    let created_plan = created(
        admin
            .post("/api/v1/comp/plans", &plan("AE plan", rules()))
            .await,
        "create",
    )
    .await;
    let plan_id = id_of(&created_plan);
    let plan_path = format!("/api/v1/comp/plans/{plan_id}");
    assert_eq!(created_plan["name"], json!("AE plan"));
    let v1 = &created_plan["versions"][0];
    assert_eq!(
        (
            v1["version"].clone(),
            v1["status"].clone(),
            v1["effective_from"].clone()
        ),
        (json!(1), json!("draft"), json!("2026-11-01")),
        "{created_plan}"
    );
    assert_eq!(v1["rules"]["rate_table"]["tiers"][1]["rate"], json!("0.15"));
    assert!(
        recalculations(&app, &owner).is_empty(),
        "a draft moves no statement"
    );

    let published = ok(
        admin
            .post(&format!("{plan_path}/versions/1/publish"), &json!({}))
            .await,
        "publish",
    )
    .await;
    assert_eq!(published["status"], json!("published"), "{published}");
    assert!(published["published_at"].is_string());
    let events = recalculations(&app, &owner);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0]["people"].clone(), events[0]["from"].clone()),
        (Value::Null, json!("2026-11-01")),
        "publishing recalculates everyone from the version's period"
    );

    let assignment = created(
        admin
            .post(
                "/api/v1/comp/assignments",
                &json!({ "plan_id": plan_id, "person_id": rep_id, "starts_on": "2026-11-15" }),
            )
            .await,
        "assign",
    )
    .await;
    assert_eq!(
        (
            assignment["person_id"].clone(),
            assignment["role"].clone(),
            assignment["ends_on"].clone()
        ),
        (json!(rep_id), Value::Null, Value::Null)
    );
    let events = recalculations(&app, &owner);
    assert_eq!(
        (
            events.len(),
            events[1]["people"].clone(),
            events[1]["from"].clone()
        ),
        (2, json!([rep_id]), json!("2026-11-01")),
        "an assignment recalculates its person from its period"
    );

    let quotas = ok(
        put(
            &admin,
            "/api/v1/comp/quotas",
            &json!({ "period": "2026-11", "quotas": [{ "person_id": rep_id, "amount": "50000" }] }),
        )
        .await,
        "quotas",
    )
    .await;
    assert_eq!(
        quotas,
        json!({ "period": "2026-11", "items": [{ "person_id": rep_id, "amount": "50000.00" }] })
    );
    let rates = ok(
        put(
            &admin,
            "/api/v1/comp/rates",
            &json!({ "rates": [{ "period": "2026-11", "from": "EUR", "to": "USD", "rate": 1.08 }] }),
        )
        .await,
        "rates",
    )
    .await;
    assert_eq!(rates["items"][0]["period"], json!("2026-11"), "{rates}");
    assert_eq!(rates["items"][0]["from"], json!("EUR"));
    let events = recalculations(&app, &owner);
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(
        (
            events[2]["people"].clone(),
            events[3]["people"].clone(),
            events[3]["from"].clone()
        ),
        (json!([rep_id]), Value::Null, json!("2026-11-01"))
    );

    // The GETs show it all; reps read plans, assignments and rates, not quotas.
    let list = ok(rep.get("/api/v1/comp/plans").await, "list").await;
    assert_eq!(
        list["items"][0]["versions"],
        json!([{ "version": 1, "status": "published", "effective_from": "2026-11-01", "published_at": published["published_at"] }]),
        "{list}"
    );
    let full = ok(rep.get(&plan_path).await, "get").await;
    assert_eq!(full["versions"][0]["rules"]["threshold_pct"], json!("25"));
    assert_eq!(
        full["versions"][0]["rules"]["bonuses"][0]["amount"],
        json!("2000")
    );
    let assignments = ok(rep.get("/api/v1/comp/assignments").await, "assignments").await;
    assert_eq!(assignments["items"][0]["id"], assignment["id"]);
    assert_eq!(rep.get("/api/v1/comp/rates").await.status(), StatusCode::OK);
    assert_eq!(
        rep.get("/api/v1/comp/quotas?period=2026-11").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ok(
            owner.get("/api/v1/comp/quotas?period=2026-11").await,
            "get quotas"
        )
        .await,
        quotas
    );

    // A second version: a draft edited, published later; the first stays.
    let v2 = created(
        admin
            .post(
                &format!("{plan_path}/versions"),
                &json!({ "effective_from": "2027-01-01", "rules": rules() }),
            )
            .await,
        "version 2",
    )
    .await;
    assert_eq!(
        (v2["version"].clone(), v2["status"].clone()),
        (json!(2), json!("draft"))
    );
    let mut richer = rules();
    richer["rate_table"]["tiers"][1]["rate"] = json!("0.20");
    let edited = ok(
        put(
            &admin,
            &format!("{plan_path}/versions/2"),
            &json!({ "effective_from": "2027-02-01", "rules": richer }),
        )
        .await,
        "edit draft",
    )
    .await;
    assert_eq!(edited["effective_from"], json!("2027-02-01"));
    assert_eq!(
        edited["rules"]["rate_table"]["tiers"][1]["rate"],
        json!("0.20")
    );
    assert_eq!(recalculations(&app, &owner).len(), 4, "drafts move nothing");

    // Settings: quarterly statements, then back.
    assert_eq!(
        ok(owner.get("/api/v1/comp/settings").await, "settings").await,
        json!({ "period_kind": "month" })
    );
    let quarterly = ok(
        put(
            &owner,
            "/api/v1/comp/settings",
            &json!({ "period_kind": "quarter" }),
        )
        .await,
        "settings",
    )
    .await;
    assert_eq!(quarterly, json!({ "period_kind": "quarter" }));
    let (status, _, field, _) =
        refusal(owner.get("/api/v1/comp/quotas?period=2026-11").await).await;
    assert_eq!(
        (status, field),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("period"))
    );
    let q4 = ok(owner.get("/api/v1/comp/quotas?period=2026-Q4").await, "q4").await;
    assert_eq!(q4["items"], json!([]), "quotas are kept per period length");
    put(
        &owner,
        "/api/v1/comp/settings",
        &json!({ "period_kind": "month" }),
    )
    .await;
    assert_eq!(recalculations(&app, &owner).len(), 6);

    let removed = admin
        .delete(&format!("/api/v1/comp/assignments/{}", id_of(&assignment)))
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        ok(owner.get("/api/v1/comp/assignments").await, "after delete").await["items"],
        json!([])
    );
    let events = recalculations(&app, &owner);
    assert_eq!(
        (events.len(), events[6]["people"].clone()),
        (7, json!([rep_id]))
    );

    // The audit log has every change, with before and after.
    let audit = ok(owner.get("/api/v1/audit?per_page=100").await, "audit").await;
    let entry = |action: &str| {
        audit["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["action"] == action)
            .cloned()
            .unwrap_or_else(|| panic!("no {action} in {audit}"))
    };
    let publish = entry("comp_plan.version_published");
    assert_eq!(
        (
            publish["before"]["status"].clone(),
            publish["after"]["status"].clone()
        ),
        (json!("draft"), json!("published"))
    );
    assert_eq!(publish["actor_user_id"], json!(admin.user_id()));
    let update = entry("comp_plan.version_updated");
    assert_eq!(update["before"]["effective_from"], json!("2027-01-01"));
    assert_eq!(update["after"]["effective_from"], json!("2027-02-01"));
    assert_eq!(
        entry("comp_plan.created")["after"]["name"],
        json!("AE plan")
    );
    assert_eq!(
        entry("comp_plan.version_created")["after"]["version"],
        json!(2)
    );
    assert_eq!(
        entry("comp_assignment.created")["after"]["person_id"],
        json!(rep_id)
    );
    let deleted = entry("comp_assignment.deleted");
    assert_eq!(
        (deleted["before"]["id"].clone(), deleted["after"].clone()),
        (assignment["id"].clone(), Value::Null)
    );
    let quota_entry = entry("comp_quotas.set");
    assert_eq!(
        (
            quota_entry["before"]["items"].clone(),
            quota_entry["after"]["items"][0]["amount"].clone()
        ),
        (json!([]), json!("50000.00"))
    );
    let rate_entry = entry("fx_rates.set");
    assert_eq!(
        (
            rate_entry["before"].clone(),
            rate_entry["after"][0]["rate"].clone()
        ),
        (json!([]), json!("1.0800000000"))
    );
    let settings = entry("comp_settings.updated");
    assert!(
        settings["before"].is_object() && settings["after"].is_object(),
        "{settings}"
    );
}

#[tokio::test]
async fn invalid_plans_are_refused_naming_the_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("badplan")).await;
    let rep = app.add_member(&owner, "rita@badplan.example", "rep").await;
    let base = created(
        owner
            .post("/api/v1/comp/plans", &plan("Base", rules()))
            .await,
        "base",
    )
    .await;
    let base_path = format!("/api/v1/comp/plans/{}", id_of(&base));
    let before = snapshot(&owner).await;
    let audited = audit_rows(&app, &owner);

    let with_tiers = |tiers: Value| {
        let mut r = rules();
        r["rate_table"]["tiers"] = tiers;
        r
    };
    let overlapping = with_tiers(json!([
        { "from_pct": "0", "to_pct": "100", "rate": "0.10" },
        { "from_pct": "90", "rate": "0.15" },
    ]));
    let gapped = with_tiers(json!([
        { "from_pct": "0", "to_pct": "100", "rate": "0.10" },
        { "from_pct": "110", "rate": "0.15" },
    ]));
    let negative = with_tiers(json!([
        { "from_pct": "0", "to_pct": "100", "rate": "-0.10" },
        { "from_pct": "100", "rate": "0.15" },
    ]));
    let text_rate = with_tiers(json!([
        { "from_pct": "0", "to_pct": "100", "rate": "0.10" },
        { "from_pct": "100", "rate": "fifteen percent" },
    ]));
    let mut misspelt = rules();
    misspelt["cap_per_perod"] = json!("10000");
    for (rules, field) in [
        (overlapping, "rules.rate_table.tiers[1].from_pct"),
        (gapped, "rules.rate_table.tiers[1].from_pct"),
        (negative, "rules.rate_table.tiers[0].rate"),
        (text_rate, "rules.rate_table.tiers[1].rate"),
        (misspelt, "rules.cap_per_perod"),
    ] {
        let (status, code, got, errors) = refusal(
            owner
                .post("/api/v1/comp/plans", &plan("New plan", rules.clone()))
                .await,
        )
        .await;
        assert_eq!(
            (status, code, got),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!("invalid_plan"),
                json!(field)
            ),
            "{rules}"
        );
        assert_eq!(errors[0]["field"], json!(field), "{errors}");
        assert!(errors[0]["message"].as_str().is_some_and(|m| !m.is_empty()));
        // The same rules are refused on a new version and on a draft edit.
        let body = json!({ "effective_from": "2026-12-01", "rules": rules });
        let (_, _, on_version, _) =
            refusal(owner.post(&format!("{base_path}/versions"), &body).await).await;
        let (_, _, on_edit, _) =
            refusal(put(&owner, &format!("{base_path}/versions/1"), &body).await).await;
        assert_eq!((on_version, on_edit), (json!(field), json!(field)));
    }

    // Every problem is listed for the editor, in order.
    let mut many = with_tiers(json!([
        { "from_pct": "0", "to_pct": "100", "rate": "-0.10" },
        { "from_pct": "90", "to_pct": "150", "rate": "0.15" },
    ]));
    many["cap_per_deal"] = json!("0");
    let (status, _, field, errors) =
        refusal(owner.post("/api/v1/comp/plans", &plan("Many", many)).await).await;
    let fields: Vec<&str> = errors
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field, json!("rules.rate_table.tiers[0].rate"));
    assert_eq!(
        fields,
        [
            "rules.rate_table.tiers[0].rate",
            "rules.rate_table.tiers[1].from_pct",
            "rules.rate_table.tiers[1].to_pct",
            "rules.cap_per_deal",
        ]
    );

    // Other refusals: a date that is none, a taken name (any case), a rep.
    let mut no_date = plan("Dateless", rules());
    no_date["effective_from"] = json!("next month");
    assert_eq!(
        error_field(owner.post("/api/v1/comp/plans", &no_date).await).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!("effective_from"))
    );
    let (status, code, field, _) = refusal(
        owner
            .post("/api/v1/comp/plans", &plan("BASE", rules()))
            .await,
    )
    .await;
    assert_eq!(
        (status, code, field),
        (StatusCode::CONFLICT, json!("plan_exists"), json!("name"))
    );
    assert_eq!(
        rep.post("/api/v1/comp/plans", &plan("Rep's own", rules()))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        rep.post(&format!("{base_path}/versions/1/publish"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    assert_eq!(snapshot(&owner).await, before, "nothing changed");
    assert_eq!(audit_rows(&app, &owner), audited, "nothing audited");

    // A deal in EUR without a EUR→USD rate: the plan cannot be saved or
    // published until there is one.
    let deal = owner
        .post(
            "/api/v1/deals",
            &json!({ "name": "Berlin", "amount": "1000", "currency": "EUR" }),
        )
        .await;
    assert_eq!(deal.status(), StatusCode::CREATED);
    let (status, code, field, errors) = refusal(
        owner
            .post("/api/v1/comp/plans", &plan("Euro deals", rules()))
            .await,
    )
    .await;
    assert_eq!(
        (status, code, field),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("invalid_plan"),
            json!("rules.currency")
        )
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("EUR")),
        "{errors}"
    );
    let (status, _, field, _) = refusal(
        owner
            .post(&format!("{base_path}/versions/1/publish"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        (status, field),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("rules.currency"))
    );

    assert_eq!(snapshot(&owner).await, before, "nothing changed");
    assert!(recalculations(&app, &owner).is_empty());

    // Rates: each problem named, all or nothing.
    let good = json!({ "period": "2026-11", "from": "EUR", "to": "USD", "rate": "1.08" });
    for (bad, field) in [
        (
            json!({ "period": "2026-11", "from": "EUR", "to": "USD", "rate": "0" }),
            "rates[1].rate",
        ),
        (
            json!({ "period": "2026-11", "from": "EUR", "to": "USD", "rate": -1 }),
            "rates[1].rate",
        ),
        (
            json!({ "period": "2026-11", "from": "eur", "to": "USD", "rate": "1" }),
            "rates[1].from",
        ),
        (
            json!({ "period": "2026-11", "from": "GBP", "to": "US", "rate": "1" }),
            "rates[1].to",
        ),
        (
            json!({ "period": "2026-11", "from": "USD", "to": "USD", "rate": "1" }),
            "rates[1].to",
        ),
        (
            json!({ "period": "2026-Q4", "from": "GBP", "to": "USD", "rate": "1" }),
            "rates[1].period",
        ),
        (good.clone(), "rates[1].period"),
    ] {
        let response = put(
            &owner,
            "/api/v1/comp/rates",
            &json!({ "rates": [good, bad] }),
        )
        .await;
        assert_eq!(
            error_field(response).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{bad}"
        );
    }
    // Quotas: a negative amount, a period of the wrong length.
    for (body, field) in [
        (
            json!({ "period": "2026-11", "quotas": [{ "person_id": rep.user_id(), "amount": "-1" }] }),
            "quotas[0].amount",
        ),
        (
            json!({ "period": "2026-11", "quotas": [{ "person_id": rep.user_id(), "amount": "1.005" }] }),
            "quotas[0].amount",
        ),
        (
            json!({ "period": "2026-Q4", "quotas": [{ "person_id": rep.user_id(), "amount": "1" }] }),
            "period",
        ),
    ] {
        assert_eq!(
            error_field(put(&owner, "/api/v1/comp/quotas", &body).await).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{body}"
        );
    }
    assert_eq!(snapshot(&owner).await, before, "nothing changed");

    // With the rate, the draft publishes; a published version is immutable.
    ok(
        put(&owner, "/api/v1/comp/rates", &json!({ "rates": [good] })).await,
        "rate",
    )
    .await;
    ok(
        owner
            .post(&format!("{base_path}/versions/1/publish"), &json!({}))
            .await,
        "publish",
    )
    .await;
    let published = snapshot(&owner).await;
    let mut richer = rules();
    richer["rate_table"]["tiers"][1]["rate"] = json!("0.30");
    let (status, code, field, _) = refusal(
        put(
            &owner,
            &format!("{base_path}/versions/1"),
            &json!({ "effective_from": "2026-11-01", "rules": richer }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code, field),
        (
            StatusCode::CONFLICT,
            json!("version_published"),
            json!("version")
        )
    );
    let again = ok(
        owner
            .post(&format!("{base_path}/versions/1/publish"), &json!({}))
            .await,
        "again",
    )
    .await;
    assert_eq!(
        again["status"],
        json!("published"),
        "publishing again is a no-op"
    );
    let events = recalculations(&app, &owner).len();
    assert_eq!(
        snapshot(&owner).await,
        published,
        "the published version is unchanged"
    );
    assert_eq!(recalculations(&app, &owner).len(), events);
    let (status, _, _, _) = refusal(
        put(
            &owner,
            &format!("{base_path}/versions/9"),
            &json!({ "effective_from": "2026-11-01", "rules": rules() }),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn assignments_never_overlap_for_a_person_or_a_role() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("assign")).await;
    let rep = app.add_member(&owner, "ron@assign.example", "rep").await;
    let plan_id = id_of(
        &created(
            owner.post("/api/v1/comp/plans", &plan("AE", rules())).await,
            "plan",
        )
        .await,
    );
    let person = rep.user_id();
    created(
        assign(&owner, json!({ "plan_id": plan_id, "person_id": person, "starts_on": "2026-01-01", "ends_on": "2026-06-30" })).await,
        "first half",
    )
    .await;
    created(
        assign(
            &owner,
            json!({ "plan_id": plan_id, "person_id": person, "starts_on": "2026-07-01" }),
        )
        .await,
        "second half",
    )
    .await;
    created(
        assign(
            &owner,
            json!({ "plan_id": plan_id, "role": "ae", "starts_on": "2026-01-01" }),
        )
        .await,
        "by role",
    )
    .await;
    let before = snapshot(&owner).await;
    let events = recalculations(&app, &owner).len();
    assert_eq!(events, 3);

    let (status, code, field, _) = refusal(
        assign(&owner, json!({ "plan_id": plan_id, "person_id": person, "starts_on": "2026-06-01", "ends_on": "2026-07-15" })).await,
    )
    .await;
    assert_eq!(
        (status, code, field),
        (
            StatusCode::CONFLICT,
            json!("assignment_overlaps"),
            json!("starts_on")
        )
    );
    let (status, _, field, _) = refusal(
        assign(
            &owner,
            json!({ "plan_id": plan_id, "role": "ae", "starts_on": "2030-01-01" }),
        )
        .await,
    )
    .await;
    assert_eq!((status, field), (StatusCode::CONFLICT, json!("starts_on")));
    for (body, field) in [
        (
            json!({ "plan_id": plan_id, "starts_on": "2027-01-01" }),
            "person_id",
        ),
        (
            json!({ "plan_id": plan_id, "person_id": person, "role": "ae", "starts_on": "2027-01-01" }),
            "role",
        ),
        (
            json!({ "plan_id": plan_id, "role": "closer", "starts_on": "2027-01-01" }),
            "role",
        ),
        (
            json!({ "plan_id": Uuid::new_v4(), "role": "sdr", "starts_on": "2027-01-01" }),
            "plan_id",
        ),
        (
            json!({ "plan_id": plan_id, "person_id": Uuid::new_v4(), "starts_on": "2027-01-01" }),
            "person_id",
        ),
        (
            json!({ "plan_id": plan_id, "role": "sdr", "starts_on": "2027-01-01", "ends_on": "2026-12-31" }),
            "ends_on",
        ),
        (
            json!({ "plan_id": plan_id, "role": "sdr", "starts_on": "soon" }),
            "starts_on",
        ),
    ] {
        assert_eq!(
            error_field(assign(&owner, body.clone()).await).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field)),
            "{body}"
        );
    }
    assert_eq!(snapshot(&owner).await, before, "nothing changed");
    assert_eq!(recalculations(&app, &owner).len(), events);
    assert_eq!(
        owner
            .delete(&format!("/api/v1/comp/assignments/{}", Uuid::new_v4()))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_companys_people_and_plans_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let a = app.signup(&unique_slug("compa")).await;
    let b = app.signup(&unique_slug("compb")).await;
    let a_rep = app.add_member(&a, "rae@compa.example", "rep").await;
    let b_person = created(
        b.post(
            "/api/v1/people",
            &json!({ "name": "Bo Other", "sales_role": "ae" }),
        )
        .await,
        "b person",
    )
    .await;
    let b_plan = created(
        b.post("/api/v1/comp/plans", &plan("B plan", rules())).await,
        "b plan",
    )
    .await;
    let b_assignment = created(
        b.post(
            "/api/v1/comp/assignments",
            &json!({ "plan_id": id_of(&b_plan), "person_id": id_of(&b_person), "starts_on": "2026-11-01" }),
        )
        .await,
        "b assignment",
    )
    .await;
    let a_plan = created(
        a.post("/api/v1/comp/plans", &plan("A plan", rules())).await,
        "a plan",
    )
    .await;
    let a_before = snapshot(&a).await;
    let b_before = snapshot(&b).await;

    // A quota for B's person, next to a valid one: refused, all or nothing.
    let attack = json!({ "period": "2026-11", "quotas": [
        { "person_id": a_rep.user_id(), "amount": "1000" },
        { "person_id": id_of(&b_person), "amount": "1000" },
    ]});
    assert_eq!(
        error_field(put(&a, "/api/v1/comp/quotas", &attack).await).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("quotas[1].person_id")
        )
    );
    // Assigning with B's person or B's plan.
    for (body, field) in [
        (
            json!({ "plan_id": id_of(&a_plan), "person_id": id_of(&b_person), "starts_on": "2026-11-01" }),
            "person_id",
        ),
        (
            json!({ "plan_id": id_of(&b_plan), "person_id": a_rep.user_id(), "starts_on": "2026-11-01" }),
            "plan_id",
        ),
    ] {
        assert_eq!(
            error_field(a.post("/api/v1/comp/assignments", &body).await).await,
            (StatusCode::UNPROCESSABLE_ENTITY, json!(field))
        );
    }
    // B's plan and assignment are a 404 to A.
    let b_plan_path = format!("/api/v1/comp/plans/{}", id_of(&b_plan));
    assert_eq!(a.get(&b_plan_path).await.status(), StatusCode::NOT_FOUND);
    for response in [
        a.post(&format!("{b_plan_path}/versions/1/publish"), &json!({}))
            .await,
        a.post(
            &format!("{b_plan_path}/versions"),
            &json!({ "effective_from": "2026-12-01", "rules": rules() }),
        )
        .await,
        put(
            &a,
            &format!("{b_plan_path}/versions/1"),
            &json!({ "effective_from": "2026-12-01", "rules": rules() }),
        )
        .await,
        a.delete(&format!(
            "/api/v1/comp/assignments/{}",
            id_of(&b_assignment)
        ))
        .await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(snapshot(&a).await, a_before);
    assert_eq!(snapshot(&b).await, b_before);
    assert!(recalculations(&app, &a).is_empty());
}
