//! Typed settings read from `ATTAIN_*` environment variables, with defaults that
//! work on a local machine. Secrets are wrapped so `Debug` never prints them.

pub use attain_billing::PriceIds;
use std::{env, fmt, time::Duration};

/// A value that must never reach a log line.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("environment variable {name} is invalid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Address the HTTP server binds to.
    pub bind: String,
    /// Public base URL, used in invitation links and to decide whether cookies are `Secure`.
    pub base_url: String,
    pub database_url: Secret,
    pub database_pool_size: u32,
    pub redis_url: Secret,
    /// Prefix of every Redis key, so several installations (or test runs) can share one Redis.
    pub redis_prefix: String,
    pub amqp_url: Secret,
    /// Prefix of every exchange and queue name.
    pub amqp_prefix: String,
    /// Unacknowledged deliveries a worker holds at once.
    pub worker_prefetch: u16,
    /// Deliveries of one message before it is dead-lettered.
    pub delivery_limit: u32,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub login_attempts_per_ip_per_minute: u32,
    pub login_failures_per_account_per_15_minutes: u32,
    pub signups_per_ip_per_hour: u32,
    pub json_logs: bool,
    /// Tenants migrated at once by `attain migrate`.
    pub migrate_concurrency: usize,
    /// Folder holding `pkg/` (the hydrate wasm, its JS glue and the stylesheet).
    pub site_root: String,
    /// Stripe's API base URL; none means the local stand-in, which `serve`
    /// starts on [`Settings::stripe_standin_bind`].
    pub stripe_api_base: Option<String>,
    /// Where `serve` runs the Stripe stand-in when no API base is configured.
    pub stripe_standin_bind: String,
    pub stripe_secret_key: Secret,
    /// Webhook signing secrets; several during a rotation, any one verifies.
    pub stripe_webhook_secrets: Vec<Secret>,
    /// Stripe's price id per tier and interval.
    pub stripe_prices: PriceIds,
    /// How long a past-due company keeps full access.
    pub billing_grace: chrono::Duration,
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            bind: text("ATTAIN_BIND", "127.0.0.1:8080"),
            base_url: text("ATTAIN_BASE_URL", "http://localhost:8080")
                .trim_end_matches('/')
                .to_owned(),
            database_url: Secret::new(text(
                "ATTAIN_DATABASE_URL",
                "postgres://attain:attain@127.0.0.1:5432/attain",
            )),
            database_pool_size: number("ATTAIN_DATABASE_POOL_SIZE", 16)?,
            redis_url: Secret::new(text("ATTAIN_REDIS_URL", "redis://127.0.0.1:6379/")),
            redis_prefix: text("ATTAIN_REDIS_PREFIX", "attain"),
            amqp_url: Secret::new(text(
                "ATTAIN_AMQP_URL",
                "amqp://guest:guest@127.0.0.1:5672/%2f",
            )),
            amqp_prefix: text("ATTAIN_AMQP_PREFIX", "attain"),
            worker_prefetch: number("ATTAIN_WORKER_PREFETCH", 16)?,
            delivery_limit: number("ATTAIN_DELIVERY_LIMIT", 5)?,
            session_idle_timeout: Duration::from_secs(number(
                "ATTAIN_SESSION_IDLE_SECS",
                2 * 3600,
            )?),
            session_absolute_timeout: Duration::from_secs(number(
                "ATTAIN_SESSION_ABSOLUTE_SECS",
                12 * 3600,
            )?),
            login_attempts_per_ip_per_minute: number("ATTAIN_LOGIN_PER_IP_PER_MINUTE", 30)?,
            login_failures_per_account_per_15_minutes: number(
                "ATTAIN_LOGIN_FAILURES_PER_ACCOUNT",
                10,
            )?,
            signups_per_ip_per_hour: number("ATTAIN_SIGNUPS_PER_IP_PER_HOUR", 20)?,
            json_logs: flag("ATTAIN_LOG_JSON")?,
            migrate_concurrency: number("ATTAIN_MIGRATE_CONCURRENCY", 4)?,
            site_root: text("ATTAIN_SITE_ROOT", "target/site"),
            stripe_api_base: env::var("ATTAIN_STRIPE_API_BASE")
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            stripe_standin_bind: text("ATTAIN_STRIPE_STANDIN_BIND", "127.0.0.1:12111"),
            stripe_secret_key: Secret::new(text("ATTAIN_STRIPE_SECRET_KEY", "sk_test_standin")),
            stripe_webhook_secrets: text("ATTAIN_STRIPE_WEBHOOK_SECRETS", "whsec_standin")
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(Secret::new)
                .collect(),
            stripe_prices: prices()?,
            billing_grace: chrono::Duration::days(number("ATTAIN_BILLING_GRACE_DAYS", 7)?),
        })
    }

    /// The Stripe API base: the configured one, or the local stand-in's.
    pub fn stripe_api_base(&self) -> String {
        self.stripe_api_base
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.stripe_standin_bind))
    }

    /// Cookies are `Secure` everywhere except plain-http local development.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// `ATTAIN_STRIPE_PRICE_<TIER>_<INTERVAL>` (e.g. `..._GROWTH_YEARLY`) for
/// each plan, the stand-in's ids otherwise.
fn prices() -> Result<PriceIds, ConfigError> {
    let standin = PriceIds::standin();
    let ids = PriceIds::new(|tier, interval| {
        let name = format!(
            "ATTAIN_STRIPE_PRICE_{}_{}",
            tier.as_str().to_uppercase(),
            interval.as_str().to_uppercase()
        );
        env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| standin.get(tier, interval).to_owned())
    });
    Ok(ids)
}

fn text(name: &'static str, default: &str) -> String {
    env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn number<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError> {
    match env::var(name) {
        Ok(raw) if !raw.trim().is_empty() => raw.trim().parse().map_err(|_| ConfigError {
            name,
            reason: format!("expected a whole number, got {raw:?}"),
        }),
        _ => Ok(default),
    }
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match env::var(name).unwrap_or_default().trim() {
        "" | "0" | "false" | "no" => Ok(false),
        "1" | "true" | "yes" => Ok(true),
        other => Err(ConfigError {
            name,
            reason: format!("expected true or false, got {other:?}"),
        }),
    }
}
