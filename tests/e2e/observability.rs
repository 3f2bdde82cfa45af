//! Health probes, request ids and error bodies.

use attain_test_support::{unique_slug, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn probes_answer_and_every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let health = client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(health.status(), StatusCode::OK);
    let ready = client
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ready.status(), StatusCode::OK);
    let body: Value = ready.json().await.unwrap_or_default();
    assert_eq!(
        body["checks"],
        serde_json::json!({"postgres": "ok", "redis": "ok", "rabbitmq": "ok"})
    );

    let echoed = client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        echoed
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("abc-123")
    );
    let replaced = client
        .get(app.url("/healthz"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let generated = replaced
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(generated.parse::<uuid::Uuid>().is_ok(), "{generated}");

    let missing = client
        .get(app.url("/api/v1/nowhere"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().contains_key("x-request-id"));
    let error: Value = missing.json().await.unwrap_or_default();
    assert_eq!(error["error"]["code"], "not_found");
}

#[tokio::test]
async fn malformed_ids_and_queries_are_client_errors_not_server_errors() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("ids")).await;
    assert_eq!(
        owner.get("/api/v1/deals/not-a-uuid").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        owner.get("/api/v1/deals?page=abc").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        owner.get("/api/v1/deals?status=maybe").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let bad_amount = owner
        .post(
            "/api/v1/deals",
            &serde_json::json!({"name": "x", "amount": "-5", "currency": "USD"}),
        )
        .await;
    assert_eq!(bad_amount.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad_amount.json().await.unwrap_or_default();
    assert_eq!(body["error"]["field"], "amount");
}
