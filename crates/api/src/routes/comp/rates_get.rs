//! `GET /api/v1/comp/rates`: the company's exchange rates per statement
//! period, newest period first. `1 from = rate to` during the period.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::{
    tenant::{comp_inputs, comp_plans},
    DbError, TenantConn,
};
use attain_domain::{period::Period, Capability};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RateView {
    /// Such as `2026-11` or `2026-Q4`.
    pub period: String,
    /// ISO code, such as EUR.
    pub from: String,
    /// ISO code, such as USD.
    pub to: String,
    /// `1 from = rate to`, such as "1.0850000000".
    #[schema(value_type = String, example = "1.0850000000")]
    pub rate: Decimal,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RateList {
    pub items: Vec<RateView>,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/rates",
    tag = "compensation",
    operation_id = "comp_rates_list",
    summary = "List exchange rates.",
    description = "The exchange rates deals are converted at into a plan's currency, per statement period, newest first.",
    responses(
        (status = 200, description = "The rates.", body = RateList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/rates")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

/// Every stored rate of the company's statement length.
pub fn rates_of(t: &mut TenantConn<'_>) -> Result<Vec<RateView>, ApiError> {
    let kind = comp_inputs::period_kind(t)?;
    comp_plans::rates(t, kind.as_str())?
        .into_iter()
        .map(|r| {
            let period = Period::starting(kind, r.period_start)
                .map_err(|e| DbError::Corrupt(e.to_string()))?;
            Ok(RateView {
                period: period.to_string(),
                from: r.from_currency.trim().to_owned(),
                to: r.to_currency.trim().to_owned(),
                rate: r.rate,
            })
        })
        .collect()
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<RateList, ApiError> {
    principal.require(Capability::ViewStatements)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<RateList, ApiError> {
                Ok(RateList {
                    items: rates_of(t)?,
                })
            },
        )
        .await
}
