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
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

/// Tells "absent" (keep) apart from `null` (clear).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateGoal {
    pub version: i32,
    pub target: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "present")]
    pub parent_id: Option<Option<Uuid>>,
}

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
                Ok(after)
            },
        )
        .await
}
