//! `GET /api/v1/benchmarks?period=2026-Q4`: the latest run's cohorts this
//! company belongs to (its industry and size, its industry, its size, all
//! companies), each published with p25/p50/p75/p90 per metric or withheld
//! with the reason, next to the company's own figures for the period.
//! Cohorts are shown only while the company takes part (give to get).

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::{
    control::{
        benchmarks::{self, BenchmarkRun},
        tenants,
    },
    tenant::benchmark_inputs,
};
use attain_domain::{
    period::{Period, PeriodKind},
    Capability, Role,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BenchmarksQuery {
    /// A quarter (2026-Q4); default: this quarter.
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CohortView {
    /// "software, 51-200", "software, all sizes", "all industries, 51-200", "all companies".
    pub label: String,
    pub industry: Option<String>,
    pub size_band: Option<String>,
    pub published: bool,
    /// How many companies are in it; only when published.
    pub companies: Option<i32>,
    /// Per metric (`win_rate`, `average_deal_size` (USD), `cycle_length_days`,
    /// `attainment`, `activities_per_rep`): `percentiles` (p25, p50, p75,
    /// p90) or `withheld` with a reason.
    #[schema(value_type = Object)]
    pub metrics: serde_json::Value,
    /// Why the cohort is withheld.
    pub note: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BenchmarksView {
    pub period: String,
    pub opted_in: bool,
    /// Whether the caller may switch participation (owners and admins).
    pub may_change: bool,
    pub industry: String,
    pub company_size: String,
    /// The latest run of the period, if any yet.
    pub run: Option<BenchmarkRun>,
    pub cohorts: Vec<CohortView>,
    /// The company's own figures for the period to date (same definitions).
    #[schema(value_type = Object)]
    pub own: serde_json::Value,
}

#[utoipa::path(
    get,
    path = "/api/v1/benchmarks",
    tag = "benchmarks",
    operation_id = "benchmarks_view",
    summary = "Peer benchmarks for the company's cohorts.",
    description = "The latest run's cohorts the company belongs to, published percentiles or the reason they are withheld, and the company's own figures. Cohorts appear only while the company takes part.",
    params(BenchmarksQuery),
    responses(
        (status = 200, description = "The benchmarks.", body = BenchmarksView),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Billing admins do not see sales figures.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The period is not a quarter; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/benchmarks")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<BenchmarksQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: BenchmarksQuery,
) -> Result<BenchmarksView, ApiError> {
    principal.require(Capability::ViewKpis)?;
    let today = Utc::now().date_naive();
    let period = Period::requested(
        query.period.as_deref(),
        today,
        &[PeriodKind::Quarter],
        "give a quarter, such as 2026-Q4",
    )?;
    let tenant_id = principal.tenant.id;
    let name = period.to_string();
    let (tenant, opted_in, latest) = state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let tenant =
                tenants::find(conn, tenant_id)?.ok_or_else(|| ApiError::not_found("company"))?;
            let opted_in = benchmarks::is_opted_in(conn, tenant_id)?;
            let latest = if opted_in {
                benchmarks::latest(conn, &name)?
            } else {
                None
            };
            Ok((tenant, opted_in, latest))
        })
        .await?;
    let (own, _) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            benchmark_inputs::contribution(t, &period, today)
        })
        .await?;
    let (run, rows) = latest.map_or((None, Vec::new()), |(run, rows)| (Some(run), rows));
    let cohorts = rows
        .into_iter()
        .filter(|row| {
            row.industry.as_ref().is_none_or(|i| *i == tenant.industry)
                && row
                    .size_band
                    .as_ref()
                    .is_none_or(|s| *s == tenant.company_size)
        })
        .map(|row| CohortView {
            label: attain_alignment::CohortKey {
                industry: row.industry.clone(),
                size_band: row.size_band.clone(),
            }
            .describe(),
            industry: row.industry,
            size_band: row.size_band,
            published: row.published,
            companies: row.companies,
            metrics: row.metrics,
            note: row.note,
        })
        .collect();
    Ok(BenchmarksView {
        period: period.to_string(),
        opted_in,
        may_change: matches!(principal.role, Role::Owner | Role::Admin),
        industry: tenant.industry,
        company_size: tenant.company_size,
        run,
        cohorts,
        own: serde_json::to_value(&own).map_err(ApiError::internal)?,
    })
}
