//! Stripe's API at `/v1/...`: one module per resource, sharing the checks
//! every call gets (the bearer key, injected failures) and the handling of
//! `Idempotency-Key` on creating and updating calls.

mod checkout;
mod customers;
mod events;
mod invoices;
mod portal;
mod subscriptions;

use crate::error::StandinError;
use crate::form::Form;
use crate::store::{Store, StoredResponse};
use crate::Shared;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde_json::Value;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v1")
            .configure(customers::routes)
            .configure(checkout::routes)
            .configure(subscriptions::routes)
            .configure(invoices::routes)
            .configure(portal::routes)
            .configure(events::routes)
            .default_service(web::to(unknown_endpoint)),
    );
}

async fn unknown_endpoint(req: HttpRequest) -> HttpResponse {
    StandinError::UnknownEndpoint(format!("{} {}", req.method(), req.path())).error_response()
}

/// The key check and the injected 500s, in front of every API call.
fn admit(store: &mut Store, req: &HttpRequest) -> Result<(), StandinError> {
    let bearer = req
        .headers()
        .get("Authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .filter(|key| !key.is_empty());
    match (bearer, &store.secret_key) {
        (None, _) => return Err(StandinError::Unauthorized),
        (Some(given), Some(expected)) if given != expected => {
            return Err(StandinError::Unauthorized)
        }
        _ => {}
    }
    if store.failing_api_calls > 0 {
        store.failing_api_calls -= 1;
        return Err(StandinError::InjectedFault);
    }
    Ok(())
}

/// A read: `op` gets the store and the parsed query string.
pub(crate) fn read(
    shared: &Shared,
    req: &HttpRequest,
    op: impl FnOnce(&Store, &Form) -> Result<Value, StandinError>,
) -> HttpResponse {
    let query = Form::parse(req.query_string().as_bytes());
    let result = shared.with(|store| {
        admit(store, req)?;
        op(store, &query)
    });
    match result {
        Ok(body) => HttpResponse::Ok().json(body),
        Err(error) => error.error_response(),
    }
}

/// A creating or updating call. With an `Idempotency-Key`, the first
/// answer is stored and replayed for the same key and parameters (with
/// `Idempotent-Replayed: true`), so a retry never creates a second object;
/// the same key with other parameters is refused. Answers that never ran
/// (a rejected key, an injected 500) are not stored, as on Stripe. A "lost"
/// response (see `Controls::lose_next_responses`) runs and is stored, but
/// the caller gets a 500, as after a timeout.
pub(crate) fn mutate(
    shared: &Shared,
    req: &HttpRequest,
    body: &[u8],
    op: impl FnOnce(&mut Store, &Form) -> Result<Value, StandinError>,
) -> HttpResponse {
    let key = req
        .headers()
        .get("Idempotency-Key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let fingerprint = format!(
        "{} {} {}",
        req.method(),
        req.path(),
        String::from_utf8_lossy(body)
    );
    let form = Form::parse(body);
    shared.with(|store| {
        if let Err(error) = admit(store, req) {
            return error.error_response();
        }
        if let Some(stored) = key.as_ref().and_then(|key| store.idempotency.get(key)) {
            if stored.fingerprint != fingerprint {
                return StandinError::IdempotencyMismatch.error_response();
            }
            let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
            return HttpResponse::build(status)
                .insert_header(("Idempotent-Replayed", "true"))
                .json(&stored.body);
        }
        let (status, body) = match op(store, &form) {
            Ok(body) => (StatusCode::OK, body),
            Err(error) => (error.status_code(), error.body()),
        };
        if let Some(key) = key {
            store.idempotency.insert(
                key,
                StoredResponse {
                    fingerprint,
                    status: status.as_u16(),
                    body: body.clone(),
                },
            );
        }
        if store.losing_responses > 0 {
            store.losing_responses -= 1;
            return StandinError::InjectedFault.error_response();
        }
        HttpResponse::build(status).json(body)
    })
}

/// Stripe's list envelope over `items` (newest first), honouring `limit`
/// (default 10, at most 100) and `starting_after`.
pub(crate) fn page(mut items: Vec<Value>, query: &Form, url: &str) -> Value {
    items.reverse();
    if let Some(after) = query.str("starting_after") {
        if let Some(position) = items
            .iter()
            .position(|item| item.get("id").and_then(Value::as_str) == Some(after))
        {
            items.drain(..=position);
        }
    }
    let limit = query.parsed::<usize>("limit").unwrap_or(10).clamp(1, 100);
    let has_more = items.len() > limit;
    items.truncate(limit);
    crate::model::list(items, has_more, url)
}
