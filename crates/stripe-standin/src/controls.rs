//! What tests and the local demo do to the stand-in that Stripe's API does
//! not offer: pay a Checkout session, make the next payment fail, renew or
//! mark a subscription unpaid, replay or reorder webhooks, inject 500s.
//! Each is a method on [`Controls`] for in-process tests and a route under
//! `/_standin/` (JSON in and out) for other processes and the browser:
//!
//! | Route | Control |
//! |---|---|
//! | `POST /_standin/checkout/sessions/{id}/complete` | [`Controls::complete_checkout`] |
//! | `POST /_standin/payments/fail_next` | [`Controls::fail_next_payment`] |
//! | `POST /_standin/subscriptions/{id}/renew` | [`Controls::renew`] |
//! | `POST /_standin/subscriptions/{id}/unpaid` | [`Controls::mark_unpaid`] |
//! | `POST /_standin/subscriptions/{id}/cancel` | [`Controls::cancel`] |
//! | `POST /_standin/invoices/{id}/pay` | [`Controls::pay_invoice`] |
//! | `GET /_standin/events` | [`Controls::events`] |
//! | `POST /_standin/events/redeliver_last` | [`Controls::redeliver_last_event`] |
//! | `POST /_standin/events/reverse_next_batch` | [`Controls::reverse_next_batch`] |
//! | `GET /_standin/deliveries` | [`Controls::deliveries`] |
//! | `POST /_standin/faults/api_500` `{"count": n}` | [`Controls::fail_next_api_calls`] |
//! | `POST /_standin/faults/lose_responses` `{"count": n}` | [`Controls::lose_next_responses`] |
//! | `PUT /_standin/webhook_endpoint` `{"url": "…" or null}` | [`Controls::set_webhook_url`] |

use crate::error::StandinError;
use crate::store::Delivery;
use crate::Shared;
use actix_web::web::{self, Data, Json, Path};
use actix_web::{HttpResponse, ResponseError};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// A cheap, cloneable handle on a running stand-in's state.
#[derive(Clone)]
pub struct Controls {
    pub(crate) shared: Arc<Shared>,
}

impl Controls {
    /// The customer pays the session: subscription `active` with the
    /// session's prices and quantities, first invoice paid; events
    /// `checkout.session.completed`, `customer.subscription.created`,
    /// `invoice.paid`. Returns the completed session.
    pub fn complete_checkout(&self, session_id: &str) -> Result<Value, StandinError> {
        self.shared.with(|store| store.complete_session(session_id))
    }

    /// The next payment attempt (a renewal, an invoice payment, a prorated
    /// upgrade billed now, or a Checkout payment) is declined.
    pub fn fail_next_payment(&self) {
        self.shared.with(|store| store.fail_next_payment = true);
    }

    /// Starts the subscription's next period and charges it. On a declined
    /// payment the invoice stays open, `invoice.payment_failed` is sent and
    /// an active subscription becomes `past_due`. Returns the invoice.
    pub fn renew(&self, subscription_id: &str) -> Result<Value, StandinError> {
        self.shared.with(|store| store.renew(subscription_id))
    }

    /// Payment retries are over: the subscription becomes `unpaid`.
    pub fn mark_unpaid(&self, subscription_id: &str) -> Result<Value, StandinError> {
        self.shared.with(|store| store.mark_unpaid(subscription_id))
    }

    /// Pays an open invoice (as `POST /v1/invoices/{id}/pay`); its
    /// subscription becomes `active` again when nothing else is open.
    pub fn pay_invoice(&self, invoice_id: &str) -> Result<Value, StandinError> {
        self.shared.with(|store| store.pay_invoice(invoice_id))
    }

    /// Cancels at once (as `DELETE /v1/subscriptions/{id}`):
    /// `customer.subscription.deleted`.
    pub fn cancel(&self, subscription_id: &str) -> Result<Value, StandinError> {
        self.shared
            .with(|store| store.cancel_subscription(subscription_id))
    }

    /// Sends the last event again, same id and body (a fresh signature).
    /// Returns its id, or `None` before any event.
    pub fn redeliver_last_event(&self) -> Option<String> {
        self.shared.with(|store| {
            let event = store.events.last()?.clone();
            let id = event.id.clone();
            store.send(event);
            Some(id)
        })
    }

    /// The events of the next change (e.g. a completed checkout) are sent
    /// in reverse order.
    pub fn reverse_next_batch(&self) {
        self.shared.with(|store| store.reverse_next_batch = true);
    }

    /// The next `count` API calls answer 500 with a Stripe `api_error`
    /// body, before doing anything.
    pub fn fail_next_api_calls(&self, count: u32) {
        self.shared.with(|store| store.failing_api_calls = count);
    }

    /// The next `count` creating or updating calls do their work (and store
    /// it under their idempotency key) but answer 500, as when a response
    /// is lost to a timeout: only a retry with the same key is safe.
    pub fn lose_next_responses(&self, count: u32) {
        self.shared.with(|store| store.losing_responses = count);
    }

