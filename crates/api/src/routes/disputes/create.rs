//! `POST /api/v1/disputes`: questions one line of a statement the caller can
//! see (their own, or as a manager a report's), with a first message.

use super::{text, view, DisputeView};
use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    routes::statements::{statement_period, visible},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::comp_statements::{self, DisputeRow},
    DbError,
};
use attain_domain::FieldError;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDispute {
    pub person_id: Uuid,
    /// 2026-11.
    pub period: String,
    /// The line's position in the statement's `lines`, from 0.
    pub line_index: i32,
    pub message: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/disputes",
    tag = "disputes",
    operation_id = "disputes_create",
    summary = "Dispute a statement line.",
    description = "Questions one line of a statement the caller can see, with a first message.",
    request_body = NewDispute,
    responses(
        (status = 201, description = "The dispute.", body = crate::routes::disputes::DisputeView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such statement the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "That line already has an open dispute (`dispute_open`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/disputes")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<NewDispute>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: NewDispute,
) -> Result<DisputeView, ApiError> {
    let message = text("message", &body.message)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<DisputeView, ApiError> {
                let period = statement_period(t, &body.period)?;
                if !visible(t, &principal_c)?.includes(body.person_id) {
                    return Err(ApiError::not_found("statement"));
                }
                let statement = comp_statements::find_for_update(t, body.person_id, period)?
                    .ok_or_else(|| ApiError::not_found("statement"))?;
                let lines = statement.body["lines"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let line = usize::try_from(body.line_index)
                    .ok()
                    .and_then(|i| lines.get(i))
                    .cloned()
                    .ok_or_else(|| {
                        FieldError::new(
                            "line_index",
                            format!("must be between 0 and {}", lines.len().saturating_sub(1)),
                        )
                    })?;
                let already = comp_statements::disputes(t, Some(&[body.person_id]), Some("open"))?
                    .into_iter()
                    .any(|d| d.period_start == period.start && same_line(&d.line, &line));
                if already {
                    return Err(ApiError::conflict(
                        "dispute_open",
                        "This line already has an open dispute: add to its thread instead.",
                    )
                    .with_field("line_index"));
                }
                let row = DisputeRow {
                    id: Uuid::new_v4(),
                    person_id: body.person_id,
                    period_kind: period.kind.as_str().to_owned(),
                    period_start: period.start,
                    line_index: body.line_index,
                    line,
                    status: "open".into(),
                    resolution: None,
                    opened_by: principal_c.user_id,
                    opened_at: Utc::now(),
                    resolved_by: None,
                    resolved_at: None,
                    version: 1,
                };
                comp_statements::open_dispute(t, &row, &message)?;
                let after =
                    serde_json::to_value(&row).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &principal_c.audit("dispute.opened", "dispute", row.id, None, Some(after)),
                )?;
                view(t, row)
            },
        )
        .await
}

/// The same line across recalculations: same kind, deal, tier and credit.
fn same_line(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    ["kind", "deal_id", "tier", "credited_from"]
        .iter()
        .all(|key| a[*key] == b[*key])
}
