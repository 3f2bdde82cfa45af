//! Assembly of the `attain` binary: the HTTP server, the outbox relay and the
//! worker's consumers, built from [`Settings`]. Tests start the same pieces.

pub mod demo;
pub mod migrate;

use actix_files::Files;
use actix_web::{middleware::from_fn, web, App, HttpServer};
use attain_api::{passwords, request_context, AppState};
use attain_cache::Cache;
use attain_config::Settings;
use attain_db::{pool::build_pool, Db};
use attain_jobs::{
    consumer::ConsumerConfig,
    relay::RelayConfig,
    topology::{BILLING_QUEUE, COMP_QUEUE, IMPORT_QUEUE, KPI_QUEUE},
    Topology,
};
use attain_worker::WorkerContext;
use leptos::config::LeptosOptions;
use leptos_actix::{generate_route_list, LeptosRoutes};
use std::{net::TcpListener, time::Duration};

pub fn topology(settings: &Settings) -> Topology {
    Topology {
        prefix: settings.amqp_prefix.clone(),
        delivery_limit: settings.delivery_limit,
        queue_expiry: None,
    }
}

pub fn relay_config(settings: &Settings, topology: Topology) -> RelayConfig {
    RelayConfig {
        amqp_url: settings.amqp_url.expose().to_owned(),
        topology,
        batch_size: 200,
        idle_poll: Duration::from_millis(100),
    }
}

pub fn kpi_consumer_config(settings: &Settings, topology: Topology) -> ConsumerConfig {
    ConsumerConfig {
        amqp_url: settings.amqp_url.expose().to_owned(),
        topology,
        queue: KPI_QUEUE,
        prefetch: settings.worker_prefetch,
        before_ack: None,
    }
}

/// Imports run one at a time per worker: each is a long transaction.
pub fn import_consumer_config(settings: &Settings, topology: Topology) -> ConsumerConfig {
    ConsumerConfig {
        amqp_url: settings.amqp_url.expose().to_owned(),
        topology,
        queue: IMPORT_QUEUE,
        prefetch: 1,
        before_ack: None,
    }
}

/// Statements: a few deliveries at once; recalculations of one tenant
/// queue behind each other on a lock anyway.
pub fn comp_consumer_config(settings: &Settings, topology: Topology) -> ConsumerConfig {
    ConsumerConfig {
        amqp_url: settings.amqp_url.expose().to_owned(),
        topology,
        queue: COMP_QUEUE,
        prefetch: settings.worker_prefetch.min(4),
        before_ack: None,
    }
}

/// Stripe events: a few at once; events of one company wait for each
/// other on its subscription row.
pub fn billing_consumer_config(settings: &Settings, topology: Topology) -> ConsumerConfig {
    ConsumerConfig {
        amqp_url: settings.amqp_url.expose().to_owned(),
        topology,
        queue: BILLING_QUEUE,
        prefetch: settings.worker_prefetch.min(4),
        before_ack: None,
    }
}

/// The Stripe client: Stripe itself, or the stand-in when no API base is
/// configured.
pub fn stripe_client(settings: &Settings) -> anyhow::Result<attain_billing::StripeClient> {
    let config = attain_billing::StripeConfig::new(
        settings.stripe_api_base(),
        settings.stripe_secret_key.expose(),
        settings.stripe_prices.clone(),
    );
    Ok(attain_billing::StripeClient::new(&config)?)
}

/// When no Stripe API base is configured, runs the local Stripe stand-in on
/// `ATTAIN_STRIPE_STANDIN_BIND`, sending its signed events to this
/// server's webhook; returns `None` when Stripe is configured.
pub fn start_standin(
    settings: &Settings,
) -> anyhow::Result<Option<attain_stripe_standin::RunningStandin>> {
    if settings.stripe_api_base.is_some() {
        return Ok(None);
    }
    let secret = settings
        .stripe_webhook_secrets
        .first()
        .map(|secret| secret.expose().to_owned())
        .unwrap_or_default();
    let listener = TcpListener::bind(&settings.stripe_standin_bind)?;
    let config = attain_stripe_standin::StandinConfig::new(secret)
        .with_webhook_url(format!("{}/api/v1/billing/webhook", settings.base_url));
    let standin = attain_stripe_standin::start(config, listener)?;
    tracing::info!(
        url = standin.url(),
        "no Stripe API base configured: the Stripe stand-in is serving"
    );
    Ok(Some(standin))
}

/// Connects to PostgreSQL and Redis and prepares what handlers share.
pub async fn build_state(settings: Settings) -> anyhow::Result<AppState> {
    let (db, cache) = connect(&settings).await?;
    let dummy_password_hash =
        tokio::task::spawn_blocking(|| passwords::hash_blocking("attain-login-timing-equaliser"))
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    let stripe = stripe_client(&settings)?;
    Ok(AppState {
        settings,
        db,
        cache,
        dummy_password_hash,
        stripe,
    })
}

pub async fn connect(settings: &Settings) -> anyhow::Result<(Db, Cache)> {
    let url = settings.database_url.expose().to_owned();
    let size = settings.database_pool_size;
    let pool = tokio::task::spawn_blocking(move || build_pool(&url, size)).await??;
    let cache = Cache::connect(settings.redis_url.expose(), &settings.redis_prefix).await?;
    Ok((Db::new(pool), cache))
}

pub fn worker_context(state: &AppState) -> WorkerContext {
    WorkerContext {
        db: state.db.clone(),
        cache: state.cache.clone(),
        stripe: state.stripe.clone(),
    }
}

/// The HTTP server on an already-bound listener (port 0 in tests): the JSON
/// API, the pages (server-rendered, hydrated from `/pkg`) and the pages'
/// server functions under `/fn`.
pub fn http_server(
    state: web::Data<AppState>,
    listener: TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let site_root = state.settings.site_root.clone();
    let options = LeptosOptions::builder()
        .output_name("attain")
        .site_root(site_root.as_str())
        .site_pkg_dir("pkg")
        .build();
    let routes = generate_route_list(attain_frontend::App);
    Ok(HttpServer::new(move || {
        let page_options = options.clone();
        let fallback_options = options.clone();
        App::new()
            .app_data(state.clone())
            .app_data(web::Data::new(options.clone()))
            .wrap(from_fn(request_context::middleware))
            .configure(attain_api::configure)
            .route("/fn/{tail:.*}", leptos_actix::handle_server_fns())
            .service(Files::new("/pkg", format!("{site_root}/pkg")))
            .leptos_routes(routes.clone(), move || {
                attain_frontend::shell(page_options.clone())
            })
            .default_service(leptos_actix::render_app_to_stream(
                move || attain_frontend::shell(fallback_options.clone()),
                leptos_router::Method::Get,
            ))
    })
    // A client that closes its side is gone (browsers never half-close): stop
    // at once instead of at the next failed write, so an abandoned event
    // stream releases its Redis subscription immediately.
    .h1_allow_half_closed(false)
    .listen(listener)?
    .run())
}
