//! Sessions, CSRF, API tokens and login rate limits.

use attain_test_support::{unique_slug, Browser, Options, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .cookies()
        .find(|c| c.name() == "attain_session")
        .map(|c| c.value().to_owned())
}

#[tokio::test]
async fn login_issues_a_new_session_and_logout_ends_it_on_the_server() {
    let app = TestApp::spawn().await;
    let slug = unique_slug("sess");
    let owner = app.signup(&slug).await;
    let email = format!("owner@{slug}.example");

    let browser = Browser::new(&app);
    let first = browser.login(&email, PASSWORD).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first_id = session_cookie(&first).unwrap_or_default();
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("attain_session="))
        .unwrap_or_default()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        first_id.len() >= 43,
        "session id must carry at least 128 bits"
    );
    let second = browser.login(&email, PASSWORD).await;
    let second_id = session_cookie(&second).unwrap_or_default();
    assert_ne!(first_id, second_id, "login must issue a new session id");

    // The replaced session no longer works.
    let stale = reqwest::Client::new()
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", format!("attain_session={first_id}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);

    // Logout ends it server-side: replaying the cookie fails.
    browser.remember(&second.json::<Value>().await.unwrap_or_default());
    assert_eq!(
        browser
            .post("/api/v1/auth/logout", &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let replay = reqwest::Client::new()
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", format!("attain_session={second_id}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        owner.get("/api/v1/auth/session").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_state_changing_browser_request_without_the_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("csrf")).await;
    let body = json!({"name": "No token", "amount": "1", "currency": "USD"});
    let without = owner
        .client
        .post(app.url("/api/v1/deals"))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    let error: Value = without.json().await.unwrap_or_default();
    assert_eq!(error["error"]["code"], "csrf_failed");
    let wrong = owner
        .client
        .post(app.url("/api/v1/deals"))
        .header("X-CSRF-Token", "guess")
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        owner.post("/api/v1/deals", &body).await.status(),
        StatusCode::CREATED
    );
    let deals: Value = owner
        .get("/api/v1/deals")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(deals["total"], 1, "refused requests must change nothing");
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("deact")).await;
    let manager = app.add_member(&owner, "max@deact.example", "manager").await;
    assert_eq!(manager.get("/api/v1/deals").await.status(), StatusCode::OK);
    let admin = app.add_member(&owner, "adam@deact.example", "admin").await;
    let token: Value = admin
        .post(
            "/api/v1/tokens",
            &json!({"name": "sync", "role": "manager"}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let secret = token["token"].as_str().unwrap_or_default().to_owned();
    let with_token = || {
        reqwest::Client::new()
            .get(app.url("/api/v1/deals"))
            .bearer_auth(secret.clone())
            .send()
    };
    assert_eq!(
        with_token().await.map(|r| r.status()).ok(),
        Some(StatusCode::OK)
    );

    for (who, id) in [(&manager, manager.user_id()), (&admin, admin.user_id())] {
        let response = owner
            .patch(&format!("/api/v1/users/{id}"), &json!({"active": false}))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            who.get("/api/v1/deals").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        with_token().await.map(|r| r.status()).ok(),
        Some(StatusCode::UNAUTHORIZED),
        "a deactivated creator's token stops working"
    );
    let again = Browser::new(&app)
        .login("max@deact.example", PASSWORD)
        .await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN);

    // The last owner cannot lock the company out.
    let response = owner
        .patch(
            &format!("/api/v1/users/{}", owner.user_id()),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn api_tokens_are_shown_once_scoped_to_a_role_and_revocable() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("tok")).await;
    let created: Value = owner
        .post(
            "/api/v1/tokens",
            &json!({"name": "BI export", "role": "executive"}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let secret = created["token"].as_str().unwrap_or_default().to_owned();
    assert!(secret.starts_with("atn_"));
    let listed: Value = owner
        .get("/api/v1/tokens")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown only once"
    );
    let client = reqwest::Client::new();
    let call =
        |method: Method, path: &str| client.request(method, app.url(path)).bearer_auth(&secret);
    assert_eq!(
        call(Method::GET, "/api/v1/kpis/snapshot")
            .send()
            .await
            .map(|r| r.status())
            .ok(),
        Some(StatusCode::OK)
    );
    // An executive token cannot write, with or without CSRF (tokens need none).
    let write = call(Method::POST, "/api/v1/deals")
        .json(&json!({"name": "x", "amount": 1, "currency": "USD"}))
        .send()
        .await
        .map(|r| r.status())
        .ok();
    assert_eq!(write, Some(StatusCode::FORBIDDEN));
    assert_eq!(
        owner
            .delete(&format!(
                "/api/v1/tokens/{}",
                created["id"].as_str().unwrap_or_default()
            ))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(Method::GET, "/api/v1/kpis/snapshot")
            .send()
            .await
            .map(|r| r.status())
            .ok(),
        Some(StatusCode::UNAUTHORIZED)
    );
}

#[tokio::test]
async fn login_is_rate_limited_per_account_without_revealing_whether_it_exists() {
    let app = TestApp::spawn_with(Options {
        tune: |s| s.login_failures_per_account_per_15_minutes = 3,
        ..Default::default()
    })
    .await;
    let slug = unique_slug("rl");
    app.signup(&slug).await;
    let browser = Browser::new(&app);
    let mut seen = Vec::new();
    for email in [
        format!("owner@{slug}.example"),
        "ghost@nowhere.example".to_owned(),
    ] {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let response = browser.login(&email, "wrong password here").await;
            statuses.push(response.status());
            if response.status() == StatusCode::TOO_MANY_REQUESTS {
                let retry: u64 = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                assert!(retry > 0 && retry <= 900, "Retry-After {retry}");
            }
        }
        seen.push(statuses);
    }
    let expected = vec![
        StatusCode::UNAUTHORIZED,
        StatusCode::UNAUTHORIZED,
        StatusCode::UNAUTHORIZED,
        StatusCode::TOO_MANY_REQUESTS,
    ];
    assert_eq!(seen[0], expected);
    assert_eq!(
        seen[1], expected,
        "an unknown email must look the same as a known one"
    );
    // Even the right password waits out the window: no bypass, and no permanent lockout (the window expires).
    let right = browser
        .login(&format!("owner@{slug}.example"), PASSWORD)
        .await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn idle_sessions_expire_and_users_switch_between_their_companies() {
    let idle = std::time::Duration::from_secs(3);
    let app = TestApp::spawn_with(Options {
        tune: |s| s.session_idle_timeout = std::time::Duration::from_secs(3),
        ..Default::default()
    })
    .await;
    let first = unique_slug("one");
    let second = unique_slug("two");
    let third = unique_slug("three");
    // Signups create schemas and can outlast the idle timeout on a busy machine,
    // so they all happen before the sessions this test times.
    app.signup(&first).await;
    let owner_email = format!("owner@{first}.example");
    // The same person signs up a second company with their existing login.
    let response = Browser::new(&app)
        .post(
            "/api/v1/signup",
            &attain_test_support::signup_body(&second, &owner_email),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    app.signup(&third).await;

    let owner = signed_in(&app, &owner_email).await;
    let outsider = signed_in(&app, &format!("owner@{third}.example")).await;
    let switched = owner
        .post("/api/v1/auth/switch-tenant", &json!({"tenant": second}))
        .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let body: Value = switched.json().await.unwrap_or_default();
    assert_eq!(body["tenant"]["slug"], second.as_str());
    assert_eq!(body["tenants"].as_array().map(Vec::len), Some(2));
    owner.remember(&body);
    let refused = outsider
        .post("/api/v1/auth/switch-tenant", &json!({"tenant": first}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    tokio::time::sleep(idle + std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        owner.get("/api/v1/auth/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// A fresh session for `email`, so its idle clock starts now.
async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let browser = Browser::new(app);
    let response = browser.login(email, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK, "login as {email}");
    let body: Value = response.json().await.unwrap_or_default();
    browser.remember(&body);
    browser
}
