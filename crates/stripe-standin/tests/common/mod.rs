//! What every stand-in test needs: the stand-in on a free port, a webhook
//! receiver that verifies each delivery's signature, and Attain's Stripe
//! client pointed at the stand-in.

// Test helpers: a panic is how they report a broken set-up.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use attain_billing::client::{CheckoutRequest, Plan, PriceIds, StripeClient, StripeConfig};
use attain_billing::{Interval, Tier};
use attain_stripe_standin::{RunningStandin, StandinConfig};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

pub const WEBHOOK_SECRET: &str = "whsec_test_standin";

/// Verified events, in arrival order, and how many deliveries to refuse.
#[derive(Default)]
pub struct Inbox {
    pub events: Vec<Value>,
    pub refuse_next: u32,
    pub bad_signatures: u32,
}

pub struct Receiver {
    pub url: String,
    pub inbox: Arc<Mutex<Inbox>>,
    server: actix_web::dev::ServerHandle,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let data = web::Data::new(inbox.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/webhooks/stripe", listener.local_addr().unwrap());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/webhooks/stripe", web::post().to(receive))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver {
            url,
            inbox,
            server: handle,
        }
    }

    pub fn refuse_next(&self, count: u32) {
        self.inbox.lock().unwrap().refuse_next = count;
    }

    pub fn events(&self) -> Vec<Value> {
        self.inbox.lock().unwrap().events.clone()
    }

    pub fn types(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|event| event["type"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Waits (up to five seconds) until `count` events arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Value> {
        for _ in 0..100 {
            let events = self.events();
            if events.len() >= count {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {count} events, got {:?}", self.types());
    }

    pub async fn stop(self) {
        self.server.stop(false).await;
    }
}

async fn receive(
    inbox: web::Data<Arc<Mutex<Inbox>>>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let header = req
        .headers()
        .get("Stripe-Signature")
        .and_then(|value| value.to_str().ok());
    let now = chrono_now();
    let mut inbox = inbox.lock().unwrap();
    if attain_billing::signature::verify(
        header,
        &body,
        &[WEBHOOK_SECRET],
        now,
        attain_billing::signature::DEFAULT_TOLERANCE_SECS,
    )
    .is_err()
    {
        inbox.bad_signatures += 1;
        return HttpResponse::BadRequest().finish();
    }
    if inbox.refuse_next > 0 {
        inbox.refuse_next -= 1;
        return HttpResponse::InternalServerError().finish();
    }
    inbox.events.push(serde_json::from_slice(&body).unwrap());
    HttpResponse::Ok().finish()
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub struct World {
    pub standin: RunningStandin,
    pub receiver: Receiver,
    pub client: StripeClient,
}

impl World {
    pub async fn start() -> World {
        Self::start_with(3).await
    }

    /// With `max_attempts` per client call.
    pub async fn start_with(max_attempts: u32) -> World {
        let receiver = Receiver::start().await;
        let mut config = StandinConfig::new(WEBHOOK_SECRET).with_webhook_url(&receiver.url);
        config.secret_key = Some("sk_test_standin".into());
        config.webhook_first_retry_delay = Duration::from_millis(50);
        let standin = attain_stripe_standin::start_on_free_port(config).unwrap();
        let mut client_config =
            StripeConfig::new(standin.url(), "sk_test_standin", PriceIds::standin());
        client_config.max_attempts = max_attempts;
        client_config.first_retry_delay = Duration::from_millis(20);
        let client = StripeClient::new(&client_config).unwrap();
        World {
            standin,
            receiver,
            client,
        }
    }

    pub fn controls(&self) -> &attain_stripe_standin::Controls {
        self.standin.controls()
    }

    /// A tenant with a customer and an open Checkout session for `seats`
    /// Growth seats, monthly. Returns (tenant, customer id, session id).
    pub async fn open_checkout(&self, seats: u32) -> (Uuid, String, String) {
        let tenant = Uuid::new_v4();
        let customer = self
            .client
            .create_customer(tenant, "Acme", Some("billing@acme.test"))
            .await
            .unwrap();
        let session = self
            .client
            .create_checkout_session(&CheckoutRequest {
                tenant_id: tenant,
                customer_id: &customer,
                plan: Plan {
                    tier: Tier::Growth,
                    interval: Interval::Monthly,
                    seats,
                },
                success_url: "http://app.test/billing/done?session={CHECKOUT_SESSION_ID}",
                cancel_url: "http://app.test/billing",
                attempt: "1",
            })
            .await
            .unwrap();
        (tenant, customer, session.id)
    }

    /// As [`Self::open_checkout`], then paid; waits for its three events
    /// and clears them. Returns (tenant, customer id, subscription id).
    pub async fn subscribed(&self, seats: u32) -> (Uuid, String, String) {
        let (tenant, customer, session) = self.open_checkout(seats).await;
        let completed = self.controls().complete_checkout(&session).unwrap();
        self.receiver.wait_for(3).await;
        self.receiver.inbox.lock().unwrap().events.clear();
        let subscription = completed["subscription"].as_str().unwrap().to_owned();
        (tenant, customer, subscription)
    }
}
