//! `POST /api/v1/billing/webhook`: Stripe's events. No session: the raw body
//! must carry a valid `Stripe-Signature` under one of the configured webhook
//! secrets, within 300 seconds either way; anything else is a 400 and
//! nothing is stored. A verified event is stored (once per Stripe event id)
//! with an outbox message in the same transaction, and answered at once; the
//! worker applies it.

use crate::{error::ApiError, state::AppState};
use actix_web::{post, web, HttpRequest, HttpResponse};
use attain_billing::signature::{self, SignatureError};
use attain_db::control::billing::{self, NewBillingEvent};
use attain_jobs::envelope::{enqueue_untenanted, kinds, BillingEventReceived};
use chrono::{DateTime, Utc};
use diesel::Connection;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookReceived {
    pub received: bool,
    /// True when this event id was stored before (a redelivery).
    pub duplicate: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/billing/webhook",
    tag = "billing",
    operation_id = "billing_webhook",
    summary = "Receive a Stripe event.",
    description = "Stripe's webhook endpoint. No session: the raw body must carry a `Stripe-Signature` valid under a configured webhook secret within 300 seconds. The event is stored once per id and processed by the worker; the answer comes at once.",
    request_body(content = Object, description = "A Stripe event, exactly as Stripe sent it.", content_type = "application/json"),
    responses(
        (status = 200, description = "Stored (or stored before).", body = WebhookReceived),
        (status = 400, description = "The signature is missing, wrong, stale or in the future, or the body is not a Stripe event.", body = crate::openapi::ErrorBody),
    ),
)]
#[post("/billing/webhook")]
pub async fn handler(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let header = req
        .headers()
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    Ok(HttpResponse::Ok().json(run(&state, header, &body).await?))
}

pub async fn run(
    state: &AppState,
    header: Option<&str>,
    body: &[u8],
) -> Result<WebhookReceived, ApiError> {
    let secrets: Vec<&str> = state
        .settings
        .stripe_webhook_secrets
        .iter()
        .map(|secret| secret.expose())
        .collect();
    signature::verify(
        header,
        body,
        &secrets,
        Utc::now().timestamp(),
        signature::DEFAULT_TOLERANCE_SECS,
    )
    .map_err(|error| {
        tracing::warn!(%error, "refused a Stripe webhook");
        let code = match error {
            SignatureError::Missing => "signature_missing",
            SignatureError::Malformed => "signature_malformed",
            SignatureError::Stale => "signature_stale",
            SignatureError::Future => "signature_future",
            SignatureError::Mismatch => "signature_mismatch",
        };
        ApiError::bad_request(code, format!("{error}.")).with_field("Stripe-Signature")
    })?;
    let payload: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::bad_request("invalid_event", "The body is not JSON."))?;
    let (Some(id), Some(kind), Some(created)) = (
        payload["id"].as_str().map(str::to_owned),
        payload["type"].as_str().map(str::to_owned),
        payload["created"].as_i64(),
    ) else {
        return Err(ApiError::bad_request(
            "invalid_event",
            "The body is not a Stripe event: it needs an id, a type and created.",
        ));
    };
    let event = NewBillingEvent {
        stripe_event_id: id.clone(),
        event_type: kind,
        stripe_created_at: DateTime::from_timestamp(created, 0).unwrap_or_else(Utc::now),
        payload,
    };
    let stored = state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<bool, ApiError> {
                if !billing::store_event(conn, &event)? {
                    return Ok(false);
                }
                enqueue_untenanted(
                    conn,
                    kinds::BILLING_EVENT,
                    BillingEventReceived {
                        stripe_event_id: event.stripe_event_id.clone(),
                    },
                )?;
                Ok(true)
            })
        })
        .await?;
    tracing::info!(stripe_event_id = %id, duplicate = !stored, "Stripe event received");
    Ok(WebhookReceived {
        received: true,
        duplicate: !stored,
    })
}
