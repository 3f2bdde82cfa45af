//! The manager's team view: a leaderboard of the team's reps, every KPI
//! against the team median and top quartile ([`crate::coaching`]), each
//! rep's funnel against the team's with the weakest stage and its cost, and
//! coaching flags saying where to start a one-on-one.
//!
//! - **KPIs** where every rep reads zero (no pipeline yet, no activity
//!   logged) are left out: they rank nobody.
//! - **Leaderboard order**: quota attainment (highest first; reps without a
//!   quota after those with one), then bookings, then name.
//! - **Flags**, most useful first:
//!   - *weakest stage*: the stage where the rep loses most against the
//!     team, when it costs money;
//!   - *below median*: the rep is below the team median on more than half
//!     the KPIs they have a value for;
//!   - *overdue tasks*: open tasks past their due date;
//!   - *no one-on-one*: none noted in the last [`ONE_ON_ONE_DAYS`] days.

use crate::{
    coaching::{
        funnel_report, kpi_benchmark, Direction, FunnelInput, KpiBenchmark, KpiValues, RepFunnel,
        RepFunnelReport, RepValue, WeakestStage,
    },
    error::AlignmentError,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A rep without a one-on-one noted in this many days is flagged.
pub const ONE_ON_ONE_DAYS: u64 = 30;

/// One rep's figures for the period, as the scorecard computed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRep {
    pub rep_id: Uuid,
    pub name: String,
    /// Bookings in the team's currency.
    pub bookings: Decimal,
    pub quota: Option<Decimal>,
    pub quota_attainment: Option<Decimal>,
    pub win_rate: Option<Decimal>,
    pub average_deal_size: Option<Decimal>,
    pub average_cycle_days: Option<Decimal>,
    pub pipeline_coverage: Option<Decimal>,
    pub activities_done: i64,
    pub activity_attainment: Option<Decimal>,
    /// Deals entering each stage of [`TeamInput::stages`] (the last is won).
    pub funnel: Vec<u64>,
    pub overdue_tasks: u32,
    pub last_one_on_one: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInput {
    pub today: NaiveDate,
    pub currency: String,
    /// Funnel stage names in order; the last is won.
    pub stages: Vec<String>,
    pub reps: Vec<TeamRep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    WeakestStage,
    BelowMedian,
    OverdueTasks,
    NoOneOnOne,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachingFlag {
    pub kind: FlagKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderboardRow {
    pub rank: u32,
    pub rep: TeamRep,
    /// KPIs on which the rep is below the team median, by label.
    pub below_median: Vec<String>,
    /// KPIs on which the rep is in the team's top quartile, by label.
    pub top_quartile: Vec<String>,
    pub weakest_stage: Option<WeakestStage>,
    pub flags: Vec<CoachingFlag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledKpi {
    pub label: String,
    #[serde(flatten)]
    pub benchmark: KpiBenchmark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub currency: String,
    pub stages: Vec<String>,
    pub team_funnel: Vec<u64>,
    pub kpis: Vec<LabelledKpi>,
    pub leaderboard: Vec<LeaderboardRow>,
    pub funnels: Vec<RepFunnelReport>,
}

type Reading = fn(&TeamRep) -> Option<Decimal>;

/// The KPIs compared inside a team: key, label, direction, reading.
const KPIS: [(&str, &str, Direction, Reading); 7] = [
    (
        "quota_attainment",
        "Quota attainment",
        Direction::HigherIsBetter,
        |r| r.quota_attainment,
    ),
    ("bookings", "Bookings", Direction::HigherIsBetter, |r| {
        Some(r.bookings)
    }),
    ("win_rate", "Win rate", Direction::HigherIsBetter, |r| {
        r.win_rate
    }),
    (
        "average_deal_size",
        "Average deal size",
        Direction::HigherIsBetter,
        |r| r.average_deal_size,
    ),
    (
        "average_cycle_days",
        "Cycle length (days)",
        Direction::LowerIsBetter,
        |r| r.average_cycle_days,
    ),
    (
        "pipeline_coverage",
        "Pipeline coverage",
        Direction::HigherIsBetter,
        |r| r.pipeline_coverage,
    ),
    ("activities", "Activities", Direction::HigherIsBetter, |r| {
        Some(Decimal::from(r.activities_done))
    }),
];

/// The team view of `input`'s reps.
pub fn team_view(input: &TeamInput) -> Result<TeamView, AlignmentError> {
    let kpis: Vec<LabelledKpi> = KPIS
        .iter()
        .filter_map(|(key, label, direction, reading)| {
            let values: Vec<RepValue> = input
                .reps
                .iter()
                .filter_map(|rep| {
                    reading(rep).map(|value| RepValue {
                        rep_id: rep.rep_id,
                        value,
                    })
                })
                .collect();
            // A KPI nobody has a non-zero figure for says nothing about anyone.
            if values.iter().all(|v: &RepValue| v.value.is_zero()) {
                return None;
            }
            let benchmark = kpi_benchmark(&KpiValues {
                kpi: (*key).to_owned(),
                direction: *direction,
                values,
            })?;
            Some(LabelledKpi {
                label: (*label).to_owned(),
                benchmark,
            })
        })
        .collect();
    let won: Vec<(Decimal, u64)> = input
        .reps
        .iter()
        .map(|rep| (rep.bookings, rep.funnel.last().copied().unwrap_or(0)))
        .collect();
    let (team_bookings, team_wins) = won
        .iter()
        .fold((Decimal::ZERO, 0_u64), |(sum, n), (b, w)| (sum + b, n + w));
    let team_average_won_deal_size = crate::stats::ratio(team_bookings, Decimal::from(team_wins))
        .map(crate::stats::round_money)
        .unwrap_or_default();
    let funnel = funnel_report(&FunnelInput {
        stages: input.stages.clone(),
        reps: input
            .reps
            .iter()
            .map(|rep| RepFunnel {
                rep_id: rep.rep_id,
                entered: rep.funnel.clone(),
                average_won_deal_size: rep.average_deal_size,
            })
            .collect(),
        team_average_won_deal_size,
    })?;

    let mut rows: Vec<LeaderboardRow> = input
        .reps
        .iter()
        .map(|rep| {
            let readings = |wanted: fn(&crate::coaching::RepKpiReading) -> bool| {
                kpis.iter()
                    .filter(|kpi| {
                        kpi.benchmark
                            .reps
                            .iter()
                            .any(|r| r.rep_id == rep.rep_id && wanted(r))
                    })
                    .map(|kpi| kpi.label.clone())
                    .collect::<Vec<_>>()
            };
            let below_median = readings(|r| !r.better_than_median && r.vs_median != Decimal::ZERO);
            let top_quartile = readings(|r| r.in_top_quartile);
            let measured = readings(|_| true).len();
            let weakest_stage = funnel
                .reps
                .iter()
                .find(|f| f.rep_id == rep.rep_id)
                .and_then(|f| f.weakest.clone());
            let flags = flags(input, rep, weakest_stage.as_ref(), &below_median, measured);
            LeaderboardRow {
                rank: 0,
                rep: rep.clone(),
                below_median,
                top_quartile,
                weakest_stage,
                flags,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let attainment = |row: &LeaderboardRow| row.rep.quota_attainment;
        match (attainment(a), attainment(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(b.rep.bookings.cmp(&a.rep.bookings))
        .then(a.rep.name.cmp(&b.rep.name))
        .then(a.rep.rep_id.cmp(&b.rep.rep_id))
    });
    for (index, row) in rows.iter_mut().enumerate() {
        row.rank = u32::try_from(index + 1).unwrap_or(u32::MAX);
    }
    Ok(TeamView {
        currency: input.currency.clone(),
        stages: input.stages.clone(),
        team_funnel: funnel.team_entered,
        kpis,
        leaderboard: rows,
        funnels: funnel.reps,
    })
}

fn flags(
    input: &TeamInput,
    rep: &TeamRep,
    weakest: Option<&WeakestStage>,
    below_median: &[String],
    measured: usize,
) -> Vec<CoachingFlag> {
    let mut flags = Vec::new();
    if let Some(stage) = weakest.filter(|s| s.cost > Decimal::ZERO) {
        flags.push(CoachingFlag {
            kind: FlagKind::WeakestStage,
            message: format!(
                "Weakest stage {} → {}: about {} {} in lost wins.",
                stage.from, stage.to, input.currency, stage.cost
            ),
        });
    }
    if measured > 0 && below_median.len() * 2 > measured {
        flags.push(CoachingFlag {
            kind: FlagKind::BelowMedian,
            message: format!(
                "Below the team median on {} of {measured} KPIs: {}.",
                below_median.len(),
                below_median.join(", ").to_lowercase()
            ),
        });
    }
    if rep.overdue_tasks > 0 {
        let s = if rep.overdue_tasks == 1 { "" } else { "s" };
        flags.push(CoachingFlag {
            kind: FlagKind::OverdueTasks,
            message: format!("{} overdue task{s}.", rep.overdue_tasks),
        });
    }
    let recent = input.today - Days::new(ONE_ON_ONE_DAYS);
    match rep.last_one_on_one {
        Some(day) if day >= recent => {}
        Some(day) => flags.push(CoachingFlag {
            kind: FlagKind::NoOneOnOne,
            message: format!("No one-on-one since {day}."),
        }),
        None => flags.push(CoachingFlag {
            kind: FlagKind::NoOneOnOne,
            message: "No one-on-one noted yet.".to_owned(),
        }),
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rep(n: u128, name: &str, attainment: Option<Decimal>, funnel: [u64; 4]) -> TeamRep {
        TeamRep {
            rep_id: Uuid::from_u128(n),
            name: name.to_owned(),
            bookings: dec!(10000) * Decimal::from(funnel[3]),
            quota: attainment.map(|_| dec!(100000)),
            quota_attainment: attainment,
            win_rate: Some(dec!(0.3)),
            average_deal_size: (funnel[3] > 0).then_some(dec!(10000)),
            average_cycle_days: Some(dec!(40)),
            pipeline_coverage: None,
            activities_done: 100,
            activity_attainment: None,
            funnel: funnel.to_vec(),
            overdue_tasks: 0,
            last_one_on_one: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        }
    }

    fn input(reps: Vec<TeamRep>) -> TeamInput {
        TeamInput {
            today: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            currency: "USD".to_owned(),
            stages: ["Discovery", "Demo", "Proposal", "Won"]
                .map(str::to_owned)
                .to_vec(),
            reps,
        }
    }

    #[test]
    fn the_leaderboard_ranks_by_attainment_then_bookings_and_reps_without_quota_last() {
        let view = team_view(&input(vec![
            rep(1, "Ann", Some(dec!(0.8)), [10, 8, 6, 4]),
            rep(2, "Bob", None, [10, 8, 6, 9]),
            rep(3, "Cid", Some(dec!(1.2)), [10, 8, 6, 3]),
            rep(4, "Dee", Some(dec!(0.8)), [10, 8, 6, 5]),
        ]))
        .unwrap();
        let order: Vec<(&str, u32)> = view
            .leaderboard
            .iter()
            .map(|row| (row.rep.name.as_str(), row.rank))
            .collect();
        assert_eq!(order, [("Cid", 1), ("Dee", 2), ("Ann", 3), ("Bob", 4)]);
    }

    #[test]
    fn a_rep_losing_deals_at_one_stage_is_flagged_with_that_stage_and_its_cost() {
        // Team pools 10+10+10 = 30 entering Demo→Proposal: 8+8+2 = 18 reach
        // Proposal, so the team converts 0.6 there; Eve converts 2/10 = 0.2.
        // Shortfall 0.4 × 10 entered = 4 deals; downstream Proposal→Won for
        // the team is 4+4+2 = 10 of 18 = 0.5556; Eve's average won deal is
        // 10,000: cost = 4 × 0.5556 × 10,000 = 22,224.00.
        let view = team_view(&input(vec![
            rep(1, "Ann", Some(dec!(1)), [10, 10, 8, 4]),
            rep(2, "Bob", Some(dec!(1)), [10, 10, 8, 4]),
            rep(3, "Eve", Some(dec!(0.2)), [10, 10, 2, 2]),
        ]))
        .unwrap();
        let eve = view
            .leaderboard
            .iter()
            .find(|r| r.rep.name == "Eve")
            .unwrap();
        let weakest = eve.weakest_stage.as_ref().unwrap();
        assert_eq!(
            (weakest.from.as_str(), weakest.to.as_str()),
            ("Demo", "Proposal")
        );
        assert_eq!(weakest.cost, dec!(22224.00));
        assert_eq!(eve.flags[0].kind, FlagKind::WeakestStage);
        assert!(
            eve.flags[0].message.contains("Demo → Proposal"),
            "{:?}",
            eve.flags
        );
        assert_eq!(view.team_funnel, vec![30, 30, 18, 10]);
        let ann = view
            .leaderboard
            .iter()
            .find(|r| r.rep.name == "Ann")
            .unwrap();
        // Ann closes 4 of 8 proposals against the team's 10 of 18: her weak
        // spot is the last stage, and it costs far less than Eve's.
        let ann_weakest = ann.weakest_stage.as_ref().unwrap();
        assert_eq!(ann_weakest.to, "Won");
        assert!(ann_weakest.cost < weakest.cost);
    }

    #[test]
    fn overdue_tasks_and_missing_one_on_ones_are_flagged() {
        let mut late = rep(1, "Ann", Some(dec!(1)), [10, 8, 6, 4]);
        late.overdue_tasks = 2;
        late.last_one_on_one = Some(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        let mut never = rep(2, "Bob", Some(dec!(1)), [10, 8, 6, 4]);
        never.last_one_on_one = None;
        let view = team_view(&input(vec![late, never])).unwrap();
        let kinds = |name: &str| -> Vec<FlagKind> {
            let row = view
                .leaderboard
                .iter()
                .find(|r| r.rep.name == name)
                .unwrap();
            row.flags.iter().map(|f| f.kind).collect()
        };
        assert_eq!(kinds("Ann"), [FlagKind::OverdueTasks, FlagKind::NoOneOnOne]);
        assert_eq!(kinds("Bob"), [FlagKind::NoOneOnOne]);
        let ann = view
            .leaderboard
            .iter()
            .find(|r| r.rep.name == "Ann")
            .unwrap();
        assert_eq!(ann.flags[0].message, "2 overdue tasks.");
        assert_eq!(ann.flags[1].message, "No one-on-one since 2026-10-01.");
    }

    #[test]
    fn a_rep_below_the_median_on_most_kpis_is_flagged_and_the_kpis_named() {
        let mut weak = rep(3, "Eve", Some(dec!(0.2)), [10, 8, 6, 1]);
        weak.win_rate = Some(dec!(0.1));
        weak.average_cycle_days = Some(dec!(90));
        weak.activities_done = 20;
        let view = team_view(&input(vec![
            rep(1, "Ann", Some(dec!(1)), [10, 8, 6, 4]),
            rep(2, "Bob", Some(dec!(1.1)), [10, 8, 6, 5]),
            weak,
        ]))
        .unwrap();
        let eve = view
            .leaderboard
            .iter()
            .find(|r| r.rep.name == "Eve")
            .unwrap();
        assert!(eve.below_median.contains(&"Win rate".to_owned()));
        assert!(eve.below_median.contains(&"Cycle length (days)".to_owned()));
        assert!(eve
            .flags
            .iter()
            .any(|f| f.kind == FlagKind::BelowMedian && f.message.contains("win rate")));
        let kpi_keys: Vec<&str> = view.kpis.iter().map(|k| k.benchmark.kpi.as_str()).collect();
        assert!(
            !kpi_keys.contains(&"pipeline_coverage"),
            "no rep has coverage"
        );
    }

    #[test]
    fn a_kpi_everyone_reads_zero_on_is_left_out() {
        let mut ann = rep(1, "Ann", Some(dec!(1)), [10, 8, 6, 4]);
        let mut bob = rep(2, "Bob", Some(dec!(1)), [10, 8, 6, 4]);
        ann.activities_done = 0;
        bob.activities_done = 0;
        let view = team_view(&input(vec![ann, bob])).unwrap();
        assert!(view.kpis.iter().all(|k| k.benchmark.kpi != "activities"));
        assert!(view.kpis.iter().any(|k| k.benchmark.kpi == "win_rate"));
    }

    #[test]
    fn a_funnel_of_the_wrong_length_is_refused() {
        let mut odd = rep(1, "Ann", None, [10, 8, 6, 4]);
        odd.funnel.pop();
        assert!(team_view(&input(vec![odd])).is_err());
    }
}
