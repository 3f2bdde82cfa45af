//! `GET /api/v1/events`: live updates as server-sent events. Each topic
//! published on the caller's tenant channel that the caller may hear about
//! (see [`super::Audience`]) becomes `event: update` with the topic as its
//! data; a comment every 15 s keeps proxies from closing the connection and
//! rechecks that the session or token is still valid (the stream ends when
//! it is not, or when Redis goes away; the browser then reconnects after
//! `retry` milliseconds and is asked to sign in again if need be).
//!
//! Each stream holds its own Redis subscription, released when the client
//! goes away and actix drops the response body.

use super::Audience;
use crate::{
    auth::{Principal, Via},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, http::header, web, HttpResponse};
use attain_cache::updates::{valid_topic, Updates};
use attain_db::control::tokens;
use futures_util::{Stream, StreamExt};
use std::{convert::Infallible, time::Duration};
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

/// How often a keep-alive comment is sent (and the caller rechecked).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The first frame: how long the browser waits before reconnecting.
const RETRY: &[u8] = b"retry: 2000\n\n";
const PING: &[u8] = b": keep-alive\n\n";

#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    operation_id = "events_stream",
    summary = "Live updates (server-sent events).",
    description = "A `text/event-stream` that starts with `retry: 2000`, then sends `event: update` with `data: <topic>` whenever something of the caller's company changes: `company` and `scorecard:<scope>:<period>` (KPI snapshots), `statement:<person id>:<period>` (commission statements), `billing` (the subscription changed; owners and billing admins). Topics only name what changed: refetch it through the API. Reps hear about the company and themselves only, managers about every scorecard and their reporting line's statements. A `: keep-alive` comment comes every 15 s; the stream ends when the session or token stops being valid.",
    responses(
        (status = 200, description = "The event stream; it stays open.", body = String, content_type = "text/event-stream", headers(
            ("Cache-Control" = String, description = "no-cache"),
            ("X-Accel-Buffering" = String, description = "no: proxies must pass events through at once."),
        )),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 503, description = "Redis is unreachable.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/events")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let events = run(state, &principal).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}

/// Subscribes to the caller's tenant channel (and only that one: the tenant
/// is the principal's) and returns the event stream's frames. Redis has
/// confirmed the subscription when this returns.
pub async fn run(
    state: web::Data<AppState>,
    principal: &Principal,
) -> Result<impl Stream<Item = Result<web::Bytes, Infallible>> + 'static, ApiError> {
    let viewer = principal.clone();
    let audience = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| Audience::of(t, &viewer))
        .await?;
    let updates = state.cache.subscribe_updates(principal.tenant.id).await?;
    let mut ticks = interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let live = Live {
        state,
        via: principal.via.clone(),
        audience,
        updates,
        ticks,
    };
    let first = futures_util::stream::once(async { Ok(web::Bytes::from_static(RETRY)) });
    Ok(first.chain(futures_util::stream::unfold(live, next_frame)))
}

/// What an open stream holds; dropping it drops the Redis subscription.
struct Live {
    state: web::Data<AppState>,
    via: Via,
    audience: Audience,
    updates: Updates,
    ticks: Interval,
}

/// The next frame to send, or `None` to end the stream.
async fn next_frame(mut live: Live) -> Option<(Result<web::Bytes, Infallible>, Live)> {
    loop {
        tokio::select! {
            topic = live.updates.next() => {
                let topic = topic?;
                if valid_topic(&topic) && live.audience.admits(&topic) {
                    let frame = format!("event: update\ndata: {topic}\n\n");
                    return Some((Ok(web::Bytes::from(frame)), live));
                }
            }
            _ = live.ticks.tick() => {
                if !still_valid(&live.state, &live.via).await {
                    return None;
                }
                return Some((Ok(web::Bytes::from_static(PING)), live));
            }
        }
    }
}

/// Whether the session or token the stream was opened with still lets the
/// caller in (logout, deactivation, a role change or revocation end it). A
/// failed check ends the stream too; the browser's reconnect decides again.
async fn still_valid(state: &AppState, via: &Via) -> bool {
    let checked = match via {
        Via::Session { id, .. } => state
            .cache
            .session_exists(id)
            .await
            .map_err(|e| e.to_string()),
        Via::Token { id } => {
            let id = *id;
            state
                .db
                .run(move |conn| tokens::is_active(conn, id))
                .await
                .map_err(|e| e.to_string())
        }
    };
    checked.unwrap_or_else(|error| {
        tracing::warn!(%error, "could not recheck an event stream's caller; ending it");
        false
    })
}
