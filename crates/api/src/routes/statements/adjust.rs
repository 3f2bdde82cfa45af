//! `POST /api/v1/statements/{person_id}/{period}/adjustments`: an admin adds
//! a manual line (a correction, a one-off payment) to a period that is not
//! paid yet. The statement is recomputed by the worker within seconds.

use super::statement_period;
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{
        comp_statements::{self, AdjustmentRow},
        people,
    },
    DbError,
};
use attain_domain::{Capability, FieldError};
use attain_jobs::envelope::{enqueue, kinds, CompRecalculate};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdjustment {
    /// Positive pays more, negative less; in the statement's currency.
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub amount: serde_json::Value,
    /// Shown to the person on their statement.
    pub reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/statements/{person_id}/{period}/adjustments",
    tag = "statements",
    operation_id = "statements_adjust",
    summary = "Add an adjustment.",
    description = "A manual line on a period that is not paid yet; the worker recomputes the statement within seconds.",
    params(("person_id" = Uuid, Path, description = "The person."), ("period" = String, Path, description = "2026-11.")),
    request_body = NewAdjustment,
    responses(
        (status = 201, description = "The adjustment.", body = attain_db::tenant::comp_statements::AdjustmentRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners adjust statements, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The period is paid (`statement_paid`): adjust the next one.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/statements/{person_id}/{period}/adjustments")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, String)>,
    body: Json<NewAdjustment>,
) -> Result<HttpResponse, ApiError> {
    let (person, period) = path.into_inner();
    Ok(HttpResponse::Created().json(run(&state, &principal, person, period, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person: Uuid,
    period: String,
    body: NewAdjustment,
) -> Result<AdjustmentRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let amount = decimal_from_json("amount", &body.amount)?.round_dp(2);
    if amount == Decimal::ZERO {
        return Err(FieldError::new("amount", "must not be zero").into());
    }
    let reason = body.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(FieldError::new(
            "reason",
            "say why in 1 to 500 characters; the person will read it",
        )
        .into());
    }
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<AdjustmentRow, ApiError> {
                let period = statement_period(t, &period)?;
                people::find(t, person)?.ok_or_else(|| ApiError::not_found("person"))?;
                if comp_statements::find_for_update(t, person, period)?
                    .is_some_and(|s| s.status == "paid")
                {
                    return Err(ApiError::conflict(
                        "statement_paid",
                        format!(
                            "{period} is paid and locked: add the adjustment to {} instead.",
                            period.next()
                        ),
                    )
                    .with_field("period"));
                }
                let row = comp_statements::add_adjustment(
                    t,
                    person,
                    period,
                    amount,
                    &reason,
                    principal_c.user_id,
                )?;
                let after =
                    serde_json::to_value(&row).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &principal_c.audit(
                        "statement.adjusted",
                        "statement",
                        format!("{person}:{period}"),
                        None,
                        Some(after),
                    ),
                )?;
                enqueue(
                    t.conn(),
                    principal_c.tenant.id,
                    kinds::COMP_RECALCULATE,
                    CompRecalculate {
                        people: Some(vec![person]),
                        from: period.start,
                        run_id: None,
                        reason: "adjustment".into(),
                    },
                )?;
                Ok(row)
            },
        )
        .await
}
