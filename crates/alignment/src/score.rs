//! The alignment score: one number from 0 to 100 for any node of the goal
//! cascade (company, region, team, rep), built from parts an executive can
//! drill into. Each part is scored 0–100 and returned with its weight, its
//! inputs and a sentence.
//!
//! | part | weight | score |
//! |---|---|---|
//! | goal pace | [`PACE_WEIGHT`] 30 | `min(actual ÷ expected, 1) × 100` |
//! | priority-product mix | [`MIX_WEIGHT`] 20 | `100 − TVD × 100` for pipeline and for bookings, averaged; TVD = ½ Σ \|share − target share\| over priorities |
//! | activity | [`ACTIVITY_WEIGHT`] 15 | mean of `min(done ÷ target, 1)` × 100: one activity overdone cannot hide another neglected |
//! | coverage | [`COVERAGE_WEIGHT`] 15 | children's targets ÷ goal = c: `c × 100` below 1; 100 from 1 to [`OVER_COVERAGE_CAP`] (1.2); `100 − (c − 1.2) × 100` above, not below 0 |
//! | plan consistency | [`PLAN_WEIGHT`] 20 | `100 − 25 × flags`, not below 0 (see [`crate::consistency`]) |
//!
//! A part with no data (nothing expected yet, no pipeline or bookings, no
//! activity targets, no children, no plans) is dropped and the remaining
//! weights are renormalised to sum to 100; the output lists what was dropped
//! and says so. The score is Σ score × weight ÷ Σ weight over the parts
//! present, one place; none at all when every part is missing.

use crate::{
    consistency::{check_plans, PlanCheck, PlanRates, ProductPriority},
    pace::Pace,
    stats::{ratio, round_ratio, round_score},
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub const PACE_WEIGHT: Decimal = Decimal::from_parts(30, 0, 0, false, 0);
pub const MIX_WEIGHT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);
pub const ACTIVITY_WEIGHT: Decimal = Decimal::from_parts(15, 0, 0, false, 0);
pub const COVERAGE_WEIGHT: Decimal = Decimal::from_parts(15, 0, 0, false, 0);
pub const PLAN_WEIGHT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);
/// Children may be assigned up to 120% of their parent's goal without penalty.
pub const OVER_COVERAGE_CAP: Decimal = Decimal::from_parts(12, 0, 0, false, 1);
/// Points lost per plan flag.
pub const PLAN_FLAG_PENALTY: Decimal = Decimal::from_parts(25, 0, 0, false, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Company,
    Region,
    Team,
    Rep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    GoalPace,
    PriorityMix,
    Activity,
    Coverage,
    PlanConsistency,
}

