//! Live updates over server-sent events (`GET /api/v1/events`), on the real
//! Redis, broker and worker: a deal change reaches a signed-in owner's stream
//! as `company`; another tenant's stream hears nothing of it, whatever it
//! sends; strangers get 401; a statement's topic reaches its person, the
//! managers above them and the owner, nobody else; closing the stream
//! releases its Redis subscription at once; logging out or revoking the token
//! ends the stream at the next keep-alive.

use attain_test_support::{unique_slug, Browser, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

/// One open event stream, read frame by frame.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

/// One frame of the stream: `event`/`data` fields or a comment.
#[derive(Debug, Default, PartialEq)]
struct Frame {
    event: Option<String>,
    data: Option<String>,
    retry: Option<String>,
    comment: Option<String>,
}

impl Events {
    async fn open(browser: &Browser) -> Self {
        Self::from(browser.get("/api/v1/events").await).await
    }

    async fn from(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), "text/event-stream");
        assert_eq!(header("cache-control"), "no-cache");
        assert_eq!(header("x-accel-buffering"), "no");
        let mut events = Self {
            response,
            buffer: String::new(),
        };
        let first = events.frame(WAIT).await;
        assert_eq!(
            first.and_then(|f| f.retry),
            Some("2000".to_owned()),
            "the stream starts with its retry interval"
        );
        events
    }

    /// The next frame, or `None` at the deadline or the end of the stream.
    async fn frame(&mut self, within: Duration) -> Option<Frame> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let text: String = self.buffer.drain(..end + 2).collect();
                let mut frame = Frame::default();
                for line in text.lines() {
                    if let Some(comment) = line.strip_prefix(": ") {
                        frame.comment = Some(comment.to_owned());
                    } else if let Some((field, value)) = line.split_once(": ") {
                        let value = Some(value.to_owned());
                        match field {
                            "event" => frame.event = value,
                            "data" => frame.data = value,
                            "retry" => frame.retry = value,
                            other => panic!("unexpected field {other} in {text:?}"),
                        }
                    }
                }
                return Some(frame);
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The data of the next `update` event, skipping keep-alives.
    async fn update(&mut self, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let frame = self.frame(left).await?;
            if frame.comment.is_some() {
                continue;
            }
            assert_eq!(frame.event.as_deref(), Some("update"), "{frame:?}");
            return frame.data;
        }
    }

    /// Every update until one is `wanted` (returned with those before it),
    /// or `None` if it does not come in time.
    async fn until(&mut self, wanted: &str, within: Duration) -> Option<Vec<String>> {
        let deadline = Instant::now() + within;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let topic = self.update(left).await?;
            let done = topic == wanted;
            seen.push(topic);
            if done {
                return Some(seen);
            }
        }
    }

    /// Whether the server ended the stream within `within` (keep-alives
    /// may come before).
    async fn ends(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Ok(Ok(Some(_))) => {}
                Err(_) => return false,
            }
        }
    }
}

