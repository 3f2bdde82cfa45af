//! `PUT /api/v1/comp/rates`: creates or replaces exchange rates, all or
//! nothing; rates not listed stay. Codes are three uppercase letters and
//! differ; a rate is more than zero with at most ten decimal places; each
//! period is of the company's statement length. Everyone's statements are
//! recalculated from the earliest period listed.

use super::{
    invalid,
    rates_get::{rates_of, RateList, RateView},
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
        comp_plans::{self, RateRow},
    },
};
use attain_domain::{period::Period, Capability};
use attain_jobs::envelope::{enqueue, kinds, TargetsChanged};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The most rates one call sets.
pub const MAX_RATES: usize = 5_000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateInput {
    /// `2026-11` for monthly statements, `2026-Q4` for quarterly.
    pub period: String,
    /// ISO code, such as EUR.
    pub from: String,
    /// ISO code, such as USD.
    pub to: String,
    /// `1 from = rate to`, more than zero.
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub rate: serde_json::Value,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRates {
    pub rates: Vec<RateInput>,
}

#[utoipa::path(
    put,
    path = "/api/v1/comp/rates",
    tag = "compensation",
    operation_id = "comp_rates_put",
    summary = "Set exchange rates.",
    description = "Creates or replaces the listed rates (per period, from and to), all or nothing; others stay.",
    request_body = PutRates,
    responses(
        (status = 200, description = "Every rate, as now stored.", body = crate::routes::comp::rates_get::RateList),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid, such as `rates[0].rate`; nothing was saved.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/comp/rates")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<PutRates>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

fn currency(field: String, raw: &str) -> Result<String, ApiError> {
    if raw.len() == 3 && raw.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(raw.to_owned())
    } else {
        Err(invalid(
            field,
            "must be a three-letter uppercase ISO code such as USD",
        ))
    }
}

fn rate(field: String, raw: &serde_json::Value) -> Result<Decimal, ApiError> {
    let value = decimal_from_json("rate", raw).map_err(|e| invalid(field.clone(), e.message))?;
    if value <= Decimal::ZERO {
        return Err(invalid(field, "must be more than zero"));
    }
    if value.normalize().scale() > 10 {
        return Err(invalid(field, "must have at most ten decimal places"));
    }
    if value >= Decimal::from(10_000_000_000_i64) {
        return Err(invalid(field, "is too large"));
    }
    Ok(value)
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: PutRates,
) -> Result<RateList, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    if body.rates.len() > MAX_RATES {
        return Err(invalid(
            "rates",
            format!("can set at most {MAX_RATES} rates at once"),
        ));
    }
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<RateList, ApiError> {
                let kind = comp_inputs::period_kind(t)?;
                let mut rows: Vec<(Period, RateRow)> = Vec::with_capacity(body.rates.len());
                let mut seen = BTreeMap::new();
                for (i, input) in body.rates.iter().enumerate() {
                    let period = tenant_period(&input.period, kind, format!("rates[{i}].period"))?;
                    let from = currency(format!("rates[{i}].from"), &input.from)?;
                    let to = currency(format!("rates[{i}].to"), &input.to)?;
                    if from == to {
                        return Err(invalid(format!("rates[{i}].to"), "must differ from `from`"));
                    }
                    let rate = rate(format!("rates[{i}].rate"), &input.rate)?;
                    if let Some(first) = seen.insert((period, from.clone(), to.clone()), i) {
                        return Err(invalid(
                            format!("rates[{i}].period"),
                            format!("repeats the period and currencies of rates[{first}]"),
                        ));
                    }
                    rows.push((
                        period,
                        RateRow {
                            period_kind: kind.as_str().to_owned(),
                            period_start: period.start,
                            from_currency: from,
                            to_currency: to,
                            rate,
                        },
                    ));
                }
                let Some(earliest) = rows.iter().map(|(p, _)| p.start).min() else {
                    return Ok(RateList {
                        items: rates_of(t)?,
                    });
                };
                let keys: BTreeSet<(String, String, String)> = rows
                    .iter()
                    .map(|(period, row)| {
                        (
                            period.to_string(),
                            row.from_currency.clone(),
                            row.to_currency.clone(),
                        )
                    })
                    .collect();
                let touched = |rates: &[RateView]| -> Vec<RateView> {
                    rates
                        .iter()
                        .filter(|r| {
                            keys.contains(&(r.period.clone(), r.from.clone(), r.to.clone()))
                        })
                        .cloned()
                        .collect()
                };
                let before = touched(&rates_of(t)?);
                let rows: Vec<RateRow> = rows.into_iter().map(|(_, row)| row).collect();
                comp_plans::upsert_rates(t, &rows)?;
                recalculate(t, None, earliest, "exchange rates set".to_owned())?;
                let tenant_id = t.tenant_id();
                let changed = TargetsChanged {
                    what: "exchange_rates".into(),
                };
                enqueue(t.conn(), tenant_id, kinds::TARGETS_CHANGED, changed)?;
                let stored = rates_of(t)?;
                let after = touched(&stored);
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "fx_rates.set",
                        "fx_rates",
                        kind.as_str(),
                        Some(to_json(&before)?),
                        Some(to_json(&after)?),
                    ),
                )?;
                Ok(RateList { items: stored })
            },
        )
        .await
}
