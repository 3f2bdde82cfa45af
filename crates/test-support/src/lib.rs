//! Test support: every test gets its own database (copied from a migrated
//! template), its own Redis key prefix and its own broker names, and runs the
//! real server on port 0 with the relay and the worker in-process. Nothing is
//! mocked.

pub mod browser;
pub mod proxy;
pub mod seed;

use actix_web::web;
use attain_api::AppState;
use attain_config::{Secret, Settings};
use attain_db::migrations;
use attain_jobs::{consumer::BeforeAck, Topology};
use diesel::{connection::SimpleConnection, Connection, PgConnection};
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};
use std::{
    net::TcpListener,
    sync::{Mutex, OnceLock},
    time::Duration,
};
use tokio::task::JoinHandle;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";

pub fn base_database_url() -> String {
    std::env::var("ATTAIN_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://attain:attain@127.0.0.1:5432/attain".to_owned())
}

pub fn database_url_for(name: &str) -> String {
    let base = base_database_url();
    let cut = base.rfind('/').map(|i| i + 1).unwrap_or(base.len());
    format!("{}{name}", &base[..cut])
}

fn maintenance() -> anyhow::Result<PgConnection> {
    Ok(PgConnection::establish(&database_url_for("postgres"))?)
}

/// Creates (once per test process) a database with the control schema migrated.
fn template() -> anyhow::Result<String> {
    static TEMPLATE: OnceLock<Mutex<Option<String>>> = OnceLock::new();
    let lock = TEMPLATE.get_or_init(|| Mutex::new(None));
    let mut guard = lock
        .lock()
        .map_err(|_| anyhow::anyhow!("template lock poisoned"))?;
    if let Some(name) = guard.as_ref() {
        return Ok(name.clone());
    }
    let name = format!("attain_tmpl_{}", std::process::id());
    let mut admin = maintenance()?;
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    drop(admin);
    let mut conn = PgConnection::establish(&database_url_for(&name))?;
    migrations::migrate_control(&mut conn)?;
    drop(conn);
    *guard = Some(name.clone());
    Ok(name)
}

/// A fresh database for one test, dropped when the guard is.
pub struct TestDatabase {
    pub name: String,
    pub url: String,
}