async fn create_deal(browser: &Browser, name: &str) {
    let response = browser
        .post(
            "/api/v1/deals",
            &json!({"name": name, "amount": "100.00", "currency": "USD"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

/// How many connections are subscribed to `tenant_id`'s update channel.
pub(crate) async fn subscribers(app: &TestApp, tenant_id: Uuid) -> usize {
    let channel = app.state.cache.keys().snapshot_channel(tenant_id);
    let client = redis::Client::open(app.settings.redis_url.expose())
        .unwrap_or_else(|e| panic!("redis url: {e}"));
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .unwrap_or_else(|e| panic!("redis: {e}"));
    let (_, count): (String, usize) = redis::cmd("PUBSUB")
        .arg("NUMSUB")
        .arg(&channel)
        .query_async(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("PUBSUB NUMSUB: {e}"));
    count
}

#[tokio::test(flavor = "current_thread")]
async fn a_deal_change_reaches_the_owners_stream() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("live")).await;
    let mut events = Events::open(&owner).await;
    create_deal(&owner, "Live one").await;
    let seen = events.until("company", WAIT).await;
    assert!(seen.is_some(), "no `company` update within {WAIT:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn another_tenants_stream_hears_nothing_whatever_it_sends() {
    let app = TestApp::spawn().await;
    let alpha = app.signup(&unique_slug("alpha")).await;
    let beta = app.signup(&unique_slug("beta")).await;
    let alpha_id = alpha.tenant_id();
    // Beta's stream names Alpha every way a client could.
    let forged = beta
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/events?tenant_id={alpha_id}&tenant={alpha_id}"),
        )
        .header("X-Tenant-Id", alpha_id.to_string())
        .header("X-Attain-Tenant", alpha_id.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET /api/v1/events: {e}"));
    let mut beta_events = Events::from(forged).await;
    let mut alpha_events = Events::open(&alpha).await;
    assert_eq!(
        subscribers(&app, alpha_id).await,
        1,
        "only Alpha's own stream"
    );

    create_deal(&alpha, "Alpha secret").await;
    app.state
        .cache
        .publish_update(alpha_id, &format!("statement:{}:2026-Q4", alpha.user_id()))
        .await
        .unwrap_or_else(|e| panic!("publish: {e}"));
    assert!(
        alpha_events.until("company", WAIT).await.is_some(),
        "Alpha's own stream did not hear of its deal"
    );
    let leaked = beta_events.update(Duration::from_millis(1500)).await;
    assert_eq!(leaked, None, "Beta heard of Alpha's change");

    // Beta's stream was listening all along: its own change comes through.
    create_deal(&beta, "Beta own").await;
    let seen = beta_events
        .until("company", WAIT)
        .await
        .unwrap_or_else(|| panic!("Beta's stream did not hear of its own deal"));
    assert!(
        !seen.iter().any(|t| t.starts_with("statement:")),
        "Beta heard Alpha's statement topic: {seen:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn strangers_get_401() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for request in [
        client.get(app.url("/api/v1/events")),
        client
            .get(app.url("/api/v1/events"))
            .bearer_auth("atn_not-a-real-token"),
        client
            .get(app.url("/api/v1/events"))
            .header("cookie", "attain_session=forged"),
    ] {
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET /api/v1/events: {e}"));
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: Value = response.json().await.unwrap_or_default();
        assert_eq!(body["error"]["code"], "unauthenticated", "{body}");
    }
}

/// Makes `report`'s person report to `manager`'s (a member's person has the
/// user's id).
async fn reports_to(owner: &Browser, report: Uuid, manager: Uuid) {
    let people: Value = owner
        .get("/api/v1/people?per_page=200")
        .await
        .json()
        .await
        .unwrap_or_default();
    let version = people["items"]
        .as_array()
        .and_then(|items| items.iter().find(|p| p["id"] == report.to_string()))
        .map(|p| p["version"].clone())
        .unwrap_or_else(|| panic!("no person {report}: {people}"));
    let response = owner
        .patch(
            &format!("/api/v1/people/{report}"),
            &json!({"version": version, "manager_id": manager}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "current_thread")]
async fn statements_reach_their_person_and_the_managers_above_only() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("stmt")).await;
    let tenant_id = owner.tenant_id();
    let ava = app.add_member(&owner, "ava@stmt.example", "rep").await;
    let liam = app.add_member(&owner, "liam@stmt.example", "rep").await;
    let noah = app.add_member(&owner, "noah@stmt.example", "rep").await;
    let mia = app.add_member(&owner, "mia@stmt.example", "manager").await;
    reports_to(&owner, ava.user_id(), mia.user_id()).await;
    reports_to(&owner, liam.user_id(), mia.user_id()).await;
    let mut ava_events = Events::open(&ava).await;
    let mut mia_events = Events::open(&mia).await;
    let mut owner_events = Events::open(&owner).await;

    let statement = |who: &Browser| format!("statement:{}:2026-Q4", who.user_id());
    let (avas, liams, noahs) = (statement(&ava), statement(&liam), statement(&noah));
    let liams_card = format!("scorecard:rep:{}:2026-Q4", liam.user_id());
    for topic in [&liams, &liams_card, &noahs, &avas] {
        app.state
            .cache
            .publish_update(tenant_id, topic)
            .await
            .unwrap_or_else(|e| panic!("publish {topic}: {e}"));
    }

    // Redis keeps the order: Ava's statement comes last to everyone.
    let heard = ava_events
        .until(&avas, WAIT)
        .await
        .unwrap_or_else(|| panic!("Ava did not hear of her own statement"));
    assert!(
        !heard.contains(&liams) && !heard.contains(&liams_card) && !heard.contains(&noahs),
        "Ava heard about colleagues: {heard:?}"
    );
    let heard = mia_events
        .until(&avas, WAIT)
        .await
        .unwrap_or_else(|| panic!("Mia did not hear of Ava's statement"));
    assert!(
        heard.contains(&liams) && heard.contains(&liams_card),
        "Mia missed her report Liam's topics: {heard:?}"
    );
    assert!(
        !heard.contains(&noahs),
        "Mia heard of Noah's statement, who does not report to her: {heard:?}"
    );
    let heard = owner_events
        .until(&avas, WAIT)
        .await
        .unwrap_or_else(|| panic!("the owner did not hear of Ava's statement"));
    assert!(
        heard.contains(&liams) && heard.contains(&noahs),
        "the owner missed statements: {heard:?}"
    );

    assert!(
        app.state
            .cache
            .publish_update(tenant_id, "statement:x\ndata: forged")
            .await
            .is_err(),
        "a topic with a line break must be refused"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn closing_the_stream_releases_its_redis_subscription() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("close")).await;
    let tenant_id = owner.tenant_id();
    let first = Events::open(&owner).await;
    let second = Events::open(&owner).await;
    assert_eq!(subscribers(&app, tenant_id).await, 2);
    // Well before the first keep-alive (15 s) could find the client gone.
    drop(first);
    drop(second);
    let released = app
        .eventually(Duration::from_secs(5), || async {
            subscribers(&app, tenant_id).await == 0
        })
        .await;
    assert!(
        released,
        "{} subscriptions left after the clients went away",
        subscribers(&app, tenant_id).await
    );
}

#[tokio::test(flavor = "current_thread")]
async fn logging_out_or_revoking_the_token_ends_the_stream() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("end")).await;
    let token: Value = owner
        .post(
            "/api/v1/tokens",
            &json!({"name": "dashboard", "role": "admin"}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let secret = token["token"].as_str().unwrap_or_default().to_owned();
    let token_id = token["id"].as_str().unwrap_or_default().to_owned();

    let mut by_session = Events::open(&owner).await;
    let by_token_response = reqwest::Client::new()
        .get(app.url("/api/v1/events"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET /api/v1/events: {e}"));
    let mut by_token = Events::from(by_token_response).await;

    let revoked = owner.delete(&format!("/api/v1/tokens/{token_id}")).await;
    assert!(revoked.status().is_success(), "{}", revoked.status());
    let logout = owner.post("/api/v1/auth/logout", &json!({})).await;
    assert!(logout.status().is_success(), "{}", logout.status());

    let limit = Duration::from_secs(20);
    let (session_ended, token_ended) = tokio::join!(by_session.ends(limit), by_token.ends(limit));
    assert!(session_ended, "the stream outlived its session");
    assert!(token_ended, "the stream outlived its token");
    // The server releases the Redis subscription just after the stream ends.
    let released = app
        .eventually(Duration::from_secs(5), || async {
            subscribers(&app, owner.tenant_id()).await == 0
        })
        .await;
    assert!(
        released,
        "{} subscriptions left after both streams ended",
        subscribers(&app, owner.tenant_id()).await
    );
}
