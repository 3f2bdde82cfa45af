//! `POST /api/v1/comp/recalculations`: recomputes every statement from a
//! period (the current one by default) to now, in the background; the run
//! reports its progress.

use crate::{
    auth::Principal, error::ApiError, json::Json, routes::statements::statement_period,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{
        comp_inputs,
        comp_statements::{self, RunRow},
    },
};
use attain_domain::{period::Period, Capability};
use attain_jobs::envelope::{enqueue, kinds, CompRecalculate};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecalculationInput {
    /// First period to recompute (2026-09); the current one when left out.
    pub from: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/comp/recalculations",
    tag = "compensation",
    operation_id = "comp_recalculate",
    summary = "Recalculate every statement.",
    description = "From a period to now, in the background; poll the run (or watch the live events) for progress.",
    request_body = RecalculationInput,
    responses(
        (status = 202, description = "The run, queued.", body = attain_db::tenant::comp_statements::RunRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners recalculate, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/recalculations")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<RecalculationInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: RecalculationInput,
) -> Result<RunRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<RunRow, ApiError> {
                let kind = comp_inputs::period_kind(t)?;
                let current = Period::containing(kind, Utc::now().date_naive());
                let from = match body.from.as_deref() {
                    Some(raw) => statement_period(t, raw)?,
                    None => current,
                };
                if from > current {
                    return Err(attain_domain::FieldError::new(
                        "from",
                        format!("must be {current} or earlier"),
                    )
                    .into());
                }
                let run = RunRow {
                    id: Uuid::new_v4(),
                    kind: "recalculation".into(),
                    period_kind: kind.as_str().to_owned(),
                    period_start: from.start,
                    plan_id: None,
                    plan_version: None,
                    status: "queued".into(),
                    done: 0,
                    total: 0,
                    result: None,
                    error: None,
                    requested_by: Some(principal_c.user_id),
                    created_at: Utc::now(),
                    finished_at: None,
                };
                comp_statements::insert_run(t, &run)?;
                enqueue(
                    t.conn(),
                    principal_c.tenant.id,
                    kinds::COMP_RECALCULATE,
                    CompRecalculate {
                        people: None,
                        from: from.start,
                        run_id: Some(run.id),
                        reason: "requested".into(),
                    },
                )?;
                audit::record(
                    t.conn(),
                    &principal_c.audit(
                        "comp.recalculation_requested",
                        "comp_run",
                        run.id,
                        None,
                        Some(serde_json::json!({ "from": from.to_string() })),
                    ),
                )?;
                Ok(run)
            },
        )
        .await
}