impl TestDatabase {
    pub fn create() -> anyhow::Result<Self> {
        let template = template()?;
        let name = format!("attain_t_{}", Uuid::new_v4().simple());
        let mut admin = maintenance()?;
        admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))?;
        Ok(Self {
            url: database_url_for(&name),
            name,
        })
    }

    pub fn connect(&self) -> anyhow::Result<PgConnection> {
        Ok(PgConnection::establish(&self.url)?)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = maintenance() {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

pub struct Options {
    pub relay: bool,
    pub worker: bool,
    /// Broker address for relay and worker (a proxy in outage tests).
    pub amqp_url: Option<String>,
    pub before_ack: Option<BeforeAck>,
    pub tune: fn(&mut Settings),
    /// Runs a Stripe stand-in for this app (its webhooks go to the app's
    /// endpoint, signed with the first configured webhook secret) and points
    /// the app's Stripe client at it. Without it, Stripe calls fail fast.
    pub stripe: bool,
}

/// The webhook secret test apps are configured with.
pub const WEBHOOK_SECRET: &str = "whsec_test_attain";

impl Default for Options {
    fn default() -> Self {
        Self {
            relay: true,
            worker: true,
            amqp_url: None,
            before_ack: None,
            tune: |_| {},
            stripe: false,
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub state: web::Data<AppState>,
    pub settings: Settings,
    pub topology: Topology,
    pub database: TestDatabase,
    /// The Stripe stand-in, when [`Options::stripe`] asked for one.
    pub standin: Option<attain_stripe_standin::RunningStandin>,
    tasks: Vec<JoinHandle<()>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> Self {
        Self::try_spawn(options)
            .await
            .unwrap_or_else(|e| panic!("test app failed to start: {e:#}"))
    }

    async fn try_spawn(options: Options) -> anyhow::Result<Self> {
        attain_telemetry_init();
        let database = tokio::task::spawn_blocking(TestDatabase::create).await??;
        let id = Uuid::new_v4().simple().to_string();
        let mut settings = Settings::from_env()?;
        settings.bind = "127.0.0.1:0".into();
        settings.database_url = Secret::new(database.url.clone());
        settings.database_pool_size = 4;
        settings.redis_prefix = format!("test:{id}");
        settings.amqp_prefix = format!("test.{id}");
        settings.login_attempts_per_ip_per_minute = 1000;
        settings.signups_per_ip_per_hour = 1000;
        settings.delivery_limit = 3;
        settings.worker_prefetch = 8;
        // Nothing listens on the discard port: without a stand-in, Stripe calls fail fast.
        settings.stripe_api_base = Some("http://127.0.0.1:9".into());
        settings.stripe_webhook_secrets = vec![Secret::new(WEBHOOK_SECRET)];
        if std::env::var("ATTAIN_SITE_ROOT").is_err() {
            settings.site_root =
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/site").to_owned();
        }
        (options.tune)(&mut settings);
        if let Some(url) = &options.amqp_url {
            settings.amqp_url = Secret::new(url.clone());
        }
        let topology = Topology {
            queue_expiry: Some(Duration::from_secs(120)),
            ..attain_server::topology(&settings)
        };
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = format!("http://{}", listener.local_addr()?);
        // Links the app hands out (invitations, Stripe's return pages) lead back here.
        settings.base_url = address.clone();
        let standin = if options.stripe {
            let secret = settings
                .stripe_webhook_secrets
                .first()
                .map(|s| s.expose().to_owned())
                .unwrap_or_default();
            let mut config = attain_stripe_standin::StandinConfig::new(secret)
                .with_webhook_url(format!("{address}/api/v1/billing/webhook"));
            config.webhook_first_retry_delay = Duration::from_millis(100);
            let standin = attain_stripe_standin::start_on_free_port(config)?;
            settings.stripe_api_base = Some(standin.url().to_owned());
            Some(standin)
        } else {
            None
        };
        let state = web::Data::new(attain_server::build_state(settings.clone()).await?);
        let mut tasks = Vec::new();
        let server = attain_server::http_server(state.clone(), listener)?;
        tasks.push(tokio::spawn(async move {
            let _ = server.await;
        }));
        let app = Self {
            address,
            state,
            settings,
            topology,
            database,
            standin,
            tasks,
        };
        let mut app = app;
        if options.relay {
            app.start_relay();
        }
        if options.worker {
            app.start_worker(options.before_ack);
        }
        Ok(app)
    }

    pub fn start_relay(&mut self) {
        let config = attain_server::relay_config(&self.settings, self.topology.clone());
        let pool = self.state.db.pool().clone();
        self.tasks
            .push(tokio::spawn(attain_jobs::relay::run(pool, config)));
    }

    /// Starts a worker; returns its task so a test can wait for it to stop.
    pub fn start_worker(&mut self, before_ack: Option<BeforeAck>) -> usize {
        let mut config = attain_server::kpi_consumer_config(&self.settings, self.topology.clone());
        config.before_ack = before_ack;
        let handler =
            attain_worker::kpi_snapshot::handler(attain_server::worker_context(&self.state));
        let imports = attain_server::import_consumer_config(&self.settings, self.topology.clone());
        let import_handler =
            attain_worker::imports::handler(attain_server::worker_context(&self.state));
        self.tasks.push(tokio::spawn(attain_jobs::consumer::run(
            imports,
            import_handler,
        )));
        let comp = attain_server::comp_consumer_config(&self.settings, self.topology.clone());
        let comp_handler = attain_worker::comp::handler(attain_server::worker_context(&self.state));
        self.tasks
            .push(tokio::spawn(attain_jobs::consumer::run(comp, comp_handler)));
        let billing = attain_server::billing_consumer_config(&self.settings, self.topology.clone());
        let billing_handler =
            attain_worker::billing::handler(attain_server::worker_context(&self.state));
        self.tasks.push(tokio::spawn(attain_jobs::consumer::run(
            billing,
            billing_handler,
        )));
        self.tasks
            .push(tokio::spawn(attain_jobs::consumer::run(config, handler)));
        self.tasks.len() - 1
    }

    /// The stand-in's controls; panics when the app runs without one.
    pub fn stripe(&self) -> &attain_stripe_standin::Controls {
        match &self.standin {
            Some(standin) => standin.controls(),
            None => panic!("this test app has no Stripe stand-in: spawn it with Options {{ stripe: true, .. }}"),
        }
    }

    pub fn task_finished(&self, index: usize) -> bool {
        self.tasks.get(index).is_some_and(|t| t.is_finished())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Signs up a new company; returns its owner's browser.
    pub async fn signup(&self, slug: &str) -> Browser {
        self.signup_in(slug, "software", "51-200").await
    }

    /// Signs up a company of `industry` and `company_size` (a band such as 51-200).
    pub async fn signup_in(&self, slug: &str, industry: &str, company_size: &str) -> Browser {
        let browser = Browser::new(self);
        let mut body = signup_body(slug, &format!("owner@{slug}.example"));
        body["industry"] = json!(industry);
        body["company_size"] = json!(company_size);
        let response = browser.post("/api/v1/signup", &body).await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "signup failed: {:?}",
            response.text().await
        );
        let body: Value = response.json().await.unwrap_or_default();
        browser.remember(&body);
        browser
    }

    /// Invites `email` with `role` as `admin`, accepts in a new browser, returns it.
    pub async fn add_member(&self, admin: &Browser, email: &str, role: &str) -> Browser {
        let invite: Value = admin
            .post(
                "/api/v1/invitations",
                &json!({ "email": email, "role": role }),
            )
            .await
            .json()
            .await
            .unwrap_or_default();
        let token = invite["token"].as_str().unwrap_or_default().to_owned();
        let member = Browser::new(self);
        let response = member
            .post(
                "/api/v1/invitations/accept",
                &json!({ "token": token, "name": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "accept failed: {:?}",
            response.text().await
        );
        member.remember(&response.json().await.unwrap_or_default());
        member
    }

    /// Polls `check` until it holds or `timeout` passes.
    pub async fn eventually<F, Fut>(&self, timeout: Duration, mut check: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if check().await {
                return true;
            }
            if tokio::time::Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        if let Ok(client) = redis::Client::open(self.settings.redis_url.expose()) {
            if let Ok(mut conn) = client.get_connection() {
                let pattern = format!("{}:*", self.settings.redis_prefix);
                let keys: Vec<String> = redis::cmd("KEYS")
                    .arg(&pattern)
                    .query(&mut conn)
                    .unwrap_or_default();
                if !keys.is_empty() {
                    let _: Result<(), _> = redis::cmd("DEL").arg(keys).query(&mut conn);
                }
            }
        }
    }
}

pub fn signup_body(slug: &str, email: &str) -> Value {
    json!({
        "company_name": format!("{slug} Inc"),
        "slug": slug,
        "industry": "software",
        "company_size": "51-200",
        "admin_name": "Ada Admin",
        "email": email,
        "password": PASSWORD,
    })
}

pub fn unique_slug(stem: &str) -> String {
    format!("{stem}-{}", &Uuid::new_v4().simple().to_string()[..8])
}

/// A browser: a cookie jar plus the CSRF token it echoes, like the pages do.
pub struct Browser {
    pub client: Client,
    base: String,
    csrf: Mutex<Option<String>>,
    pub user_id: Mutex<Option<Uuid>>,
    pub tenant_id: Mutex<Option<Uuid>>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            client: Client::builder()
                .cookie_store(true)
                .build()
                .unwrap_or_default(),
            base: app.address.clone(),
            csrf: Mutex::new(None),
            user_id: Mutex::new(None),
            tenant_id: Mutex::new(None),
        }
    }

    /// Keeps the CSRF token and ids from a session answer.
    pub fn remember(&self, body: &Value) {
        if let Some(token) = body["csrf_token"].as_str() {
            *self.csrf.lock().unwrap_or_else(|e| e.into_inner()) = Some(token.to_owned());
        }
        if let Some(id) = body["user"]["id"].as_str().and_then(|s| s.parse().ok()) {
            *self.user_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(id);
        }
        if let Some(id) = body["tenant"]["id"].as_str().and_then(|s| s.parse().ok()) {
            *self.tenant_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(id);
        }
    }

    pub fn user_id(&self) -> Uuid {
        self.user_id
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_default()
    }

    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_default()
    }

    pub fn csrf(&self) -> Option<String> {
        self.csrf.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        match (method != reqwest::Method::GET, self.csrf()) {
            (true, Some(token)) => builder.header("X-CSRF-Token", token),
            _ => builder,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut builder = self.request(method.clone(), path);
        if let Some(body) = body {
            builder = builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Logs in and keeps the session.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        let response = self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("login: {e}"));
        response
    }
}

fn attain_telemetry_init() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if std::env::var("RUST_LOG").is_ok() {
            let _ = tracing::subscriber::set_global_default(
                tracing::subscriber::NoSubscriber::default(),
            );
        }
    });
}

/// Billing tests sign webhooks and drive the Stripe stand-in through these.
pub use attain_billing;
pub use attain_stripe_standin;

/// A configuration secret, for tests that tune webhook secrets.
pub fn attain_config_secret(value: &str) -> Secret {
    Secret::new(value)
}
