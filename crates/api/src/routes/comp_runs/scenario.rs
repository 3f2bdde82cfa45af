//! `POST /api/v1/comp/scenarios`: replays a plan version (usually a draft)
//! over a past period's real deals in the background, against the plan in
//! force: total cost, payout per person, distribution, delta.

use crate::{
    auth::Principal, error::ApiError, json::Json, routes::statements::statement_period,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{
        comp_inputs, comp_plans,
        comp_statements::{self, RunRow},
    },
};
use attain_domain::{period::Period, Capability, FieldError};
use attain_jobs::envelope::{enqueue, kinds, CompScenario};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    pub plan_id: Uuid,
    pub version: i32,
    /// A past or current period, e.g. 2026-10.
    pub period: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/comp/scenarios",
    tag = "compensation",
    operation_id = "comp_scenario",
    summary = "Model a plan version on a past period.",
    description = "Runs in the background; the run's result has the total cost both ways, payout per person, the distribution and the delta.",
    request_body = ScenarioInput,
    responses(
        (status = 202, description = "The run, queued.", body = attain_db::tenant::comp_statements::RunRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners model plans, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/scenarios")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ScenarioInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: ScenarioInput,
) -> Result<RunRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<RunRow, ApiError> {
            let period = statement_period(t, &body.period)?;
            let current = Period::containing(comp_inputs::period_kind(t)?, Utc::now().date_naive());
            if period > current {
                return Err(FieldError::new("period", format!("must be {current} or earlier: a scenario replays deals that have closed")).into());
            }
            comp_plans::find_version(t, body.plan_id, body.version)?
                .ok_or_else(|| FieldError::new("version", "is not a version of this plan"))?;
            let run = RunRow {
                id: Uuid::new_v4(),
                kind: "scenario".into(),
                period_kind: period.kind.as_str().to_owned(),
                period_start: period.start,
                plan_id: Some(body.plan_id),
                plan_version: Some(body.version),
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
            enqueue(t.conn(), principal_c.tenant.id, kinds::COMP_SCENARIO, CompScenario { run_id: run.id })?;
            audit::record(t.conn(), &principal_c.audit("comp.scenario_requested", "comp_run", run.id, None, Some(serde_json::json!({ "plan_id": body.plan_id, "version": body.version, "period": period.to_string() }))))?;
            Ok(run)
        })
        .await
}
