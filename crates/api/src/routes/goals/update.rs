//! `PATCH /api/v1/goals/{goal_id}`: changes a goal's target or its parent
//! (`"parent_id": null` detaches it). The body carries the `version` last
//! seen (409 `version_conflict` if the goal changed since). Period, scope,
//! metric and currency are what a goal is: set a new goal to change them.

use super::{
    check_parent_goal, ensure_may_set, require_goal_setter, shape_of, version_conflict, GoalView,
};
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use attain_db::{control::audit, tenant::goals, DbError};
use attain_domain::goal::parse_target;
use attain_jobs::envelope::{enqueue, kinds, TargetsChanged};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

/// Tells "absent" (keep) apart from `null` (clear).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGoal {
    pub version: i32,
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub target: Option<serde_json::Value>,
    /// `null` detaches the goal from its parent.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/goals/{goal_id}",
    tag = "goals",
    operation_id = "goals_update",
    summary = "Change a goal.",
    description = "Changes a goal's target or parent (`null` detaches it); period, scope, metric and currency are fixed. Carries the `version` last read.",
    params(("goal_id" = uuid::Uuid, Path, description = "The goal's id.")),
    request_body = UpdateGoal,
    responses(
        (status = 200, description = "The goal as changed.", body = crate::routes::goals::GoalView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not set goals for this scope, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such goal.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale: the record changed since it was read (`version_conflict`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/goals/{goal_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateGoal>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    goal_id: Uuid,
    body: UpdateGoal,
) -> Result<GoalView, ApiError> {
    require_goal_setter(principal)?;
    let target = body
        .target
        .as_ref()
        .map(|raw| decimal_from_json("target", raw))
        .transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<GoalView, ApiError> {
                let before = goals::find_for_update(t, goal_id)?
                    .ok_or_else(|| ApiError::not_found("goal"))?;
                let shape = shape_of(&before)?;
                ensure_may_set(t, &actor, shape.scope_kind, before.scope_id)?;
                if before.version != body.version {
                    return Err(version_conflict(before.version));
                }
                let mut after = before.clone();
                if let Some(target) = target {
                    after.target = parse_target(shape.metric, target)?;
                }
                if let Some(parent_id) = body.parent_id {
                    if let Some(parent_id) = parent_id.filter(|id| Some(*id) != before.parent_id) {
                        check_parent_goal(t, &shape, Some(goal_id), parent_id)?;
                    }
                    after.parent_id = parent_id;
                }
                if after == before {
                    return GoalView::new(before);
                }
                after.version += 1;
                goals::save(t, &after)?;
                let json = |view: &GoalView| {
                    serde_json::to_value(view).map_err(|e| DbError::Corrupt(e.to_string()))
                };
                let (before, after) = (GoalView::new(before)?, GoalView::new(after)?);
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "goal.updated",
                        "goal",
                        goal_id,
                        Some(json(&before)?),
                        Some(json(&after)?),
                    ),
                )?;
                let tenant_id = t.tenant_id();
                let changed = TargetsChanged {
                    what: "goal".into(),
                };
                enqueue(t.conn(), tenant_id, kinds::TARGETS_CHANGED, changed)?;
                Ok(after)
            },
        )
        .await
}
