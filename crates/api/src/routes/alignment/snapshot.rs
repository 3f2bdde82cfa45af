//! `GET /api/v1/alignment?period=2026-Q4`: the alignment snapshot of a
//! quarter or year (default: this quarter): every revenue goal of the
//! cascade from the company down to reps with its pace (ahead, on track or
//! behind, the gap in money and in days of run rate), its forecast and the
//! chance of reaching it, and its alignment score with the parts it is made
//! of; plus the company's top risks.
//!
//! Served from the worker's snapshot (Redis, then PostgreSQL) when there is
//! one, else computed now; `source` says which. Reps and billing admins get
//! 403: the snapshot holds every rep's figures.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, http::header::ContentType, web, HttpResponse};
use attain_db::tenant::{alignment_inputs, scorecards};
use attain_domain::period::{Period, PeriodKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlignmentQuery {
    /// A quarter (2026-Q4) or year (2026); default: this quarter.
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlignmentView {
    pub period: String,
    /// snapshot or computed.
    pub source: &'static str,
    pub computed_at: Option<DateTime<Utc>>,
    /// `attain_alignment::AlignmentSnapshot`: `goals` (parents first, each
    /// with `pace`, `forecast` and `score`), counts `ahead`, `on_track`,
    /// `behind`, and `risks`.
    #[schema(value_type = Object)]
    pub snapshot: serde_json::Value,
}

#[utoipa::path(
    get,
    path = "/api/v1/alignment",
    tag = "alignment",
    operation_id = "alignment_snapshot",
    summary = "The alignment snapshot.",
    description = "Every revenue goal of a quarter or year with its pace, forecast and alignment score, and the top risks. Owners, admins, executives and managers.",
    params(AlignmentQuery),
    responses(
        (status = 200, description = "The snapshot; `source` says whether it was stored or computed now.", body = AlignmentView),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Reps and billing admins cannot read the whole cascade.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The period is not a quarter or year; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/alignment")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<AlignmentQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    if let Some(body) = cached_body(&state, &principal, &query).await? {
        return Ok(HttpResponse::Ok()
            .content_type(ContentType::json())
            .body(body));
    }
    Ok(HttpResponse::Ok().json(run(&state, &principal, query).await?))
}

/// The cached snapshot as the answer, its figures passed through as stored
/// text rather than parsed and written again (a company's snapshot is a
/// few hundred kilobytes); `None` on a cache miss.
async fn cached_body(
    state: &AppState,
    principal: &Principal,
    query: &AlignmentQuery,
) -> Result<Option<String>, ApiError> {
    #[derive(Deserialize)]
    struct Stored<'a> {
        computed_at: Option<DateTime<Utc>>,
        #[serde(borrow)]
        figures: &'a RawValue,
    }
    #[derive(Serialize)]
    struct Answer<'a> {
        period: String,
        source: &'static str,
        computed_at: Option<DateTime<Utc>>,
        snapshot: &'a RawValue,
    }
    let period = requested_period(principal, query)?;
    let key = alignment_inputs::snapshot_key(&period);
    let Some(text) = state
        .cache
        .get_snapshot_text(principal.tenant.id, &key)
        .await?
    else {
        return Ok(None);
    };
    let stored: Stored = serde_json::from_str(&text).map_err(ApiError::internal)?;
    let answer = Answer {
        period: period.to_string(),
        source: "snapshot",
        computed_at: stored.computed_at,
        snapshot: stored.figures,
    };
    Ok(Some(
        serde_json::to_string(&answer).map_err(ApiError::internal)?,
    ))
}

/// The quarter or year asked for (default: this quarter), once the caller
/// may read alignment at all.
fn requested_period(principal: &Principal, query: &AlignmentQuery) -> Result<Period, ApiError> {
    super::require_reader(principal, "Alignment, with every rep's figures,")?;
    Ok(Period::requested(
        query.period.as_deref(),
        Utc::now().date_naive(),
        &[PeriodKind::Quarter, PeriodKind::Year],
        "give a quarter (2026-Q4) or a year (2026)",
    )?)
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: AlignmentQuery,
) -> Result<AlignmentView, ApiError> {
    let period = requested_period(principal, &query)?;
    let today = Utc::now().date_naive();
    let tenant = principal.tenant.clone();
    let key = alignment_inputs::snapshot_key(&period);
    let stored = crate::routes::kpis::stored_snapshot(state, &tenant, &key).await?;
    if let Some(view) = stored {
        return Ok(AlignmentView {
            period: period.to_string(),
            source: "snapshot",
            computed_at: serde_json::from_value(view["computed_at"].clone()).ok(),
            snapshot: view["figures"].clone(),
        });
    }
    let snapshot = state
        .db
        .in_tenant(tenant, move |t| -> Result<_, ApiError> {
            let wide = attain_domain::period::DateRange {
                from: period.start,
                to_exclusive: period.end_exclusive(),
            };
            let facts = scorecards::load(t, wide)?;
            let lookups = alignment_inputs::lookups(t, &facts, today)?;
            Ok(alignment_inputs::snapshot(
                t, &facts, &lookups, &period, today,
            )?)
        })
        .await?;
    Ok(AlignmentView {
        period: period.to_string(),
        source: "computed",
        computed_at: Some(Utc::now()),
        snapshot: serde_json::to_value(&snapshot).map_err(ApiError::internal)?,
    })
}
