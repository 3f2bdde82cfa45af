//! The goals page's data and changes: one metric's cascade for one period,
//! a new goal, a new target.

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {super::support, crate::server};

/// The cascade of `metric` for `period` (defaults: revenue, this quarter),
/// flattened in drawing order, with what the new-goal form offers.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_goals(period: String, metric: String) -> Result<GoalsPage, Problem> {
    use attain_api::routes::{goals, teams};
    use attain_domain::{Capability, Role};
    let (state, principal) = server::caller(None).await?;
    let (year, month, _) = support::today();
    let period = match period.trim() {
        "" => format!("{year}-Q{}", (month - 1) / 3 + 1),
        other => other.to_owned(),
    };
    let metric = match metric.trim() {
        "" => "revenue".to_owned(),
        other => other.to_owned(),
    };
    let tree = goals::tree::run(
        &state,
        &principal,
        goals::tree::TreeQuery {
            period: Some(period.clone()),
            metric: Some(metric.clone()),
        },
    )
    .await?;
    let people = support::everyone(&state, &principal).await?;
    let teams = teams::list::run(&state, &principal).await?;
    let me = support::me(&people, &principal);
    let person_names = support::names(&people);
    let scope_name = |kind: &str, id: Option<uuid::Uuid>| -> String {
        match (kind, id) {
            ("company", _) => "Whole company".to_owned(),
            (_, Some(id)) => teams
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.name.clone())
                .or_else(|| person_names.get(&id).cloned())
                .unwrap_or_else(|| "Removed".to_owned()),
            _ => "Unknown".to_owned(),
        }
    };
    let is_admin = principal.role.can(Capability::ManageOrganisation);
    let may_set = is_admin || principal.role == Role::Manager;
    let mut lines = Vec::new();
    fn flatten(
        node: goals::tree::GoalNode,
        depth: usize,
        out: &mut Vec<(goals::tree::GoalNode, usize, usize)>,
    ) {
        let mut node = node;
        let children = std::mem::take(&mut node.children);
        let count = children.len();
        out.push((node, depth, count));
        for child in children {
            flatten(child, depth + 1, out);
        }
    }
    let mut flat = Vec::new();
    for root in tree.roots {
        flatten(root, 0, &mut flat);
    }
    for (node, depth, children) in flat {
        let goal = node.goal.goal;
        let status = serde_json::to_value(node.coverage.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let editable = is_admin
            || (may_set
                && matches!(goal.scope_kind.as_str(), "team" | "rep")
                && goal.scope_id != me);
        lines.push(GoalLine {
            id: goal.id.to_string(),
            depth,
            scope_name: scope_name(&goal.scope_kind, goal.scope_id),
            scope_kind: goal.scope_kind,
            period: node.goal.period,
            metric: goal.metric,
            target: goal.target.to_string(),
            currency: goal.currency,
            children,
            children_total: node.coverage.children_total.to_string(),
            coverage: node.coverage.coverage.map(|c| c.to_string()),
            gap: node.coverage.gap.to_string(),
            status,
            version: goal.version,
            editable,
        });
    }
    let all = goals::list::run(
        &state,
        &principal,
        support::page(1, attain_api::pagination::PageQuery::MAX_PER_PAGE),
        goals::list::GoalQuery {
            metric: Some(metric.clone()),
            ..Default::default()
        },
    )
    .await?;
    let currency = all
        .items
        .iter()
        .find_map(|g| g.goal.currency.clone())
        .unwrap_or_else(|| "USD".to_owned());
    let parents = all
        .items
        .into_iter()
        .map(|g| {
            let amount = goal_amount(&g.goal.target.to_string(), g.goal.currency.as_deref());
            (
                g.goal.id.to_string(),
                format!(
                    "{} · {} · {amount}",
                    scope_name(&g.goal.scope_kind, g.goal.scope_id),
                    period_label(&g.period)
                ),
            )
        })
        .collect();
    let scopes = if is_admin {
        support::scope_groups(&teams, &people, me)
    } else if may_set {
        // Managers set goals for teams and reps; the API checks which.
        support::scope_groups(&teams, &people, None)
            .into_iter()
            .filter(|(group, _)| group == "Teams" || group == "People")
            .map(|(group, choices)| {
                let mine = me.map(|m| format!("rep:{m}"));
                (
                    group,
                    choices
                        .into_iter()
                        .filter(|(v, _)| Some(v) != mine.as_ref())
                        .collect(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(GoalsPage {
        periods: goal_periods(year),
        period,
        metric,
        lines,
        scopes,
        parents,
        may_set,
        currency,
    })
}

/// Sets a goal. `scope` is `company`, `region:<id>`, `team:<id>` or `rep:<id>`.
#[server(prefix = "/fn")]
pub async fn create_goal(
    csrf: String,
    period: String,
    scope: String,
    metric: String,
    target: String,
    currency: String,
    parent_id: String,
) -> Result<String, Problem> {
    form_call!(CreateGoal, {
        use attain_api::routes::goals::create::{run, CreateGoal};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let (scope_kind, scope_id) = match scope.trim().split_once(':') {
            None if scope.trim() == "company" => ("company".to_owned(), None),
            Some((kind, id)) => (kind.to_owned(), support::id(id, "scope_id")?),
            None => return Err(support::field("scope_id", "choose whose goal this is")),
        };
        if target.trim().is_empty() {
            return Err(support::field("target", "is required"));
        }
        let money = metric_is_money(&metric);
        let body = CreateGoal {
            period,
            scope_kind,
            scope_id,
            metric,
            target: support::decimal(&target),
            currency: if money {
                support::text(&currency)
            } else {
                None
            },
            parent_id: support::id(&parent_id, "parent_id")?,
        };
        Ok(run(&state, &principal, body).await?.period)
    })
}

/// Changes a goal's target; `version` is the one the page showed.
#[server(prefix = "/fn")]
pub async fn update_goal_target(
    csrf: String,
    goal_id: String,
    version: i32,
    target: String,
) -> Result<(), Problem> {
    form_call!(UpdateGoalTarget, {
        use attain_api::routes::goals::update::{run, UpdateGoal};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let goal_id = support::required(&goal_id, "goal")?;
        if target.trim().is_empty() {
            return Err(support::field("target", "is required"));
        }
        let body = UpdateGoal {
            version,
            target: Some(support::decimal(&target)),
            parent_id: None,
        };
        run(&state, &principal, goal_id, body).await?;
        Ok(())
    })
}
