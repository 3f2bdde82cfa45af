//! Management maturity of a tenant: initial → motivate → execute → coach →
//! align, read from evidence Attain already holds.
//!
//! Levels are cumulative: a tenant is at the highest level whose criteria,
//! and every lower level's, are all met.
//!
//! | level | criteria |
//! |---|---|
//! | motivate | a compensation plan is live |
//! | execute | KPI targets are set, and activities were logged in the last 30 days |
//! | coach | at least [`COACHING_SHARE`] (half) of managers wrote a one-on-one note in the last 30 days |
//! | align | goals cascade from the company down to reps, and the company's alignment score is at least [`ALIGNED_SCORE`] (70) |
//!
//! The reading lists every criterion as met or not and names the next step:
//! the first unmet criterion above the current level.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Share of managers coaching in the last 30 days for the coach level.
pub const COACHING_SHARE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// Company alignment score needed for the align level.
pub const ALIGNED_SCORE: Decimal = Decimal::from_parts(70, 0, 0, false, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaturityLevel {
    Initial,
    Motivate,
    Execute,
    Coach,
    Align,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MaturityEvidence {
    pub comp_plans_live: bool,
    pub kpi_targets_set: bool,
    /// Activities logged in the last 30 days.
    pub activity_tracked: bool,
    pub managers: u32,
    /// Managers with a one-on-one note in the last 30 days.
    pub managers_with_recent_one_on_ones: u32,
    /// Company goals cascade through the org down to rep goals.
    pub goals_cascaded_to_reps: bool,
    /// The company node's alignment score, if computed.
    pub alignment_score: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    CompPlansLive,
    KpiTargetsSet,
    ActivityTracked,
    ManagersCoaching,
    GoalsCascaded,
    AlignmentScore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub criterion: Criterion,
    /// The level this criterion belongs to.
    pub level: MaturityLevel,
    pub met: bool,
    pub detail: String,
    /// What to do when it is not met.
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaturityReading {
    pub level: MaturityLevel,
    pub evidence: Vec<EvidenceItem>,
    pub next_step: String,
}

/// Reads a tenant's maturity level from its evidence.
pub fn maturity(evidence: &MaturityEvidence) -> MaturityReading {
    let coaching_share = if evidence.managers == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(evidence.managers_with_recent_one_on_ones) / Decimal::from(evidence.managers)
    };
    let item = |criterion, level, met, detail: String, step: &str| EvidenceItem {
        criterion,
        level,
        met,
        detail,
        step: step.to_owned(),
    };
    let yes_no = |met: bool, yes: &str, no: &str| if met { yes } else { no }.to_owned();
    let score_ok = evidence.alignment_score.is_some_and(|s| s >= ALIGNED_SCORE);
    let items = vec![
        item(
            Criterion::CompPlansLive,
            MaturityLevel::Motivate,
            evidence.comp_plans_live,
            yes_no(evidence.comp_plans_live, "A compensation plan is live.", "No compensation plan is live."),
            "Publish a compensation plan and assign it, so reps are paid for what the company wants sold.",
        ),
        item(
            Criterion::KpiTargetsSet,
            MaturityLevel::Execute,
            evidence.kpi_targets_set,
            yes_no(evidence.kpi_targets_set, "KPI targets are set.", "No KPI targets are set."),
            "Set targets for the KPIs that matter (win rate, cycle length, activities per week).",
        ),
        item(
            Criterion::ActivityTracked,
            MaturityLevel::Execute,
            evidence.activity_tracked,
            yes_no(evidence.activity_tracked, "Activities were logged in the last 30 days.", "No activity logged in the last 30 days."),
            "Log calls, meetings and demos, so execution can be measured against targets.",
        ),
        item(
            Criterion::ManagersCoaching,
            MaturityLevel::Coach,
            evidence.managers > 0 && coaching_share >= COACHING_SHARE,
            format!(
                "{} of {} managers wrote a one-on-one note in the last 30 days.",
                evidence.managers_with_recent_one_on_ones, evidence.managers
            ),
            "Have managers hold one-on-ones and note them, starting from each rep's weakest stage.",
        ),
        item(
            Criterion::GoalsCascaded,
            MaturityLevel::Align,
            evidence.goals_cascaded_to_reps,
            yes_no(evidence.goals_cascaded_to_reps, "Company goals cascade down to every rep.", "Company goals do not yet reach every rep."),
            "Cascade the company goal to regions, teams and a personal goal for each rep.",
        ),
        item(
            Criterion::AlignmentScore,
            MaturityLevel::Align,
            score_ok,
            match evidence.alignment_score {
                Some(score) => format!("The alignment score is {score} (align needs {ALIGNED_SCORE})."),
                None => "No alignment score yet.".to_owned(),
            },
            "Raise the alignment score to 70: start with its lowest part.",
        ),
    ];
    let levels = [
        MaturityLevel::Motivate,
        MaturityLevel::Execute,
        MaturityLevel::Coach,
        MaturityLevel::Align,
    ];
    let level = levels
        .into_iter()
        .take_while(|level| items.iter().filter(|i| i.level == *level).all(|i| i.met))
        .last()
        .unwrap_or(MaturityLevel::Initial);
    let next_step = items
        .iter()
        .find(|i| i.level > level && !i.met)
        .map(|i| i.step.clone())
        .unwrap_or_else(|| {
            "Keep it there: everyone shares one language for stages and measures and sees their pace in real time.".to_owned()
        });
    MaturityReading {
        level,
        evidence: items,
        next_step,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn aligned() -> MaturityEvidence {
        MaturityEvidence {
            comp_plans_live: true,
            kpi_targets_set: true,
            activity_tracked: true,
            managers: 4,
            managers_with_recent_one_on_ones: 2,
            goals_cascaded_to_reps: true,
            alignment_score: Some(dec!(70)),
        }
    }

    #[test]
    fn each_level_needs_its_own_and_every_lower_level_s_evidence() {
        assert_eq!(maturity(&aligned()).level, MaturityLevel::Align);
        let low_score = MaturityEvidence {
            alignment_score: Some(dec!(69.9)),
            ..aligned()
        };
        assert_eq!(maturity(&low_score).level, MaturityLevel::Coach);
        let little_coaching = MaturityEvidence {
            managers_with_recent_one_on_ones: 1,
            ..aligned()
        };
        assert_eq!(maturity(&little_coaching).level, MaturityLevel::Execute);
        let no_activity = MaturityEvidence {
            activity_tracked: false,
            ..aligned()
        };
        assert_eq!(maturity(&no_activity).level, MaturityLevel::Motivate);
        // Everything but a live plan: still initial, since levels are cumulative.
        let no_plan = MaturityEvidence {
            comp_plans_live: false,
            ..aligned()
        };
        assert_eq!(maturity(&no_plan).level, MaturityLevel::Initial);
        assert_eq!(
            maturity(&MaturityEvidence::default()).level,
            MaturityLevel::Initial
        );
    }

    #[test]
    fn next_step_is_the_first_unmet_criterion_above_the_level() {
        let reading = maturity(&MaturityEvidence {
            managers_with_recent_one_on_ones: 0,
            ..aligned()
        });
        assert_eq!(reading.level, MaturityLevel::Execute);
        assert!(
            reading.next_step.contains("one-on-ones"),
            "{}",
            reading.next_step
        );
        assert_eq!(reading.evidence.len(), 6);
        assert_eq!(reading.evidence.iter().filter(|i| !i.met).count(), 1);
        assert!(maturity(&aligned()).next_step.starts_with("Keep it there"));
        let no_managers = maturity(&MaturityEvidence {
            managers: 0,
            managers_with_recent_one_on_ones: 0,
            ..aligned()
        });
        assert_eq!(no_managers.level, MaturityLevel::Execute);
    }
}
