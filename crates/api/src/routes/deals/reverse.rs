//! `POST /api/v1/deals/{id}/reversal`: records that a won deal was refunded
//! or churned on a day (or clears it with `reversed_on: null`). Plans with a
//! clawback window take the deal's payout back in the period it happened.

use super::{ensure_may_edit, visible_deal};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{control::audit, schema::tenant::deals, DbError};
use attain_domain::FieldError;
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reversal {
    /// The day of the refund or churn; null to clear it.
    pub reversed_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReversalView {
    pub deal_id: Uuid,
    pub closed_date: Option<NaiveDate>,
    pub reversed_on: Option<NaiveDate>,
}

#[utoipa::path(
    post,
    path = "/api/v1/deals/{id}/reversal",
    tag = "deals",
    operation_id = "deals_reverse",
    summary = "Record a refund or churn.",
    description = "Marks a won deal reversed on a day (or clears it); plans with a clawback window take its payout back in that period.",
    params(("id" = Uuid, Path, description = "The deal.")),
    request_body = Reversal,
    responses(
        (status = 200, description = "The deal's close and reversal days.", body = crate::routes::deals::reverse::ReversalView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not change deals, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such deal the caller may see.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The deal is not won, or the day is before it closed or in the future; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/deals/{id}/reversal")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<Reversal>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    deal_id: Uuid,
    body: Reversal,
) -> Result<ReversalView, ApiError> {
    ensure_may_edit(principal)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<ReversalView, ApiError> {
                let deal = visible_deal(t, &principal_c, deal_id, true)?;
                if let Some(day) = body.reversed_on {
                    if deal.status != "won" {
                        return Err(FieldError::new(
                            "reversed_on",
                            "only a won deal can be refunded or churned",
                        )
                        .into());
                    }
                    if deal.closed_date.is_some_and(|closed| day < closed) {
                        return Err(FieldError::new(
                            "reversed_on",
                            format!(
                                "must be on or after the day the deal closed ({})",
                                deal.closed_date.unwrap_or(day)
                            ),
                        )
                        .into());
                    }
                    if day > Utc::now().date_naive() {
                        return Err(
                            FieldError::new("reversed_on", "cannot be in the future").into()
                        );
                    }
                }
                let before: Option<NaiveDate> = deals::table
                    .find(deal_id)
                    .select(deals::reversed_on)
                    .first(t.conn())
                    .map_err(DbError::from)?;
                diesel::update(deals::table.find(deal_id))
                    .set((
                        deals::reversed_on.eq(body.reversed_on),
                        deals::version.eq(deals::version + 1),
                        deals::updated_at.eq(Utc::now()),
                    ))
                    .execute(t.conn())
                    .map_err(DbError::from)?;
                audit::record(
                    t.conn(),
                    &principal_c.audit(
                        "deal.reversed",
                        "deal",
                        deal_id,
                        Some(serde_json::json!({ "reversed_on": before })),
                        Some(serde_json::json!({ "reversed_on": body.reversed_on })),
                    ),
                )?;
                enqueue(
                    t.conn(),
                    principal_c.tenant.id,
                    kinds::DEAL_CHANGED,
                    DealChanged {
                        deal_id,
                        change: "reversed".into(),
                    },
                )?;
                Ok(ReversalView {
                    deal_id,
                    closed_date: deal.closed_date,
                    reversed_on: body.reversed_on,
                })
            },
        )
        .await
}
