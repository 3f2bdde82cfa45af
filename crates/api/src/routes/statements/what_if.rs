//! `POST /api/v1/statements/what-if`: "what if I close these?" — the
//! caller's current statement recomputed with hypothetical deals added,
//! answered synchronously (the engine runs in memory on the person's own
//! inputs). Managers and admins may ask for someone they can see.

use super::visible;
use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    routes::deals::{caller_person, decimal_from_json},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_comp::{
    whatif::{what_if, WhatIf},
    Deal, DealLine,
};
use attain_db::tenant::{
    comp_inputs::{self, DealScope},
    products,
};
use attain_domain::{
    deal::{Currency, DealType},
    org::ProductPriority,
    period::Period,
    Capability, FieldError,
};
use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

const MAX_DEALS: usize = 20;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIfInput {
    /// Someone the caller may see; the caller when left out.
    pub person_id: Option<Uuid>,
    /// Up to 20 deals that might close.
    pub deals: Vec<HypotheticalDeal>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HypotheticalDeal {
    pub name: Option<String>,
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub amount: serde_json::Value,
    /// The plan's currency when left out.
    pub currency: Option<String>,
    /// new_business (default), expansion or renewal.
    pub deal_type: Option<String>,
    /// Within the current period; today when left out.
    pub close_date: Option<NaiveDate>,
    /// Counts with the product's weight and filters.
    pub product_id: Option<Uuid>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WhatIfAnswer {
    pub period: String,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub result: WhatIf,
    /// The lines the hypothetical deals add.
    #[schema(value_type = Vec<Object>)]
    pub new_lines: Vec<attain_comp::Line>,
    /// How long the calculation took, in milliseconds.
    pub elapsed_ms: f64,
}

#[utoipa::path(
    post,
    path = "/api/v1/statements/what-if",
    tag = "statements",
    operation_id = "statements_what_if",
    summary = "What if these deals closed?",
    description = "The current period's statement with hypothetical deals added: projected payout, attainment change and the new lines.",
    request_body = WhatIfInput,
    responses(
        (status = 200, description = "Before and after.", body = crate::routes::statements::what_if::WhatIfAnswer),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person the caller may see, or the caller has no person.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/statements/what-if")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<WhatIfInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

/// A hypothetical deal checked, before the plan's currency is known.
struct Checked {
    name: String,
    amount: rust_decimal::Decimal,
    currency: Option<String>,
    deal_type: DealType,
    close_date: Option<NaiveDate>,
    product_id: Option<Uuid>,
}

fn check(deals: Vec<HypotheticalDeal>) -> Result<Vec<Checked>, ApiError> {
    if deals.is_empty() || deals.len() > MAX_DEALS {
        return Err(FieldError::new("deals", format!("send 1 to {MAX_DEALS} deals")).into());
    }
    deals
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let at =
                |field: &str, message: String| invalid_at(format!("deals[{i}].{field}"), message);
            let amount =
                decimal_from_json("amount", &d.amount).map_err(|e| at("amount", e.message))?;
            if amount <= rust_decimal::Decimal::ZERO {
                return Err(at("amount", "must be more than zero".into()));
            }
            let currency = d
                .currency
                .as_deref()
                .map(|c| Currency::parse(c).map(|c| c.as_str().to_owned()))
                .transpose()
                .map_err(|e| at("currency", e.message))?;
            let deal_type = d
                .deal_type
                .as_deref()
                .unwrap_or("new_business")
                .parse::<DealType>()
                .map_err(|e| at("deal_type", e.message))?;
            Ok(Checked {
                name: d
                    .name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| format!("What-if deal {}", i + 1)),
                amount,
                currency,
                deal_type,
                close_date: d.close_date,
                product_id: d.product_id,
            })
        })
        .collect()
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: WhatIfInput,
) -> Result<WhatIfAnswer, ApiError> {
    principal.require(Capability::ViewStatements)?;
    let checked = check(body.deals)?;
    let principal_c = principal.clone();
    let wanted = body.person_id;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<WhatIfAnswer, ApiError> {
                let person = match wanted {
                    Some(id) => {
                        if !visible(t, &principal_c)?.includes(id) {
                            return Err(ApiError::not_found("person"));
                        }
                        id
                    }
                    None => caller_person(t, &principal_c)?
                        .ok_or_else(|| ApiError::not_found("person"))?,
                };
                let kind = comp_inputs::period_kind(t)?;
                let today = Utc::now().date_naive();
                let period = Period::containing(kind, today);
                let everyone = comp_inputs::people(t)?;
                let scope = comp_inputs::with_reports(&everyone, &BTreeSet::from([person]));
                let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
                let inputs = comp_inputs::load(
                    t,
                    &DealScope::People(scope.into_iter().collect()),
                    year_start,
                    period.end_exclusive(),
                    None,
                )?;
                let currency =
                    current_currency(&inputs, person, today).unwrap_or_else(|| "USD".into());
                let mut deals = Vec::with_capacity(checked.len());
                for (i, d) in checked.into_iter().enumerate() {
                    let close = d.close_date.unwrap_or(today);
                    if !period.contains(close) {
                        return Err(invalid_at(
                            format!("deals[{i}].close_date"),
                            format!(
                                "must be within {period} ({} to {})",
                                period.start,
                                period.end_exclusive().pred_opt().unwrap_or(period.start)
                            ),
                        ));
                    }
                    let lines = match d.product_id {
                        Some(id) => {
                            let product = products::find(t, id)?.ok_or_else(|| {
                                invalid_at(
                                    format!("deals[{i}].product_id"),
                                    "is not one of your products".into(),
                                )
                            })?;
                            let priority: ProductPriority = product
                                .priority
                                .parse()
                                .unwrap_or(ProductPriority::Standard);
                            vec![DealLine {
                                product_id: product.id,
                                product_name: product.name,
                                priority,
                                amount: d.amount,
                            }]
                        }
                        None => Vec::new(),
                    };
                    deals.push(Deal {
                        // Deals of one day are taken in id order: these come after the real ones.
                        id: Uuid::from_u128(u128::MAX - i as u128),
                        name: d.name,
                        closed_on: close,
                        currency: d.currency.unwrap_or_else(|| currency.clone()),
                        amount: d.amount,
                        deal_type: d.deal_type,
                        territory_id: None,
                        term_months: None,
                        lines,
                        splits: Vec::new(),
                        owner_id: person,
                        reversed_on: None,
                    });
                }
                let ids: BTreeSet<Uuid> = deals.iter().map(|d| d.id).collect();
                let started = std::time::Instant::now();
                let result = what_if(&inputs, person, period, deals)
                    .ok_or_else(|| ApiError::not_found("statement"))?;
                let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
                let new_lines = result
                    .after
                    .lines
                    .iter()
                    .filter(|l| l.deal_id.is_some_and(|id| ids.contains(&id)))
                    .cloned()
                    .collect();
                Ok(WhatIfAnswer {
                    period: period.to_string(),
                    result,
                    new_lines,
                    elapsed_ms,
                })
            },
        )
        .await
}

/// 422 naming a field inside the list of deals.
fn invalid_at(field: String, message: String) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        format!("{field} {message}"),
    )
    .with_field(field)
}

/// The currency of the plan in force for the person today.
fn current_currency(
    inputs: &attain_comp::Inputs,
    person: Uuid,
    today: NaiveDate,
) -> Option<String> {
    let role = inputs
        .people
        .iter()
        .find(|p| p.id == person)
        .map(|p| p.role.clone());
    let assignment = inputs
        .assignments
        .iter()
        .filter(|a| a.covers(today))
        .find(|a| a.target == attain_comp::AssignmentTarget::Person(person))
        .or_else(|| {
            inputs
                .assignments
                .iter()
                .filter(|a| a.covers(today))
                .find(|a| {
                    role.as_ref()
                        .is_some_and(|r| a.target == attain_comp::AssignmentTarget::Role(r.clone()))
                })
        })?;
    let plan = inputs.plans.iter().find(|p| p.id == assignment.plan_id)?;
    Some(plan.version_on(today)?.rules.currency.clone())
}
