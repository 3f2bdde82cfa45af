//! Goals: a target per period (month, quarter, year), scope (company,
//! region, team, rep) and metric, cascaded from the company down to reps
//! through `parent_id`.
//!
//! Everyone in sales reads every goal (alignment means everyone sees the
//! same cascade); billing admins get 403. Owners and admins set any goal.
//! Managers set team and rep goals within their own part of the
//! organisation: a team they manage (`teams.manager_user_id`) or any team
//! below it, and a rep who reports to them (`people.manager_id`, at any
//! depth) or sits in one of those teams; not their own rep goal, and not
//! company or region goals. Everyone else gets 403.
//!
//! A parent shares the metric and currency, covers the child's period and
//! sits at the same or any higher scope level (a team's parent may be a
//! region or the company goal). Whether the child's team or rep belongs to
//! the parent's region or team is not enforced: people's teams change over
//! a period while its goals stand.

pub mod create;
pub mod get;
pub mod list;
pub mod tree;
pub mod update;

use crate::{auth::Principal, error::ApiError, routes::deals::caller_person};
use attain_db::{
    tenant::{
        goals::{self, Goal},
        people,
        teams::{self, Team},
    },
    DbError, TenantConn,
};
use attain_domain::{
    goal::{check_parent, GoalShape, ScopeKind},
    org::TeamKind,
    period::Period,
    Capability, FieldError, Role,
};
use serde::Serialize;
use uuid::Uuid;

/// A goal with its period written the way it is asked for (`2026-Q3`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GoalView {
    #[serde(flatten)]
    pub goal: Goal,
    pub period: String,
}

impl GoalView {
    pub fn new(goal: Goal) -> Result<Self, ApiError> {
        let period = period_of(&goal)?.to_string();
        Ok(Self { goal, period })
    }
}

fn corrupt(e: FieldError) -> ApiError {
    DbError::Corrupt(e.to_string()).into()
}

pub fn period_of(goal: &Goal) -> Result<Period, ApiError> {
    Period::starting(
        goal.period_kind.parse().map_err(corrupt)?,
        goal.period_start,
    )
    .map_err(corrupt)
}

/// The facts about a stored goal that the cascade rules look at.
pub fn shape_of(goal: &Goal) -> Result<GoalShape<'_>, ApiError> {
    Ok(GoalShape {
        scope_kind: goal.scope_kind.parse().map_err(corrupt)?,
        metric: goal.metric.parse().map_err(corrupt)?,
        currency: goal.currency.as_deref(),
        period: period_of(goal)?,
    })
}

pub fn version_conflict(current: i32) -> ApiError {
    ApiError::conflict(
        "version_conflict",
        format!("This goal was changed by someone else (now version {current}). Reload it and apply your change again."),
    )
    .with_field("version")
}

/// Checks `scope_id` against the scope: nothing for the company, a team of
/// the right kind for a region or team, an active person for a rep.
pub fn check_scope(
    t: &mut TenantConn<'_>,
    scope_kind: ScopeKind,
    scope_id: Option<Uuid>,
) -> Result<(), ApiError> {
    let (team_kind, team_id) = match (scope_kind, scope_id) {
        (ScopeKind::Company, None) => return Ok(()),
        (ScopeKind::Company, Some(_)) => {
            return Err(FieldError::new("scope_id", "must be left out for a company goal").into())
        }
        (_, None) => return Err(FieldError::new("scope_id", "is required for this scope").into()),
        (ScopeKind::Rep, Some(person)) => {
            return match people::find(t, person)? {
                Some(p) if p.active => Ok(()),
                _ => Err(
                    FieldError::new("scope_id", "must be an active person of your company").into(),
                ),
            }
        }
        (ScopeKind::Region, Some(team)) => (TeamKind::Region, team),
        (ScopeKind::Team, Some(team)) => (TeamKind::Team, team),
    };
    match teams::all(t)?.into_iter().find(|team| team.id == team_id) {
        Some(team) if team.kind == team_kind.as_str() => Ok(()),
        Some(team) => Err(FieldError::new(
            "scope_id",
            format!(
                "{} is a {}, not a {}",
                team.name,
                team.kind,
                team_kind.as_str()
            ),
        )
        .into()),
        None => Err(FieldError::new("scope_id", "is not a team of your company").into()),
    }
}

fn goal_setters_only() -> ApiError {
    ApiError::forbidden("Managers set team and rep goals for their own teams and reports; owners and admins set the rest.")
}

/// Refuses callers who may set no goal at all, before their input is read.
pub fn require_goal_setter(principal: &Principal) -> Result<(), ApiError> {
    if principal.role.can(Capability::ManageOrganisation) || principal.role == Role::Manager {
        Ok(())
    } else {
        Err(goal_setters_only())
    }
}

/// Refuses unless the caller may set goals for this scope (see the module doc).
pub fn ensure_may_set(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    scope_kind: ScopeKind,
    scope_id: Option<Uuid>,
) -> Result<(), ApiError> {
    if principal.role.can(Capability::ManageOrganisation) {
        return Ok(());
    }
    let refuse = goal_setters_only;
    require_goal_setter(principal)?;
    let me = caller_person(t, principal)?.ok_or_else(refuse)?;
    let all_teams = teams::all(t)?;
    let managed_by_me = |team: Option<Uuid>| {
        team.is_some_and(|team| is_managed_by(&all_teams, team, principal.user_id))
    };
    let allowed = match (scope_kind, scope_id) {
        (ScopeKind::Team, Some(team)) => managed_by_me(Some(team)),
        (ScopeKind::Rep, Some(person)) if person != me => {
            people::reporting_to(t, me)?.contains(&person)
                || managed_by_me(people::find(t, person)?.and_then(|p| p.team_id))
        }
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// Whether `user` manages `team` or a team above it.
fn is_managed_by(all: &[Team], team: Uuid, user: Uuid) -> bool {
    let mut current = Some(team);
    for _ in 0..=all.len() {
        let Some(node) = current.and_then(|id| all.iter().find(|t| t.id == id)) else {
            return false;
        };
        if node.manager_user_id == Some(user) {
            return true;
        }
        current = node.parent_id;
    }
    false
}

/// Loads `parent_id` and checks it may hold a goal shaped `child`; for an
/// existing goal (`child_id`), also that it would not sit below itself.
pub fn check_parent_goal(
    t: &mut TenantConn<'_>,
    child: &GoalShape<'_>,
    child_id: Option<Uuid>,
    parent_id: Uuid,
) -> Result<(), ApiError> {
    let parent = goals::find(t, parent_id)?
        .ok_or_else(|| FieldError::new("parent_id", "is not a goal of your company"))?;
    check_parent(child, &shape_of(&parent)?)?;
    if let Some(child_id) = child_id {
        if goals::self_and_ancestors(t, parent_id)?.contains(&child_id) {
            return Err(
                FieldError::new("parent_id", "cannot be the goal itself or one below it").into(),
            );
        }
    }
    Ok(())
}
