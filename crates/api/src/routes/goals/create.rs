//! `POST /api/v1/goals`: sets a goal for a period, scope and metric,
//! optionally under a parent goal. One goal per scope, period and metric:
//! a second is 409 `goal_exists` naming `scope_id`.

use super::{check_parent_goal, check_scope, ensure_may_set, require_goal_setter, GoalView};
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::goals::{self, Goal, UNIQUE_SCOPE_PERIOD_METRIC},
    DbError,
};
use attain_domain::{
    deal::Currency,
    goal::{parse_target, GoalMetric, GoalShape, ScopeKind},
    period::Period,
    FieldError,
};
use attain_jobs::envelope::{enqueue, kinds, TargetsChanged};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGoal {
    /// `2026`, `2026-Q3` or `2026-07`.
    pub period: String,
    /// company, region, team or rep.
    pub scope_kind: String,
    /// The region or team id, or the rep's person id; none for the company.
    pub scope_id: Option<Uuid>,
    /// revenue, new_logos, pipeline_created or activities.
    pub metric: String,
    /// A decimal string ("250000.00") or number.
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub target: serde_json::Value,
    /// Required for revenue and pipeline_created; refused for counts.
    pub currency: Option<String>,
    pub parent_id: Option<Uuid>,
}

#[utoipa::path(
    post,
    path = "/api/v1/goals",
    tag = "goals",
    operation_id = "goals_create",
    summary = "Set a goal.",
    description = "Sets a goal for a period, scope and metric, optionally under a parent goal; one goal per scope, period and metric.",
    request_body = CreateGoal,
    responses(
        (status = 201, description = "The goal.", body = crate::routes::goals::GoalView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not set goals for this scope, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "This scope already has such a goal for the period (`goal_exists`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/goals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateGoal>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

/// The currency a goal of `metric` must carry, if any.
pub fn currency_for(metric: GoalMetric, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match (metric.is_money(), raw) {
        (true, Some(raw)) => Ok(Some(Currency::parse(raw)?.as_str().to_owned())),
        (true, None) => Err(FieldError::new("currency", "is required for a money goal")),
        (false, Some(_)) => Err(FieldError::new(
            "currency",
            "must be left out for a goal that counts",
        )),
        (false, None) => Ok(None),
    }
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateGoal,
) -> Result<GoalView, ApiError> {
    require_goal_setter(principal)?;
    let period: Period = body.period.parse()?;
    let scope_kind: ScopeKind = body.scope_kind.parse()?;
    let metric: GoalMetric = body.metric.parse()?;
    let target = parse_target(metric, decimal_from_json("target", &body.target)?)?;
    let currency = currency_for(metric, body.currency.as_deref())?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<GoalView, ApiError> {
            ensure_may_set(t, &actor, scope_kind, body.scope_id)?;
            check_scope(t, scope_kind, body.scope_id)?;
            if let Some(parent_id) = body.parent_id {
                let shape = GoalShape { scope_kind, metric, currency: currency.as_deref(), period };
                check_parent_goal(t, &shape, None, parent_id)?;
            }
            let goal = Goal {
                id: Uuid::new_v4(),
                period_kind: period.kind.as_str().to_owned(),
                period_start: period.start,
                scope_kind: scope_kind.as_str().to_owned(),
                scope_id: body.scope_id,
                metric: metric.as_str().to_owned(),
                target,
                currency,
                parent_id: body.parent_id,
                version: 1,
                created_at: Utc::now(),
            };
            goals::insert(t, &goal).map_err(|e| {
                if e.is_unique_violation(UNIQUE_SCOPE_PERIOD_METRIC) {
                    ApiError::conflict(
                        "goal_exists",
                        format!("This scope already has a {} goal for {period}; change that one instead.", metric.as_str()),
                    )
                    .with_field("scope_id")
                } else {
                    e.into()
                }
            })?;
            let view = GoalView::new(goal)?;
            let after = serde_json::to_value(&view).map_err(|e| DbError::Corrupt(e.to_string()))?;
            audit::record(t.conn(), &actor.audit("goal.created", "goal", view.goal.id, None, Some(after)))?;
            let tenant_id = t.tenant_id();
            enqueue(t.conn(), tenant_id, kinds::TARGETS_CHANGED, TargetsChanged { what: "goal".into() })?;
            Ok(view)
        })
        .await
}
