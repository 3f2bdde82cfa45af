//! One alignment snapshot: every revenue goal of a period's cascade (company,
//! regions, teams, reps) with its pace, forecast and alignment score, and the
//! company's top risks. The worker loads each goal's figures and calls
//! [`snapshot`]; pages read the result as stored, so every number on the
//! executive dashboard comes from here and carries its inputs.

use crate::{
    alignment_score, forecast, pace, score::CoverageInput, seasonality::SeasonalityProfile,
    ActivityInput, AlignmentError, AlignmentInput, AlignmentScore, Forecast, GoalProgress,
    MixInput, NodeKind, OpenDeal, Pace, PaceClass, PlansInput,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many goals the risk list names.
pub const TOP_RISKS: usize = 5;

/// What is known about one goal, as loaded by the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalFigures {
    pub goal_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: NodeKind,
    /// The region, team or person; `None` for the company.
    pub scope_id: Option<Uuid>,
    /// Who the goal is for, as people read it.
    pub name: String,
    pub target: Decimal,
    pub currency: String,
    pub period_start: NaiveDate,
    /// Last day of the period, included.
    pub period_end: NaiveDate,
    /// Won in the goal's currency since the period started.
    pub actual_to_date: Decimal,
    /// The scope's credited share of each open deal in the goal's currency.
    pub open_deals: Vec<OpenDeal>,
    pub activities: Vec<ActivityInput>,
    /// The compensation plans paying the scope's people, for plan consistency.
    #[serde(default)]
    pub plans: Option<PlansInput>,
    /// Pipeline and bookings per product priority against the company's
    /// target mix; `None` without a target mix.
    #[serde(default)]
    pub mix: Option<MixInput>,
    /// Deals of the scope left out for want of an exchange rate into `currency`.
    #[serde(default)]
    pub unconverted_deals: usize,
}

/// One goal of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalNode {
    pub goal_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: NodeKind,
    pub scope_id: Option<Uuid>,
    pub name: String,
    pub currency: String,
    pub pace: Pace,
    pub forecast: Forecast,
    pub score: AlignmentScore,
    /// Sum of the child goals' targets; `None` without children.
    pub children_target: Option<Decimal>,
    /// Deals left out for want of an exchange rate into `currency`.
    #[serde(default)]
    pub unconverted_deals: usize,
}

/// A goal that most threatens the company's: behind, with the most money missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub goal_id: Uuid,
    pub name: String,
    pub kind: NodeKind,
    pub gap: Decimal,
    pub currency: String,
    pub chance: Decimal,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignmentSnapshot {
    /// The period as written elsewhere (`2026-Q4`).
    pub period: String,
    pub as_of: NaiveDate,
    /// From the company down: parents before their children.
    pub goals: Vec<GoalNode>,
    /// How many goals are ahead, on track and behind.
    pub ahead: usize,
    pub on_track: usize,
    pub behind: usize,
    pub risks: Vec<Risk>,
}

/// Computes every goal's pace (by `seasonality`, the company's learned
/// shape of the year, or linear), forecast and score as of `as_of`.
pub fn snapshot(
    period: &str,
    as_of: NaiveDate,
    goals: &[GoalFigures],
    seasonality: &SeasonalityProfile,
) -> Result<AlignmentSnapshot, AlignmentError> {
    let mut nodes = Vec::with_capacity(goals.len());
    for goal in ordered(goals) {
        let progress = GoalProgress {
            target: goal.target,
            period_start: goal.period_start,
            period_end: goal.period_end,
            actual_to_date: goal.actual_to_date,
            as_of,
            trailing_daily_run_rate: None,
        };
        let pace = pace(&progress, seasonality)?;
        let forecast = forecast(&crate::ForecastInput {
            goal: progress,
            open_deals: goal.open_deals.clone(),
            pipeline_horizon_days: None,
        })?;
        let children: Vec<&GoalFigures> = goals
            .iter()
            .filter(|child| child.parent_id == Some(goal.goal_id))
            .collect();
        let children_target =
            (!children.is_empty()).then(|| children.iter().map(|child| child.target).sum());
        let score = alignment_score(&AlignmentInput {
            node_id: goal.goal_id,
            node_kind: goal.kind,
            pace: Some((&pace).into()),
            mix: goal.mix.clone(),
            activities: goal.activities.clone(),
            coverage: children_target.map(|children_total| CoverageInput {
                goal_target: goal.target,
                children_total,
            }),
            plans: goal.plans.clone(),
        });
        nodes.push(GoalNode {
            goal_id: goal.goal_id,
            parent_id: goal.parent_id,
            kind: goal.kind,
            scope_id: goal.scope_id,
            name: goal.name.clone(),
            currency: goal.currency.clone(),
            pace,
            forecast,
            score,
            children_target,
            unconverted_deals: goal.unconverted_deals,
        });
    }
    let count = |class: PaceClass| nodes.iter().filter(|n| n.pace.class == class).count();
    let (ahead, on_track, behind) = (
        count(PaceClass::Ahead),
        count(PaceClass::OnTrack),
        count(PaceClass::Behind),
    );
    Ok(AlignmentSnapshot {
        period: period.to_owned(),
        as_of,
        risks: risks(&nodes),
        goals: nodes,
        ahead,
        on_track,
        behind,
    })
}