    /// Where events go from now on; `None` only logs them.
    pub fn set_webhook_url(&self, url: Option<String>) {
        self.shared.with(|store| store.webhook_url = url);
    }

    /// Every event so far, oldest first, as sent.
    pub fn events(&self) -> Vec<Value> {
        self.shared
            .with(|store| store.events.iter().map(|event| event.to_json()).collect())
    }

    /// Every delivery attempt so far, in the order they finished.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.with(|store| store.deliveries.clone())
    }

    /// Snapshots of the stored objects, oldest first, in Stripe's JSON.
    pub fn customers(&self) -> Vec<Value> {
        self.shared
            .with(|store| store.customers.iter().map(|c| c.to_json()).collect())
    }

    pub fn checkout_sessions(&self) -> Vec<Value> {
        self.shared.with(|store| {
            store
                .sessions
                .iter()
                .map(|session| store.session_json(session))
                .collect()
        })
    }

    pub fn subscriptions(&self) -> Vec<Value> {
        self.shared.with(|store| {
            store
                .subscriptions
                .iter()
                .map(|subscription| store.subscription_json(subscription))
                .collect()
        })
    }

    pub fn invoices(&self) -> Vec<Value> {
        self.shared.with(|store| {
            store
                .invoices
                .iter()
                .map(|invoice| store.invoice_json(invoice))
                .collect()
        })
    }
}

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/_standin")
            .route(
                "/checkout/sessions/{id}/complete",
                web::post().to(complete_checkout),
            )
            .route("/payments/fail_next", web::post().to(fail_next_payment))
            .route("/subscriptions/{id}/renew", web::post().to(renew))
            .route("/subscriptions/{id}/unpaid", web::post().to(mark_unpaid))
            .route("/subscriptions/{id}/cancel", web::post().to(cancel))
            .route("/invoices/{id}/pay", web::post().to(pay_invoice))
            .route("/events", web::get().to(events))
            .route("/events/redeliver_last", web::post().to(redeliver_last))
            .route("/events/reverse_next_batch", web::post().to(reverse_next))
            .route("/deliveries", web::get().to(deliveries))
            .route("/faults/api_500", web::post().to(fail_api_calls))
            .route("/faults/lose_responses", web::post().to(lose_responses))
            .route("/webhook_endpoint", web::put().to(set_webhook_url)),
    );
}

fn controls(shared: Data<Shared>) -> Controls {
    Controls {
        shared: shared.into_inner(),
    }
}

fn answer(result: Result<Value, StandinError>) -> HttpResponse {
    match result {
        Ok(body) => HttpResponse::Ok().json(body),
        Err(error) => error.error_response(),
    }
}

async fn complete_checkout(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    answer(controls(shared).complete_checkout(&id))
}

async fn fail_next_payment(shared: Data<Shared>) -> HttpResponse {
    controls(shared).fail_next_payment();
    HttpResponse::Ok().json(json!({ "fail_next_payment": true }))
}

async fn renew(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    answer(controls(shared).renew(&id))
}

async fn mark_unpaid(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    answer(controls(shared).mark_unpaid(&id))
}

async fn cancel(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    answer(controls(shared).cancel(&id))
}

async fn pay_invoice(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    answer(controls(shared).pay_invoice(&id))
}

async fn events(shared: Data<Shared>) -> HttpResponse {
    HttpResponse::Ok().json(controls(shared).events())
}

async fn redeliver_last(shared: Data<Shared>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "event": controls(shared).redeliver_last_event() }))
}

async fn reverse_next(shared: Data<Shared>) -> HttpResponse {
    controls(shared).reverse_next_batch();
    HttpResponse::Ok().json(json!({ "reverse_next_batch": true }))
}

async fn deliveries(shared: Data<Shared>) -> HttpResponse {
    let deliveries: Vec<Value> = controls(shared)
        .deliveries()
        .into_iter()
        .map(|delivery| {
            json!({
                "event": delivery.event_id,
                "type": delivery.event_type,
                "attempt": delivery.attempt,
                "status": delivery.outcome.as_ref().ok(),
                "error": delivery.outcome.as_ref().err(),
            })
        })
        .collect();
    HttpResponse::Ok().json(deliveries)
}

#[derive(Deserialize)]
struct FaultCount {
    count: u32,
}

async fn fail_api_calls(shared: Data<Shared>, body: Json<FaultCount>) -> HttpResponse {
    controls(shared).fail_next_api_calls(body.count);
    HttpResponse::Ok().json(json!({ "failing_api_calls": body.count }))
}

async fn lose_responses(shared: Data<Shared>, body: Json<FaultCount>) -> HttpResponse {
    controls(shared).lose_next_responses(body.count);
    HttpResponse::Ok().json(json!({ "losing_responses": body.count }))
}

#[derive(Deserialize)]
struct WebhookEndpoint {
    url: Option<String>,
}

async fn set_webhook_url(shared: Data<Shared>, body: Json<WebhookEndpoint>) -> HttpResponse {
    let url = body.into_inner().url;
    controls(shared).set_webhook_url(url.clone());
    HttpResponse::Ok().json(json!({ "url": url }))
}
