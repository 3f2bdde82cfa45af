//! `PUT /api/v1/comp/quotas`: sets quotas for one statement period, all or
//! nothing. People not listed keep theirs. Each amount is a decimal of at
//! most two places, zero or more; each person must be of the company (an id
//! from elsewhere is 422 naming `quotas[i].person_id`). The listed people's
//! statements are recalculated from that period.

use super::{
    invalid,
    quotas_get::{quotas_of, QuotaItem, QuotaList},
    recalculate, tenant_period, to_json,
};
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{
        comp_inputs,
        comp_plans::{self, QuotaRow},
        people,
    },
};
use attain_domain::Capability;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeSet;
use uuid::Uuid;

/// Ten thousand, the most quotas one call sets.
pub const MAX_QUOTAS: usize = 10_000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaInput {
    pub person_id: Uuid,
    /// In the plan's currency, such as "50000.00".
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub amount: serde_json::Value,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutQuotas {
    /// `2026-11` for monthly statements, `2026-Q4` for quarterly.
    pub period: String,
    pub quotas: Vec<QuotaInput>,
}

#[utoipa::path(
    put,
    path = "/api/v1/comp/quotas",
    tag = "compensation",
    operation_id = "comp_quotas_put",
    summary = "Set quotas for a period.",
    description = "Creates or replaces the listed people's quotas for one statement period, all or nothing; others keep theirs.",
    request_body = PutQuotas,
    responses(
        (status = 200, description = "Every quota of the period, as now stored.", body = crate::routes::comp::quotas_get::QuotaList),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid, such as `quotas[3].person_id`; nothing was saved.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/comp/quotas")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<PutQuotas>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

/// A quota amount: zero or more, at most two decimal places.
fn amount(field: &str, raw: &serde_json::Value) -> Result<Decimal, ApiError> {
    let value = decimal_from_json("amount", raw).map_err(|e| invalid(field, e.message))?;
    if value < Decimal::ZERO {
        return Err(invalid(field, "cannot be negative"));
    }
    if value.normalize().scale() > 2 {
        return Err(invalid(field, "must have at most two decimal places"));
    }
    if value >= Decimal::from(10_i64.pow(16)) {
        return Err(invalid(field, "is too large"));
    }
    Ok(value.round_dp(2))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: PutQuotas,
) -> Result<QuotaList, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    if body.quotas.len() > MAX_QUOTAS {
        return Err(invalid(
            "quotas",
            format!("can set at most {MAX_QUOTAS} quotas at once"),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut amounts = Vec::with_capacity(body.quotas.len());
    for (i, quota) in body.quotas.iter().enumerate() {
        if !seen.insert(quota.person_id) {
            return Err(invalid(format!("quotas[{i}].person_id"), "is listed twice"));
        }
        amounts.push((
            quota.person_id,
            amount(&format!("quotas[{i}].amount"), &quota.amount)?,
        ));
    }
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<QuotaList, ApiError> {
                let kind = comp_inputs::period_kind(t)?;
                let period = tenant_period(&body.period, kind, "period")?;
                let known: BTreeSet<Uuid> = people::all(t)?.into_iter().map(|p| p.id).collect();
                if let Some(i) = amounts
                    .iter()
                    .position(|(person, _)| !known.contains(person))
                {
                    return Err(invalid(
                        format!("quotas[{i}].person_id"),
                        "is not a person of your company",
                    ));
                }
                let before: Vec<QuotaItem> = quotas_of(t, period)?
                    .items
                    .into_iter()
                    .filter(|q| seen.contains(&q.person_id))
                    .collect();
                let rows: Vec<QuotaRow> = amounts
                    .iter()
                    .map(|(person_id, amount)| QuotaRow {
                        person_id: *person_id,
                        period_kind: kind.as_str().to_owned(),
                        period_start: period.start,
                        amount: *amount,
                    })
                    .collect();
                if rows.is_empty() {
                    return quotas_of(t, period);
                }
                comp_plans::upsert_quotas(t, &rows)?;
                recalculate(
                    t,
                    Some(seen.iter().copied().collect()),
                    period.start,
                    format!("quotas for {period} set"),
                )?;
                let stored = quotas_of(t, period)?;
                let after: Vec<QuotaItem> = stored
                    .items
                    .iter()
                    .filter(|q| seen.contains(&q.person_id))
                    .cloned()
                    .collect();
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_quotas.set",
                        "comp_quotas",
                        period,
                        Some(to_json(&QuotaList {
                            period: period.to_string(),
                            items: before,
                        })?),
                        Some(to_json(&QuotaList {
                            period: period.to_string(),
                            items: after,
                        })?),
                    ),
                )?;
                Ok(stored)
            },
        )
        .await
}
