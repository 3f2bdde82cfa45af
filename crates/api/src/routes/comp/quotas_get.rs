//! `GET /api/v1/comp/quotas?period=2026-11`: everyone's quota for one
//! statement period (the current one by default). The period must be of the
//! company's statement length. Read by those who manage compensation or
//! approve statements.

use super::tenant_period;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::{
    tenant::{comp_inputs, comp_plans},
    TenantConn,
};
use attain_domain::{
    period::{Period, PeriodKind},
    Capability,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotaQuery {
    /// `2026-11` for monthly statements, `2026-Q4` for quarterly; the
    /// current period when left out.
    pub period: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuotaItem {
    pub person_id: Uuid,
    /// In the plan's currency.
    #[schema(value_type = String, example = "50000.00")]
    pub amount: Decimal,
}

/// The quotas of one period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuotaList {
    /// Such as `2026-11` or `2026-Q4`.
    pub period: String,
    pub items: Vec<QuotaItem>,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/quotas",
    tag = "compensation",
    operation_id = "comp_quotas_list",
    summary = "List quotas of a period.",
    description = "Everyone's quota for one statement period (month or quarter, as the company's statements are), by person id.",
    params(QuotaQuery),
    responses(
        (status = 200, description = "The period's quotas.", body = QuotaList),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller neither manages compensation nor approves statements.", body = crate::openapi::ErrorBody),
        (status = 422, description = "`period` is not a period of the company's statement length.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/quotas")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<QuotaQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

/// The stored quotas of `period`.
pub fn quotas_of(t: &mut TenantConn<'_>, period: Period) -> Result<QuotaList, ApiError> {
    let items = comp_plans::quotas(t, period.kind.as_str(), period.start)?
        .into_iter()
        .map(|q| QuotaItem {
            person_id: q.person_id,
            amount: q.amount,
        })
        .collect();
    Ok(QuotaList {
        period: period.to_string(),
        items,
    })
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: QuotaQuery,
) -> Result<QuotaList, ApiError> {
    if !principal.role.can(Capability::ApproveStatements) {
        principal.require(Capability::ManageCompensation)?;
    }
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<QuotaList, ApiError> {
                let kind: PeriodKind = comp_inputs::period_kind(t)?;
                let period = match query.period.as_deref() {
                    Some(raw) => tenant_period(raw, kind, "period")?,
                    None => Period::containing(kind, chrono::Utc::now().date_naive()),
                };
                quotas_of(t, period)
            },
        )
        .await
}
