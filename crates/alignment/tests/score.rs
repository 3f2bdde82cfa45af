//! The alignment score: parts, weights, renormalisation and the plan flag.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use attain_alignment::{
    alignment_score, ActivityInput, AlignmentInput, CoverageInput, MixInput, NodeKind, PaceInput,
    PartDetail, PartKind, PlanRates, PlansInput, ProductPriority, ProductRate,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use uuid::Uuid;

fn empty(kind: NodeKind) -> AlignmentInput {
    AlignmentInput {
        node_id: Uuid::from_u128(7),
        node_kind: kind,
        pace: None,
        mix: None,
        activities: Vec::new(),
        coverage: None,
        plans: None,
    }
}

fn pace_at_90_percent() -> Option<PaceInput> {
    Some(PaceInput {
        actual_to_date: dec!(90),
        expected_to_date: dec!(100),
    })
}

/// One plan paying the loss leader more than the strategic product: one flag, 75.
fn contradictory_plan() -> Option<PlansInput> {
    Some(PlansInput {
        priorities: BTreeMap::from([
            ("Platform".to_owned(), ProductPriority::Strategic),
            ("Starter".to_owned(), ProductPriority::LossLeader),
        ]),
        plans: vec![PlanRates {
            plan_id: Uuid::from_u128(1),
            plan_name: "Hunters Q3".to_owned(),
            rates: vec![
                ProductRate {
                    product: "Platform".to_owned(),
                    rate: dec!(0.04),
                },
                ProductRate {
                    product: "Starter".to_owned(),
                    rate: dec!(0.07),
                },
            ],
        }],
    })
}

fn part_score(score: &attain_alignment::AlignmentScore, kind: PartKind) -> Decimal {
    score.parts.iter().find(|p| p.kind == kind).unwrap().score
}

#[test]
fn all_parts_use_their_documented_weights() {
    use ProductPriority::*;
    let input = AlignmentInput {
        pace: pace_at_90_percent(),
        // Pipeline 30/50/20 against a 60/30/10 target: TVD 0.3 → 70;
        // bookings exactly on target → 100; averaged 85.
        mix: Some(MixInput {
            target: BTreeMap::from([
                (Strategic, dec!(0.6)),
                (Standard, dec!(0.3)),
                (LossLeader, dec!(0.1)),
            ]),
            pipeline: BTreeMap::from([
                (Strategic, dec!(30)),
                (Standard, dec!(50)),
                (LossLeader, dec!(20)),
            ]),
            bookings: BTreeMap::from([
                (Strategic, dec!(600)),
                (Standard, dec!(300)),
                (LossLeader, dec!(100)),
            ]),
        }),
        // Calls overdone count as 100%, meetings at half: 75.
        activities: vec![
            ActivityInput {
                kind: "calls".to_owned(),
                done: dec!(150),
                target: dec!(100),
            },
            ActivityInput {
                kind: "meetings".to_owned(),
                done: dec!(5),
                target: dec!(10),
            },
        ],
        coverage: Some(CoverageInput {
            goal_target: dec!(1000),
            children_total: dec!(900),
        }),
        plans: contradictory_plan(),
        ..empty(NodeKind::Team)
    };
    let score = alignment_score(&input);
    assert_eq!(part_score(&score, PartKind::GoalPace), dec!(90));
    assert_eq!(part_score(&score, PartKind::PriorityMix), dec!(85));
    assert_eq!(part_score(&score, PartKind::Activity), dec!(75));
    assert_eq!(part_score(&score, PartKind::Coverage), dec!(90));
    assert_eq!(part_score(&score, PartKind::PlanConsistency), dec!(75));
    // (30×90 + 20×85 + 15×75 + 15×90 + 20×75) / 100 = 83.75.
    assert_eq!(score.score, Some(dec!(83.8)));
    assert!(!score.renormalised && score.missing.is_empty());
    for part in &score.parts {
        assert_eq!(part.effective_weight, part.weight, "{:?}", part.kind);
    }
}

#[test]
fn missing_parts_are_dropped_and_the_rest_renormalised() {
    let input = AlignmentInput {
        pace: pace_at_90_percent(),
        plans: contradictory_plan(),
        // A zero target is no data, not a zero score.
        activities: vec![ActivityInput {
            kind: "calls".to_owned(),
            done: dec!(3),
            target: dec!(0),
        }],
        ..empty(NodeKind::Rep)
    };
    let score = alignment_score(&input);
    assert_eq!(
        score.missing,
        [
            PartKind::PriorityMix,
            PartKind::Activity,
            PartKind::Coverage
        ]
    );
    assert!(score.renormalised);
    assert!(
        score.note.contains("priority mix, activity, coverage"),
        "{}",
        score.note
    );
    // Weights 30 and 20 become 60% and 40%: 0.6 × 90 + 0.4 × 75 = 84.
    let weights: Vec<Decimal> = score.parts.iter().map(|p| p.effective_weight).collect();
    assert_eq!(weights, [dec!(60), dec!(40)]);
    assert_eq!(score.score, Some(dec!(84)));
}

#[test]
fn no_data_gives_no_score() {
    let score = alignment_score(&AlignmentInput {
        pace: Some(PaceInput {
            actual_to_date: dec!(0),
            expected_to_date: dec!(0),
        }),
        ..empty(NodeKind::Company)
    });
    assert_eq!(score.score, None);
    assert_eq!(score.missing.len(), 5);
    assert!(!score.renormalised);
}

#[test]
fn the_plan_flag_names_the_plan_and_the_product() {
    let score = alignment_score(&AlignmentInput {
        plans: contradictory_plan(),
        ..empty(NodeKind::Company)
    });
    let part = &score.parts[0];
    assert_eq!(part.kind, PartKind::PlanConsistency);
    let PartDetail::PlanConsistency(check) = &part.detail else {
        panic!("plan consistency detail expected");
    };
    let flag = &check.flags[0];
    assert_eq!(
        (flag.plan_name.as_str(), flag.product.as_str()),
        ("Hunters Q3", "Starter")
    );
    assert_eq!(flag.priority_product, "Platform");
    assert!(part.explanation.contains("Hunters Q3") && part.explanation.contains("Starter"));
}

#[test]
fn coverage_penalises_under_coverage_and_over_assignment_beyond_the_cap() {
    let coverage = |children: Decimal| {
        let score = alignment_score(&AlignmentInput {
            coverage: Some(CoverageInput {
                goal_target: dec!(100),
                children_total: children,
            }),
            ..empty(NodeKind::Region)
        });
        score.score.unwrap()
    };
    assert_eq!(coverage(dec!(80)), dec!(80));
    assert_eq!(coverage(dec!(100)), dec!(100));
    assert_eq!(coverage(dec!(120)), dec!(100));
    assert_eq!(coverage(dec!(150)), dec!(70));
    assert_eq!(coverage(dec!(400)), dec!(0));
}

#[test]
fn output_serialises_for_the_page() {
    let score = alignment_score(&AlignmentInput {
        pace: pace_at_90_percent(),
        ..empty(NodeKind::Team)
    });
    let json = serde_json::to_value(&score).unwrap();
    assert_eq!(json["parts"][0]["kind"], "goal_pace");
    assert_eq!(json["parts"][0]["detail"]["part"], "goal_pace");
    assert_eq!(json["score"], "90.0");
}
