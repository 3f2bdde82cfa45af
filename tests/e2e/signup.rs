//! Signup: the tenant schema is created at the latest version; bad input is
//! refused with the field named and nothing written; a signup that fails
//! midway leaves nothing behind.

use attain_db::{
    migrations,
    provisioning::{provision_tenant, NewTenant, Owner, ProvisionStep},
};
use attain_domain::SchemaName;
use attain_test_support::{signup_body, unique_slug, Browser, TestApp, TestDatabase};
use diesel::{dsl::sql, sql_types::BigInt, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn count(conn: &mut diesel::PgConnection, query: &str) -> i64 {
    diesel::select(sql::<BigInt>(query))
        .get_result(conn)
        .unwrap_or(-1)
}

#[tokio::test]
async fn signup_creates_a_tenant_schema_at_the_latest_version_and_signs_in() {
    let app = TestApp::spawn().await;
    let slug = unique_slug("acme");
    let owner = app.signup(&slug).await;
    let session: Value = owner
        .get("/api/v1/auth/session")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(session["tenant"]["slug"], slug.as_str());
    assert_eq!(session["role"], "owner");

    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    let schema: String = diesel::select(sql::<diesel::sql_types::Text>(&format!(
        "(SELECT schema_name FROM control.tenants WHERE slug = '{slug}')"
    )))
    .get_result(&mut conn)
    .unwrap_or_default();
    let schema = SchemaName::parse(&schema).unwrap_or_else(|e| panic!("{e}"));
    let version = migrations::tenant_version(&mut conn, &schema).unwrap_or_default();
    assert_eq!(version, Some(migrations::latest_tenant_version()));
    assert_eq!(
        count(
            &mut conn,
            "(SELECT count(*) FROM control.subscriptions WHERE status = 'trialing')"
        ),
        1
    );
}

#[tokio::test]
async fn bad_signups_name_the_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let taken = unique_slug("taken");
    app.signup(&taken).await;
    let browser = Browser::new(&app);
    let slug = unique_slug("new");
    let mut cases: Vec<(Value, StatusCode, &str, &str)> = Vec::new();
    let with = |field: &str, value: Value| {
        let mut body = signup_body(&slug, "someone@new.example");
        body[field] = value;
        body
    };
    cases.push((
        with("password", json!("short")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "password",
    ));
    cases.push((
        with("password", json!("Password123!")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "password",
    ));
    cases.push((
        with("slug", json!("-bad slug-")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "slug",
    ));
    cases.push((
        with("slug", json!("api")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "slug",
    ));
    cases.push((
        with("slug", json!(taken)),
        StatusCode::CONFLICT,
        "slug_taken",
        "slug",
    ));
    cases.push((
        with("email", json!("nope")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "email",
    ));
    cases.push((
        with("industry", json!("alchemy")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "industry",
    ));
    cases.push((
        with("company_size", json!(12)),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "company_size",
    ));
    cases.push((
        with("tenant_id", json!("forged")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_field",
        "tenant_id",
    ));
    let mut missing = signup_body(&slug, "someone@new.example");
    missing.as_object_mut().map(|o| o.remove("admin_name"));
    cases.push((
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        "admin_name",
    ));
    let mut existing_login = with("email", json!(format!("owner@{taken}.example")));
    existing_login["password"] = json!("another long passphrase");
    cases.push((existing_login, StatusCode::CONFLICT, "email_taken", "email"));

    for (body, status, code, field) in cases {
        let response = browser.post("/api/v1/signup", &body).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap_or_default();
        assert_eq!(error["error"]["code"], code, "{error}");
        assert_eq!(error["error"]["field"], field, "{error}");
        assert!(error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.len() > 5));
    }

    let malformed = browser
        .request(reqwest::Method::POST, "/api/v1/signup")
        .header("content-type", "application/json")
        .body("{\"slug\": ")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let huge = browser
        .request(reqwest::Method::POST, "/api/v1/signup")
        .header("content-type", "application/json")
        .body(format!("{{\"company_name\": \"{}\"}}", "x".repeat(100_000)))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let not_json = browser
        .request(reqwest::Method::POST, "/api/v1/signup")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let mut conn = app.database.connect().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count(&mut conn, "(SELECT count(*) FROM control.tenants)"),
        1
    );
    assert_eq!(count(&mut conn, "(SELECT count(*) FROM control.users)"), 1);
    assert_eq!(
        count(
            &mut conn,
            "(SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%')"
        ),
        1
    );
}

#[tokio::test]
async fn a_signup_failing_midway_leaves_no_schema_no_tenant_and_no_user() {
    let database = tokio::task::spawn_blocking(TestDatabase::create)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut conn = database.connect().unwrap_or_else(|e| panic!("{e}"));
    for failing_step in [
        ProvisionStep::TenantInserted,
        ProvisionStep::SchemaMigrated,
        ProvisionStep::OwnerCreated,
    ] {
        let schema = SchemaName::from_random([3; 12]);
        let result = provision_tenant(
            &mut conn,
            NewTenant {
                slug: "midway".into(),
                name: "Midway".into(),
                industry: "software".into(),
                company_size: "1-10".into(),
                schema: schema.clone(),
            },
            Owner::New {
                email: "ada@midway.example".into(),
                name: "Ada".into(),
                password_hash: "x".into(),
            },
            &|step| step != failing_step,
        );
        assert!(
            result.is_err(),
            "provisioning should stop at {failing_step:?}"
        );
        assert_eq!(
            count(&mut conn, "(SELECT count(*) FROM control.tenants)"),
            0,
            "{failing_step:?}"
        );
        assert_eq!(
            count(&mut conn, "(SELECT count(*) FROM control.users)"),
            0,
            "{failing_step:?}"
        );
        assert_eq!(
            count(&mut conn, "(SELECT count(*) FROM control.subscriptions)"),
            0,
            "{failing_step:?}"
        );
        assert_eq!(
            count(
                &mut conn,
                &format!("(SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}')")
            ),
            0,
            "{failing_step:?}"
        );
    }
}