impl PartKind {
    pub fn weight(self) -> Decimal {
        match self {
            Self::GoalPace => PACE_WEIGHT,
            Self::PriorityMix => MIX_WEIGHT,
            Self::Activity => ACTIVITY_WEIGHT,
            Self::Coverage => COVERAGE_WEIGHT,
            Self::PlanConsistency => PLAN_WEIGHT,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::GoalPace => "goal pace",
            Self::PriorityMix => "priority mix",
            Self::Activity => "activity",
            Self::Coverage => "coverage",
            Self::PlanConsistency => "plan consistency",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceInput {
    pub actual_to_date: Decimal,
    pub expected_to_date: Decimal,
}

impl From<&Pace> for PaceInput {
    fn from(pace: &Pace) -> Self {
        Self {
            actual_to_date: pace.actual_to_date,
            expected_to_date: pace.expected_to_date,
        }
    }
}

/// Amounts per priority; shares are derived here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MixInput {
    /// The company's target mix (any scale: shares or amounts).
    pub target: BTreeMap<ProductPriority, Decimal>,
    pub pipeline: BTreeMap<ProductPriority, Decimal>,
    pub bookings: BTreeMap<ProductPriority, Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub kind: String,
    pub done: Decimal,
    pub target: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageInput {
    pub goal_target: Decimal,
    pub children_total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlansInput {
    /// Priority per product or category, as the plans' rates are keyed.
    pub priorities: BTreeMap<String, ProductPriority>,
    pub plans: Vec<PlanRates>,
}

/// Everything known about one node; `None` or empty means no data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignmentInput {
    pub node_id: Uuid,
    pub node_kind: NodeKind,
    #[serde(default)]
    pub pace: Option<PaceInput>,
    #[serde(default)]
    pub mix: Option<MixInput>,
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
    #[serde(default)]
    pub coverage: Option<CoverageInput>,
    #[serde(default)]
    pub plans: Option<PlansInput>,
}

/// The inputs behind a part, for the drill-in page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum PartDetail {
    GoalPace {
        actual_to_date: Decimal,
        expected_to_date: Decimal,
        pace_ratio: Decimal,
    },
    PriorityMix {
        target_shares: BTreeMap<ProductPriority, Decimal>,
        pipeline_shares: Option<BTreeMap<ProductPriority, Decimal>>,
        bookings_shares: Option<BTreeMap<ProductPriority, Decimal>>,
        pipeline_score: Option<Decimal>,
        bookings_score: Option<Decimal>,
    },
    Activity {
        /// `(kind, done, target, capped ratio)`.
        items: Vec<(String, Decimal, Decimal, Decimal)>,
    },
    Coverage {
        goal_target: Decimal,
        children_total: Decimal,
        coverage_ratio: Decimal,
    },
    PlanConsistency(PlanCheck),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignmentPart {
    pub kind: PartKind,
    /// 0–100, one place.
    pub score: Decimal,
    /// The documented weight.
    pub weight: Decimal,
    /// The weight after renormalising over the parts present, in percent.
    pub effective_weight: Decimal,
    pub explanation: String,
    pub detail: PartDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignmentScore {
    pub node_id: Uuid,
    pub node_kind: NodeKind,
    /// 0–100, one place; `None` when no part has data.
    pub score: Option<Decimal>,
    pub parts: Vec<AlignmentPart>,
    /// Parts dropped for lack of data.
    pub missing: Vec<PartKind>,
    /// True when weights were renormalised because parts were missing.
    pub renormalised: bool,
    pub note: String,
}

/// Scores one node.
pub fn alignment_score(input: &AlignmentInput) -> AlignmentScore {
    let candidates = [
        (PartKind::GoalPace, input.pace.as_ref().and_then(pace_part)),
        (PartKind::PriorityMix, input.mix.as_ref().and_then(mix_part)),
        (PartKind::Activity, activity_part(&input.activities)),
        (
            PartKind::Coverage,
            input.coverage.as_ref().and_then(coverage_part),
        ),
        (
            PartKind::PlanConsistency,
            input.plans.as_ref().and_then(plan_part),
        ),
    ];
    let mut parts = Vec::new();
    let mut missing = Vec::new();
    for (kind, scored) in candidates {
        match scored {
            Some((score, explanation, detail)) => parts.push(AlignmentPart {
                kind,
                score: round_score(score.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)),
                weight: kind.weight(),
                effective_weight: Decimal::ZERO,
                explanation,
                detail,
            }),
            None => missing.push(kind),
        }
    }
    let total_weight: Decimal = parts.iter().map(|p| p.weight).sum();
    for part in &mut parts {
        part.effective_weight = ratio(part.weight * Decimal::ONE_HUNDRED, total_weight)
            .map(round_score)
            .unwrap_or_default();
    }
    let score =
        ratio(parts.iter().map(|p| p.score * p.weight).sum(), total_weight).map(round_score);
    let renormalised = !missing.is_empty() && !parts.is_empty();
    let note = if parts.is_empty() {
        "No data yet for any part of the alignment score.".to_owned()
    } else if missing.is_empty() {
        "All five parts scored with their documented weights.".to_owned()
    } else {
        let names: Vec<&str> = missing.iter().map(|k| k.words()).collect();
        format!(
            "No data for {}: left out, and the other parts' weights scaled up to add to 100.",
            names.join(", ")
        )
    };
    AlignmentScore {
        node_id: input.node_id,
        node_kind: input.node_kind,
        score,
        parts,
        missing,
        renormalised,
        note,
    }
}

type Scored = (Decimal, String, PartDetail);

fn pace_part(input: &PaceInput) -> Option<Scored> {
    if input.expected_to_date <= Decimal::ZERO {
        return None;
    }
    let pace_ratio = round_ratio(input.actual_to_date / input.expected_to_date);
    let score = pace_ratio.min(Decimal::ONE).max(Decimal::ZERO) * Decimal::ONE_HUNDRED;
    let explanation = format!(
        "{} booked of {} expected to date ({}% of pace); at or ahead of pace scores 100.",
        input.actual_to_date,
        input.expected_to_date,
        round_score(pace_ratio * Decimal::ONE_HUNDRED)
    );
    Some((
        score,
        explanation,
        PartDetail::GoalPace {
            actual_to_date: input.actual_to_date,
            expected_to_date: input.expected_to_date,
            pace_ratio,
        },
    ))
}

/// Shares of a total, or `None` when it adds up to nothing.
fn shares(
    amounts: &BTreeMap<ProductPriority, Decimal>,
) -> Option<BTreeMap<ProductPriority, Decimal>> {
    let total: Decimal = amounts.values().map(|a| a.max(&Decimal::ZERO)).sum();
    (total > Decimal::ZERO).then(|| {
        amounts
            .iter()
            .map(|(k, a)| (*k, round_ratio(a.max(&Decimal::ZERO) / total)))
            .collect()
    })
}

/// 100 − total variation distance × 100.
fn mix_score(
    actual: &BTreeMap<ProductPriority, Decimal>,
    target: &BTreeMap<ProductPriority, Decimal>,
) -> Decimal {
    let keys: std::collections::BTreeSet<&ProductPriority> =
        actual.keys().chain(target.keys()).collect();
    let distance: Decimal = keys
        .into_iter()
        .map(|k| {
            (actual.get(k).copied().unwrap_or_default()
                - target.get(k).copied().unwrap_or_default())
            .abs()
        })
        .sum::<Decimal>()
        / Decimal::TWO;
    Decimal::ONE_HUNDRED - distance * Decimal::ONE_HUNDRED
}

fn mix_part(input: &MixInput) -> Option<Scored> {
    let target_shares = shares(&input.target)?;
    let pipeline_shares = shares(&input.pipeline);
    let bookings_shares = shares(&input.bookings);
    let pipeline_score = pipeline_shares
        .as_ref()
        .map(|s| round_score(mix_score(s, &target_shares)));
    let bookings_score = bookings_shares
        .as_ref()
        .map(|s| round_score(mix_score(s, &target_shares)));
    let present: Vec<Decimal> = pipeline_score.into_iter().chain(bookings_score).collect();
    let score = ratio(present.iter().sum(), Decimal::from(present.len()))?;
    let strategic = |shares: &BTreeMap<ProductPriority, Decimal>| {
        let share = shares
            .get(&ProductPriority::Strategic)
            .copied()
            .unwrap_or_default();
        format!("{}%", round_score(share * Decimal::ONE_HUNDRED).normalize())
    };
    let of = |shares: &Option<BTreeMap<ProductPriority, Decimal>>, what: &str| match shares {
        Some(shares) => format!("{} of {what}", strategic(shares)),
        None => format!("no {what} with product lines"),
    };
    let explanation = format!(
        "Strategic products: {}, {}, against a target of {}; the score is 100 minus the share of the mix that would have to move to match the target.",
        of(&pipeline_shares, "pipeline"),
        of(&bookings_shares, "bookings"),
        strategic(&target_shares),
    );
    Some((
        score,
        explanation,
        PartDetail::PriorityMix {
            target_shares,
            pipeline_shares,
            bookings_shares,
            pipeline_score,
            bookings_score,
        },
    ))
}

fn activity_part(activities: &[ActivityInput]) -> Option<Scored> {
    let items: Vec<(String, Decimal, Decimal, Decimal)> = activities
        .iter()
        .filter(|a| a.target > Decimal::ZERO)
        .map(|a| {
            let capped = round_ratio((a.done / a.target).clamp(Decimal::ZERO, Decimal::ONE));
            (a.kind.clone(), a.done, a.target, capped)
        })
        .collect();
    let mean = ratio(items.iter().map(|i| i.3).sum(), Decimal::from(items.len()))?;
    let behind: Vec<&str> = items
        .iter()
        .filter(|i| i.3 < Decimal::ONE)
        .map(|i| i.0.as_str())
        .collect();
    let explanation = if behind.is_empty() {
        format!("All {} activity targets met.", items.len())
    } else {
        format!(
            "Below target on {}; each activity counts at most 100% of its target.",
            behind.join(", ")
        )
    };
    Some((
        mean * Decimal::ONE_HUNDRED,
        explanation,
        PartDetail::Activity { items },
    ))
}

fn coverage_part(input: &CoverageInput) -> Option<Scored> {
    if input.goal_target <= Decimal::ZERO || input.children_total <= Decimal::ZERO {
        return None;
    }
    let coverage = round_ratio(input.children_total / input.goal_target);
    let (score, verdict) = if coverage < Decimal::ONE {
        (
            coverage * Decimal::ONE_HUNDRED,
            "under-covered: part of the goal belongs to nobody",
        )
    } else if coverage <= OVER_COVERAGE_CAP {
        (Decimal::ONE_HUNDRED, "covered")
    } else {
        (
            Decimal::ONE_HUNDRED - (coverage - OVER_COVERAGE_CAP) * Decimal::ONE_HUNDRED,
            "over-assigned beyond 120%: targets below are out of reach of the goal above",
        )
    };
    let explanation = format!(
        "Goals below add up to {} of {} ({}%): {verdict}.",
        input.children_total,
        input.goal_target,
        round_score(coverage * Decimal::ONE_HUNDRED)
    );
    Some((
        score.max(Decimal::ZERO),
        explanation,
        PartDetail::Coverage {
            goal_target: input.goal_target,
            children_total: input.children_total,
            coverage_ratio: coverage,
        },
    ))
}

fn plan_part(input: &PlansInput) -> Option<Scored> {
    if input.plans.is_empty() {
        return None;
    }
    let check = check_plans(&input.priorities, &input.plans);
    let score = (Decimal::ONE_HUNDRED - PLAN_FLAG_PENALTY * Decimal::from(check.flags.len()))
        .max(Decimal::ZERO);
    let explanation = match check.flags.first() {
        None => format!(
            "None of the {} plans pays a deprioritised product more than a priority one.",
            check.plans_checked
        ),
        Some(first) => format!(
            "{} flag(s), 25 points each. {}",
            check.flags.len(),
            first.message
        ),
    };
    Some((score, explanation, PartDetail::PlanConsistency(check)))
}
