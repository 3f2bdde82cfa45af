//! `GET /api/v1/kpis?scope=company|region:<id>|team:<id>|rep:<id>&period=2026-Q3`
//! or `&from=2026-07-01&to=2026-09-30`: the KPI scorecard of a scope.
//!
//! A calendar period is served from the worker's snapshot (Redis, then
//! PostgreSQL) when there is one, else computed on demand; `fresh=true` or an
//! ad-hoc range always computes. `source` says which. Reps may read the
//! company's and their own scorecard only.

use crate::{auth::Principal, error::ApiError, routes::deals::caller_person, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::{people, scorecards, teams};
use attain_domain::{
    period::{DateRange, Period},
    scorecard::Scope,
    Capability, FieldError, Role,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScorecardQuery {
    /// `company` (default), `region:<id>`, `team:<id>` or `rep:<id>`.
    pub scope: Option<String>,
    /// A calendar period such as 2026-Q3 (default: this quarter).
    pub period: Option<String>,
    /// First day of an ad-hoc range (with `to`, without `period`).
    pub from: Option<NaiveDate>,
    /// Last day of an ad-hoc range, included.
    pub to: Option<NaiveDate>,
    /// `true` computes now instead of serving the snapshot.
    pub fresh: Option<bool>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScorecardView {
    pub scope: String,
    /// `2026-Q3` for a calendar period, `from..to` for an ad-hoc range.
    pub period: String,
    /// snapshot or computed.
    pub source: &'static str,
    pub computed_at: Option<chrono::DateTime<chrono::Utc>>,
    #[schema(value_type = attain_domain::scorecard::Scorecard)]
    pub scorecard: serde_json::Value,
}

#[utoipa::path(
    get,
    path = "/api/v1/kpis",
    tag = "kpis",
    operation_id = "kpis_scorecard",
    summary = "A scope's KPI scorecard.",
    description = "For a calendar period (from the snapshot when there is one, else computed) or an ad-hoc range; reps may read the company's and their own only.",
    params(ScorecardQuery),
    responses(
        (status = 200, description = "The scorecard; `source` says whether it was a snapshot or computed.", body = ScorecardView),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a rep asked for another scope.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such team or person.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/kpis")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ScorecardQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: ScorecardQuery,
) -> Result<ScorecardView, ApiError> {
    principal.require(Capability::ViewKpis)?;
    let scope = Scope::parse(query.scope.as_deref().unwrap_or("company"))?;
    let (range, period) = match (&query.period, query.from, query.to) {
        (Some(text), None, None) => {
            let period: Period = text.parse()?;
            (period.range(), Some(period))
        }
        (None, Some(from), Some(to)) => (DateRange::inclusive(from, to)?, None),
        (None, None, None) => {
            let period = Period::containing(
                attain_domain::period::PeriodKind::Quarter,
                chrono::Utc::now().date_naive(),
            );
            (period.range(), Some(period))
        }
        (Some(_), _, _) => {
            return Err(
                FieldError::new("period", "give either a period or from and to, not both").into(),
            )
        }
        (None, _, _) => {
            return Err(FieldError::new("to", "an ad-hoc range needs both from and to").into())
        }
    };
    let label = match &period {
        Some(period) => period.to_string(),
        None => format!(
            "{}..{}",
            range.from,
            range.to_exclusive - chrono::Days::new(1)
        ),
    };
    let tenant = principal.tenant.clone();
    let viewer = principal.clone();
    let key = period.as_ref().map(|p| scorecards::snapshot_key(scope, p));
    let (exists, me) = state
        .db
        .in_tenant(tenant.clone(), move |t| -> Result<_, ApiError> {
            let exists = match scope {
                Scope::Company => true,
                Scope::Team(id) => teams::find_for_update(t, id)?.is_some(),
                Scope::Rep(id) => people::find(t, id)?.is_some(),
            };
            Ok((exists, caller_person(t, &viewer)?))
        })
        .await?;
    if !exists {
        return Err(ApiError::not_found("scope"));
    }
    if principal.role == Role::Rep {
        let allowed =
            matches!(scope, Scope::Company) || matches!(scope, Scope::Rep(id) if Some(id) == me);
        if !allowed {
            return Err(ApiError::forbidden(
                "Reps can see the company's scorecard and their own.",
            ));
        }
    }
    let fresh = query.fresh.unwrap_or(false);
    if let (Some(key), false) = (&key, fresh) {
        let stored = super::stored_snapshot(state, &tenant, key).await?;
        if let Some(view) = stored {
            return Ok(ScorecardView {
                scope: scope.key(),
                period: label,
                source: "snapshot",
                computed_at: serde_json::from_value(view["computed_at"].clone()).ok(),
                scorecard: view["figures"].clone(),
            });
        }
    }
    let card = state
        .db
        .in_tenant(tenant, move |t| scorecards::compute_now(t, scope, range))
        .await?;
    Ok(ScorecardView {
        scope: scope.key(),
        period: label,
        source: "computed",
        computed_at: Some(chrono::Utc::now()),
        scorecard: serde_json::to_value(&card).map_err(ApiError::internal)?,
    })
}