/// Parents before children (a goal whose parent is not in the list is a root).
fn ordered(goals: &[GoalFigures]) -> Vec<&GoalFigures> {
    let known: std::collections::HashSet<Uuid> = goals.iter().map(|g| g.goal_id).collect();
    let mut out: Vec<&GoalFigures> = Vec::with_capacity(goals.len());
    let mut frontier: Vec<&GoalFigures> = goals
        .iter()
        .filter(|g| g.parent_id.is_none_or(|p| !known.contains(&p)))
        .collect();
    frontier.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    while !frontier.is_empty() {
        let mut next: Vec<&GoalFigures> = Vec::new();
        for goal in &frontier {
            next.extend(
                goals
                    .iter()
                    .filter(|child| child.parent_id == Some(goal.goal_id)),
            );
        }
        out.append(&mut frontier);
        next.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        next.retain(|g| !out.iter().any(|seen| seen.goal_id == g.goal_id));
        frontier = next;
    }
    out
}

/// Behind-pace goals with the most money missing, worst first.
fn risks(nodes: &[GoalNode]) -> Vec<Risk> {
    let mut behind: Vec<&GoalNode> = nodes
        .iter()
        .filter(|n| n.pace.class == PaceClass::Behind)
        .collect();
    behind.sort_by(|a, b| a.pace.gap.cmp(&b.pace.gap).then(a.name.cmp(&b.name)));
    behind
        .into_iter()
        .take(TOP_RISKS)
        .map(|node| Risk {
            goal_id: node.goal_id,
            name: node.name.clone(),
            kind: node.kind,
            gap: node.pace.gap,
            currency: node.currency.clone(),
            chance: node.forecast.chance,
            sentence: node.forecast.sentence.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn goal(
        id: u128,
        parent: Option<u128>,
        kind: NodeKind,
        target: Decimal,
        actual: Decimal,
    ) -> GoalFigures {
        GoalFigures {
            goal_id: Uuid::from_u128(id),
            parent_id: parent.map(Uuid::from_u128),
            kind,
            scope_id: None,
            name: format!("goal {id}"),
            target,
            currency: "USD".into(),
            period_start: day(2026, 10, 1),
            period_end: day(2026, 12, 31),
            actual_to_date: actual,
            open_deals: Vec::new(),
            activities: Vec::new(),
            plans: None,
            mix: None,
            unconverted_deals: 0,
        }
    }

    #[test]
    fn parents_come_first_and_coverage_uses_the_children() {
        // 15 November: 46 of 92 days, so half of each target is expected.
        let goals = vec![
            goal(3, Some(1), NodeKind::Team, dec!(40000), dec!(30000)),
            goal(1, None, NodeKind::Company, dec!(100000), dec!(50000)),
            goal(2, Some(1), NodeKind::Team, dec!(60000), dec!(10000)),
        ];
        let snap = snapshot(
            "2026-Q4",
            day(2026, 11, 15),
            &goals,
            &SeasonalityProfile::Linear,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let order: Vec<u128> = snap.goals.iter().map(|g| g.goal_id.as_u128()).collect();
        assert_eq!(order, vec![1, 2, 3]);
        assert_eq!(snap.goals[0].children_target, Some(dec!(100000)));
        assert_eq!(snap.goals[0].pace.class, PaceClass::OnTrack);
        assert_eq!(snap.goals[1].pace.class, PaceClass::Behind);
        assert_eq!(snap.goals[2].pace.class, PaceClass::Ahead);
        assert_eq!((snap.ahead, snap.on_track, snap.behind), (1, 1, 1));
        assert_eq!(snap.risks.len(), 1);
        assert_eq!(snap.risks[0].goal_id, Uuid::from_u128(2));
        assert!(snap.risks[0].gap < Decimal::ZERO);
        let parts: Vec<_> = snap.goals[0].score.parts.iter().map(|p| p.kind).collect();
        assert!(parts.contains(&crate::PartKind::Coverage), "{parts:?}");
        assert!(snap.goals[1].children_target.is_none());
    }

    #[test]
    fn a_risk_names_the_goal_furthest_behind_first() {
        let goals = vec![
            goal(1, None, NodeKind::Company, dec!(100000), dec!(10000)),
            goal(2, Some(1), NodeKind::Rep, dec!(50000), dec!(0)),
            goal(3, Some(1), NodeKind::Rep, dec!(50000), dec!(20000)),
        ];
        let snap = snapshot(
            "2026-Q4",
            day(2026, 11, 15),
            &goals,
            &SeasonalityProfile::Linear,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let named: Vec<u128> = snap.risks.iter().map(|r| r.goal_id.as_u128()).collect();
        assert_eq!(named, vec![1, 2, 3]);
    }
}
