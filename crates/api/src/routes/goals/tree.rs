//! `GET /api/v1/goals/tree?period=2026-Q3&metric=revenue`: the cascade of
//! one metric for one period. The roots are that period's goals whose parent
//! is not of the same period; below each, its children at any depth (of the
//! same or shorter periods). Every node carries its coverage check:
//! `children_total`, `coverage` (children_total / target, four places),
//! `gap` (target − children_total) and `status` (covered, short, over when
//! the children exceed the target by more than 10%, or no_children).

use super::{period_of, shape_of, GoalView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::goals::{self, Goal};
use attain_domain::{
    goal::{coverage, ChildTarget, Coverage, GoalMetric},
    period::Period,
    Capability, FieldError,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreeQuery {
    /// Such as 2026-Q3.
    #[param(required = true)]
    pub period: Option<String>,
    /// revenue, new_logos, pipeline_created or activities.
    #[param(required = true)]
    pub metric: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GoalNode {
    #[serde(flatten)]
    pub goal: GoalView,
    #[serde(flatten)]
    pub coverage: Coverage,
    #[schema(no_recursion)]
    pub children: Vec<GoalNode>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GoalTree {
    pub period: String,
    pub metric: GoalMetric,
    pub roots: Vec<GoalNode>,
}

#[utoipa::path(
    get,
    path = "/api/v1/goals/tree",
    tag = "goals",
    operation_id = "goals_tree",
    summary = "A goal cascade.",
    description = "One metric's goals for one period from the company down, each node with its coverage by its children.",
    params(TreeQuery),
    responses(
        (status = 200, description = "The cascade.", body = GoalTree),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/goals/tree")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TreeQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: TreeQuery,
) -> Result<GoalTree, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let period: Period = query
        .period
        .as_deref()
        .ok_or_else(|| FieldError::new("period", "is required, for example 2026-Q3"))?
        .parse()?;
    let metric: GoalMetric = query
        .metric
        .as_deref()
        .ok_or_else(|| FieldError::new("metric", "is required, for example revenue"))?
        .parse()?;
    let rows = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            Ok(goals::cascade(
                t,
                metric.as_str(),
                period.kind.as_str(),
                period.start,
            )?)
        })
        .await?;
    Ok(GoalTree {
        period: period.to_string(),
        metric,
        roots: assemble(rows)?,
    })
}

/// Builds the forest: roots are the goals whose parent is not in `rows`.
fn assemble(rows: Vec<Goal>) -> Result<Vec<GoalNode>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|goal| goal.id).collect();
    let mut children_of: HashMap<Option<Uuid>, Vec<Goal>> = HashMap::new();
    for goal in rows {
        let parent = goal.parent_id.filter(|parent| ids.contains(parent));
        children_of.entry(parent).or_default().push(goal);
    }
    let roots = children_of.remove(&None).unwrap_or_default();
    let mut nodes = roots
        .into_iter()
        .map(|goal| node(goal, &mut children_of, 0))
        .collect::<Result<Vec<_>, _>>()?;
    sort_nodes(&mut nodes)?;
    Ok(nodes)
}

/// Deeper than this is a corrupt cascade, not a real organisation.
const MAX_DEPTH: usize = 64;

fn node(
    goal: Goal,
    children_of: &mut HashMap<Option<Uuid>, Vec<Goal>>,
    depth: usize,
) -> Result<GoalNode, ApiError> {
    if depth > MAX_DEPTH {
        return Err(ApiError::internal(format!(
            "goal cascade deeper than {MAX_DEPTH} at {}",
            goal.id
        )));
    }
    let mut children = children_of
        .remove(&Some(goal.id))
        .unwrap_or_default()
        .into_iter()
        .map(|child| node(child, children_of, depth + 1))
        .collect::<Result<Vec<_>, _>>()?;
    sort_nodes(&mut children)?;
    let targets: Vec<ChildTarget<'_>> = children
        .iter()
        .map(|child| ChildTarget {
            target: child.goal.goal.target,
            currency: child.goal.goal.currency.as_deref(),
        })
        .collect();
    let coverage = coverage(goal.target, goal.currency.as_deref(), &targets)
        .map_err(|e| ApiError::internal(format!("goal {}: {e}", goal.id)))?;
    Ok(GoalNode {
        goal: GoalView::new(goal)?,
        coverage,
        children,
    })
}

/// From the company down, then by period, then oldest first.
fn sort_nodes(nodes: &mut [GoalNode]) -> Result<(), ApiError> {
    let mut keys = HashMap::new();
    for node in nodes.iter() {
        let goal = &node.goal.goal;
        let level = shape_of(goal)?.scope_kind.level();
        keys.insert(goal.id, (level, period_of(goal)?.start, goal.created_at));
    }
    nodes.sort_by_key(|node| keys.get(&node.goal.goal.id).copied());
    Ok(())
}
