//! The alignment dashboard's data: the worker's snapshot of a quarter or
//! year (through the same service as `GET /api/v1/alignment`), shaped for
//! the page: money formatted in each goal's currency, parts labelled.

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::support::{self, money, percent},
    crate::server,
};

/// The snapshot of `period` (empty: this quarter).
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_alignment(period: String) -> Result<AlignmentPage, Problem> {
    use attain_api::routes::alignment::snapshot::{run, AlignmentQuery};
    let (state, principal) = server::caller(None).await?;
    let query = AlignmentQuery {
        period: (!period.trim().is_empty()).then(|| period.trim().to_owned()),
    };
    let view = run(&state, &principal, query).await?;
    let snapshot: attain_alignment::AlignmentSnapshot = serde_json::from_value(view.snapshot)
        .map_err(|e| attain_api::ApiError::internal(format!("alignment snapshot: {e}")))?;
    let (year, month, _) = support::today();
    let quarter = format!("{year}-Q{}", (month - 1) / 3 + 1);
    Ok(AlignmentPage {
        periods: vec![
            (quarter.clone(), format!("This quarter ({quarter})")),
            (year.to_string(), format!("This year ({year})")),
        ],
        period: view.period,
        as_of: snapshot.as_of.to_string(),
        computed: view
            .computed_at
            .map(|at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default(),
        ahead: snapshot.ahead,
        on_track: snapshot.on_track,
        behind: snapshot.behind,
        risks: snapshot
            .risks
            .iter()
            .map(|risk| AlignRisk {
                goal_id: risk.goal_id.to_string(),
                name: risk.name.clone(),
                kind: kind_label(risk.kind).to_owned(),
                gap: money(risk.gap, &risk.currency),
                chance: percent(risk.chance),
                sentence: risk.sentence.clone(),
            })
            .collect(),
        goals: snapshot.goals.iter().map(goal).collect(),
    })
}

#[cfg(feature = "ssr")]
fn goal(node: &attain_alignment::GoalNode) -> AlignGoal {
    use rust_decimal::prelude::ToPrimitive;
    let currency = &node.currency;
    let pace = &node.pace;
    let drawn = |value: rust_decimal::Decimal| value.to_f64().unwrap_or_default();
    AlignGoal {
        id: node.goal_id.to_string(),
        parent_id: node.parent_id.map(|id| id.to_string()),
        kind: kind_label(node.kind).to_owned(),
        name: node.name.clone(),
        class: match pace.class {
            attain_alignment::PaceClass::Ahead => "ahead",
            attain_alignment::PaceClass::OnTrack => "on_track",
            attain_alignment::PaceClass::Behind => "behind",
        }
        .to_owned(),
        target: money(pace.target, currency),
        actual: money(pace.actual_to_date, currency),
        expected: money(pace.expected_to_date, currency),
        gap: money(pace.gap, currency),
        gap_days: pace.gap_days.map(|days| format!("{days} days")),
        pace_explanation: pace.explanation.clone(),
        forecast: money(node.forecast.forecast, currency),
        chance: percent(node.forecast.chance),
        chance_words: node.forecast.chance_label.words().to_owned(),
        forecast_sentence: node.forecast.sentence.clone(),
        score: node.score.score.map(|score| score.to_string()),
        score_note: node.score.note.clone(),
        parts: node
            .score
            .parts
            .iter()
            .map(|part| AlignPart {
                label: part_label(part.kind).to_owned(),
                score: part.score.to_string(),
                weight: format!("{}%", part.effective_weight.round_dp(0)),
                explanation: part.explanation.clone(),
            })
            .collect(),
        drawn: (
            drawn(pace.actual_to_date),
            drawn(pace.expected_to_date),
            drawn(node.forecast.forecast),
            drawn(pace.target),
        ),
        unconverted: (node.unconverted_deals > 0).then(|| {
            format!(
                "{} deal{} in other currencies left out: no exchange rate into {currency}. Owners and admins set rates under Administration › Compensation.",
                node.unconverted_deals,
                if node.unconverted_deals == 1 { "" } else { "s" },
            )
        }),
        mix: node.score.parts.iter().find_map(|part| match &part.detail {
            attain_alignment::PartDetail::PriorityMix {
                target_shares,
                pipeline_shares,
                bookings_shares,
                pipeline_score,
                bookings_score,
            } => Some(AlignMix {
                rows: vec![
                    mix_row("Target", None, Some(target_shares)),
                    mix_row("Pipeline", *pipeline_score, pipeline_shares.as_ref()),
                    mix_row("Bookings", *bookings_score, bookings_shares.as_ref()),
                ],
            }),
            _ => None,
        }),
    }
}

#[cfg(feature = "ssr")]
fn mix_row(
    label: &str,
    score: Option<rust_decimal::Decimal>,
    shares: Option<
        &std::collections::BTreeMap<attain_alignment::ProductPriority, rust_decimal::Decimal>,
    >,
) -> MixRow {
    use attain_alignment::ProductPriority;
    use rust_decimal::prelude::ToPrimitive;
    let order = [
        (ProductPriority::Strategic, "strategic", "Strategic"),
        (ProductPriority::Standard, "standard", "Standard"),
        (ProductPriority::LossLeader, "loss_leader", "Loss leader"),
    ];
    let segments = shares
        .map(|shares| {
            order
                .iter()
                .filter_map(|(priority, key, name)| {
                    let share = *shares.get(priority)?;
                    (share > rust_decimal::Decimal::ZERO).then(|| MixSegment {
                        key: (*key).to_owned(),
                        label: (*name).to_owned(),
                        percent: (share * rust_decimal::Decimal::ONE_HUNDRED)
                            .to_f64()
                            .unwrap_or_default(),
                        text: format!("{name} {}", percent(share)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    MixRow {
        label: label.to_owned(),
        score: score.map(|score| score.normalize().to_string()),
        segments,
    }
}

/// The company's target mix of product priorities, for its form.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_target_mix() -> Result<TargetMixForm, Problem> {
    let (state, principal) = server::caller(None).await?;
    let view = attain_api::routes::alignment::target_mix_get::run(&state, &principal).await?;
    Ok(target_mix_form(&view))
}

#[cfg(feature = "ssr")]
fn target_mix_form(
    view: &attain_api::routes::alignment::target_mix_get::TargetMixView,
) -> TargetMixForm {
    let share = |key: &str| {
        view.shares
            .get(key)
            .map(|share| share.normalize().to_string())
            .unwrap_or_default()
    };
    TargetMixForm {
        strategic: share("strategic"),
        standard: share("standard"),
        loss_leader: share("loss_leader"),
        set: !view.shares.is_empty(),
        may_edit: view.may_edit,
    }
}

/// Sets the company's target mix (percent per priority; blank is 0).
#[server(prefix = "/fn")]
pub async fn save_target_mix(
    csrf: String,
    strategic: String,
    standard: String,
    loss_leader: String,
) -> Result<TargetMixForm, Problem> {
    form_call!(SaveTargetMix, {
        use attain_api::routes::alignment::target_mix_put::{run, TargetMixBody};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let value = |text: String| {
            let text = text.trim().to_owned();
            (!text.is_empty()).then_some(serde_json::Value::String(text))
        };
        let body = TargetMixBody {
            strategic: value(strategic),
            standard: value(standard),
            loss_leader: value(loss_leader),
        };
        Ok(target_mix_form(&run(&state, &principal, body).await?))
    })
}

#[cfg(feature = "ssr")]
fn kind_label(kind: attain_alignment::NodeKind) -> &'static str {
    use attain_alignment::NodeKind;
    match kind {
        NodeKind::Company => "Company",
        NodeKind::Region => "Region",
        NodeKind::Team => "Team",
        NodeKind::Rep => "Rep",
    }
}

#[cfg(feature = "ssr")]
fn part_label(kind: attain_alignment::PartKind) -> &'static str {
    use attain_alignment::PartKind;
    match kind {
        PartKind::GoalPace => "Goal pace",
        PartKind::PriorityMix => "Priority-product mix",
        PartKind::Activity => "Activity against targets",
        PartKind::Coverage => "Coverage by the goals below",
        PartKind::PlanConsistency => "Plan consistency",
    }
}

/// The company's management maturity with its evidence and next step.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_maturity() -> Result<MaturityCard, Problem> {
    use attain_alignment::{MaturityLevel, MaturityReading};
    let (state, principal) = server::caller(None).await?;
    let view = attain_api::routes::alignment::maturity::run(&state, &principal).await?;
    let reading: MaturityReading = serde_json::from_value(view.reading)
        .map_err(|e| attain_api::ApiError::internal(format!("maturity: {e}")))?;
    let label = |level: MaturityLevel| {
        match level {
            MaturityLevel::Initial => "Initial",
            MaturityLevel::Motivate => "Motivate",
            MaturityLevel::Execute => "Execute",
            MaturityLevel::Coach => "Coach",
            MaturityLevel::Align => "Align",
        }
        .to_owned()
    };
    Ok(MaturityCard {
        level: label(reading.level),
        levels: [
            MaturityLevel::Initial,
            MaturityLevel::Motivate,
            MaturityLevel::Execute,
            MaturityLevel::Coach,
            MaturityLevel::Align,
        ]
        .into_iter()
        .map(|level| (label(level), level <= reading.level))
        .collect(),
        evidence: reading
            .evidence
            .into_iter()
            .map(|item| (label(item.level), item.met, item.detail, item.step))
            .collect(),
        next_step: reading.next_step,
    })
}
