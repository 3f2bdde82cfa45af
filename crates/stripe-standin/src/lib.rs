//! A local stand-in for the parts of Stripe's API Attain uses, for tests
//! and for running without a Stripe key. It serves `/v1/...` at its root in
//! Stripe's JSON shapes, so async-stripe talks to it unchanged
//! (`ClientBuilder::new(key).url(standin_url)`), and keeps its state in
//! memory:
//!
//! - customers, Checkout sessions (subscription mode), subscriptions with
//!   items and quantities (seat and price changes with proration),
//!   invoices and customer portal sessions (the `api` module);
//! - `Idempotency-Key`: the same key and parameters replay the first
//!   answer, so a retried call never creates a second object;
//! - signed webhooks (`checkout.session.completed`,
//!   `customer.subscription.created/updated/deleted`, `invoice.paid`,
//!   `invoice.payment_failed`) POSTed to the configured endpoint and
//!   retried with backoff (the `webhooks` module);
//! - [`Controls`] (also under `/_standin/`): pay a session, fail the next
//!   payment, renew, mark unpaid, pay, cancel, redeliver the last event,
//!   reverse the next batch, answer 500 to the next N calls (before or
//!   after doing their work);
//! - the hosted pages: Checkout with a "Pay" button, the portal and
//!   invoices (the `pages` module).
//!
//! Start it with [`serve`] (runs until the process stops) or [`start`] /
//! [`start_on_free_port`] (in the background, for tests):
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use attain_billing::{PriceIds, StripeClient, StripeConfig};
//! use attain_stripe_standin::{start_on_free_port, StandinConfig};
//!
//! let standin = start_on_free_port(
//!     StandinConfig::new("whsec_local").with_webhook_url("http://127.0.0.1:8080/webhooks/stripe"),
//! )?;
//! let stripe = StripeClient::new(&StripeConfig::new(
//!     standin.url(),
//!     "sk_test_local",
//!     PriceIds::standin(),
//! ))?;
//! // ... create a Checkout session with `stripe`, then pay it:
//! # let session_id = "cs_test_...";
//! standin.controls().complete_checkout(session_id)?;
//! standin.stop().await;
//! # Ok(()) }
//! ```

mod api;
pub mod config;
mod controls;
pub mod error;
mod form;
mod model;
mod pages;
mod store;
mod webhooks;

pub use config::{tier_prices, Price, StandinConfig};
pub use controls::Controls;
pub use error::StandinError;
pub use model::API_VERSION;
pub use store::Delivery;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError};
use store::Store;
use tokio::task::JoinHandle;

/// The state every handler, control and the webhook sender share.
pub(crate) struct Shared {
    store: Mutex<Store>,
}

impl Shared {
    /// Runs `change` under the lock, then queues the events it caused.
    pub(crate) fn with<T>(&self, change: impl FnOnce(&mut Store) -> T) -> T {
        // A panic in another request leaves consistent-enough test state.
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let out = change(&mut store);
        store.end_batch();
        out
    }
}

/// A stand-in running in the background.
pub struct RunningStandin {
    url: String,
    addr: SocketAddr,
    controls: Controls,
    server: ServerHandle,
    server_task: JoinHandle<std::io::Result<()>>,
    delivery_task: JoinHandle<()>,
}

impl RunningStandin {
    /// `http://127.0.0.1:<port>`: the base URL for async-stripe (which
    /// appends `/v1/...`) and for the pages.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn controls(&self) -> &Controls {
        &self.controls
    }

    /// Stops accepting requests and delivering events.
    pub async fn stop(self) {
        self.server.stop(false).await;
        self.server_task.abort();
        self.delivery_task.abort();
    }
}

/// Serves on `listener` until the process gets a stop signal (Ctrl-C,
/// SIGTERM). Must run inside a tokio runtime.
pub async fn serve(config: StandinConfig, listener: TcpListener) -> Result<(), StandinError> {
    let (server, _, _, delivery_task) = build(config, listener, true)?;
    let result = server.await;
    delivery_task.abort();
    Ok(result?)
}

/// Starts on `listener` in the background of the current tokio runtime.
pub fn start(config: StandinConfig, listener: TcpListener) -> Result<RunningStandin, StandinError> {
    let addr = listener.local_addr()?;
    let (server, url, controls, delivery_task) = build(config, listener, false)?;
    let handle = server.handle();
    Ok(RunningStandin {
        url,
        addr,
        controls,
        server: handle,
        server_task: tokio::spawn(server),
        delivery_task,
    })
}

/// [`start`] on `127.0.0.1` with a port the system picks.
pub fn start_on_free_port(config: StandinConfig) -> Result<RunningStandin, StandinError> {
    start(config, TcpListener::bind("127.0.0.1:0")?)
}

fn build(
    config: StandinConfig,
    listener: TcpListener,
    handle_signals: bool,
) -> Result<(Server, String, Controls, JoinHandle<()>), StandinError> {
    let address = listener.local_addr()?;
    let url = format!("http://{address}");
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| url.clone())
        .trim_end_matches('/')
        .to_owned();
    let (outbox, events) = tokio::sync::mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        store: Mutex::new(Store::new(&config, public_url, outbox)),
    });
    let policy = webhooks::DeliveryPolicy {
        secret: config.webhook_secret.clone(),
        attempts: config.webhook_attempts.max(1),
        first_retry_delay: config.webhook_first_retry_delay,
    };
    let delivery_task = tokio::spawn(webhooks::deliver(shared.clone(), events, policy));
    let data = web::Data::from(shared.clone());
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .configure(api::routes)
            .configure(controls::routes)
            .configure(pages::routes)
    })
    .workers(1)
    .shutdown_timeout(1)
    .listen(listener)?;
    if !handle_signals {
        server = server.disable_signals();
    }
    tracing::info!(%url, "Stripe stand-in listening");
    Ok((server.run(), url, Controls { shared }, delivery_task))
}
