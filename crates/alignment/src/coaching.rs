//! Coaching inside a team: each rep against the team median and top
//! quartile on every KPI, and each rep's weakest funnel stage with what it
//! costs.
//!
//! - **KPIs.** Median and quartiles use [`crate::stats::percentile`] (linear
//!   between ranks). The top quartile starts at p75 when higher is better
//!   and at p25 when lower is better (cycle length, days to first call).
//! - **Funnel.** Counts of deals entering each stage, in stage order; the
//!   last stage is *won*. Conversion from stage *i* = entered(i+1) ÷
//!   entered(i). The team's conversion pools every rep's counts (the rep
//!   included), so a small team's figure is not an average of ratios.
//! - **Weakest stage**: the largest shortfall `team conversion − rep
//!   conversion`; none when the rep matches or beats the team everywhere;
//!   the earliest stage on a tie.
//! - **Cost** of the weakest stage *i* =
//!   `entered_rep(i) × shortfall × downstream win rate × average won deal`,
//!   where the downstream win rate is the team's `won ÷ entered(i+1)` (1
//!   when stage i+1 is won) and the average won deal is the rep's own when
//!   known, else the team's: the deals the rep would have moved on at the
//!   team's conversion, carried through the rest of the funnel at the
//!   team's rates and valued at a typical win.

use crate::{
    error::AlignmentError,
    stats::{percentile, ratio, round_money, round_ratio, round_score},
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepValue {
    pub rep_id: Uuid,
    pub value: Decimal,
}

/// One KPI's value per rep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiValues {
    pub kpi: String,
    pub direction: Direction,
    pub values: Vec<RepValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepKpiReading {
    pub rep_id: Uuid,
    pub value: Decimal,
    /// Value − median (negative is better when lower is better).
    pub vs_median: Decimal,
    pub better_than_median: bool,
    pub in_top_quartile: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiBenchmark {
    pub kpi: String,
    pub direction: Direction,
    pub median: Decimal,
    /// Where the best quarter of the team starts: p75, or p25 when lower is better.
    pub top_quartile: Decimal,
    pub reps: Vec<RepKpiReading>,
}

/// The team median and top quartile of one KPI, and each rep against them;
/// `None` when no rep has a value.
pub fn kpi_benchmark(input: &KpiValues) -> Option<KpiBenchmark> {
    let values: Vec<Decimal> = input.values.iter().map(|v| v.value).collect();
    let median = round_ratio(percentile(&values, Decimal::new(5, 1))?);
    let quartile_at = match input.direction {
        Direction::HigherIsBetter => Decimal::new(75, 2),
        Direction::LowerIsBetter => Decimal::new(25, 2),
    };
    let top_quartile = round_ratio(percentile(&values, quartile_at)?);
    let better = |a: Decimal, b: Decimal| match input.direction {
        Direction::HigherIsBetter => a > b,
        Direction::LowerIsBetter => a < b,
    };
    let reps = input
        .values
        .iter()
        .map(|v| RepKpiReading {
            rep_id: v.rep_id,
            value: v.value,
            vs_median: v.value - median,
            better_than_median: better(v.value, median),
            in_top_quartile: v.value == top_quartile || better(v.value, top_quartile),
        })
        .collect();
    Some(KpiBenchmark {
        kpi: input.kpi.clone(),
        direction: input.direction,
        median,
        top_quartile,
        reps,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepFunnel {
    pub rep_id: Uuid,
    /// Deals entering each stage, in the order of [`FunnelInput::stages`].
    pub entered: Vec<u64>,
    #[serde(default)]
    pub average_won_deal_size: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelInput {
    /// Stage names in order; the last is won.
    pub stages: Vec<String>,
    pub reps: Vec<RepFunnel>,
    pub team_average_won_deal_size: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageComparison {
    pub from: String,
    pub to: String,
    /// `None` when the rep had no deal entering `from`.
    pub rep_rate: Option<Decimal>,
    pub team_rate: Option<Decimal>,
    /// Team − rep; positive is worse than the team.
    pub shortfall: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeakestStage {
    pub from: String,
    pub to: String,
    pub rep_rate: Decimal,
    pub team_rate: Decimal,
    pub shortfall: Decimal,
    /// Deals that would have moved on at the team's conversion, one place.
    pub deals_lost: Decimal,
    pub downstream_win_rate: Decimal,
    pub average_won_deal_size: Decimal,
    pub cost: Decimal,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepFunnelReport {
    pub rep_id: Uuid,
    pub stages: Vec<StageComparison>,
    pub weakest: Option<WeakestStage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelReport {
    pub team_entered: Vec<u64>,
    pub reps: Vec<RepFunnelReport>,
}

fn conversion(entered: &[u64], stage: usize) -> Option<Decimal> {
    ratio(
        Decimal::from(entered[stage + 1]),
        Decimal::from(entered[stage]),
    )
}

/// Each rep's funnel against the team's, with the weakest stage and its cost.
pub fn funnel_report(input: &FunnelInput) -> Result<FunnelReport, AlignmentError> {
    let stages = input.stages.len();
    for rep in &input.reps {
        if rep.entered.len() != stages {
            return Err(AlignmentError::FunnelShape {
                rep_id: rep.rep_id,
                stages,
                counts: rep.entered.len(),
            });
        }
    }
    let mut team = vec![0_u64; stages];
    for rep in &input.reps {
        for (total, count) in team.iter_mut().zip(&rep.entered) {
            *total = total.saturating_add(*count);
        }
    }
    let won = stages.saturating_sub(1);
    let reps = input
        .reps
        .iter()
        .map(|rep| {
            let comparisons: Vec<StageComparison> = (0..won)
                .map(|i| {
                    let rep_rate = conversion(&rep.entered, i).map(round_ratio);
                    let team_rate = conversion(&team, i).map(round_ratio);
                    StageComparison {
                        from: input.stages[i].clone(),
                        to: input.stages[i + 1].clone(),
                        rep_rate,
                        team_rate,
                        shortfall: rep_rate.zip(team_rate).map(|(r, t)| t - r),
                    }
                })
                .collect();
            let weakest = weakest_stage(input, rep, &team, &comparisons);
            RepFunnelReport {
                rep_id: rep.rep_id,
                stages: comparisons,
                weakest,
            }
        })
        .collect();
    Ok(FunnelReport {
        team_entered: team,
        reps,
    })
}

fn weakest_stage(
    input: &FunnelInput,
    rep: &RepFunnel,
    team: &[u64],
    comparisons: &[StageComparison],
) -> Option<WeakestStage> {
    let (stage, comparison, shortfall) = comparisons
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.shortfall
                .filter(|s| *s > Decimal::ZERO)
                .map(|s| (i, c, s))
        })
        .fold(
            None,
            |best: Option<(usize, &StageComparison, Decimal)>, candidate| match best {
                Some(b) if b.2 >= candidate.2 => Some(b),
                _ => Some(candidate),
            },
        )?;
    let won = team.len() - 1;
    let downstream_win_rate = if stage + 1 == won {
        Decimal::ONE
    } else {
        ratio(Decimal::from(team[won]), Decimal::from(team[stage + 1]))
            .map(round_ratio)
            .unwrap_or_default()
    };
    let average_won_deal_size = rep
        .average_won_deal_size
        .filter(|size| *size > Decimal::ZERO)
        .unwrap_or(input.team_average_won_deal_size);
    let deals_lost = Decimal::from(rep.entered[stage]) * shortfall;
    let cost = round_money(deals_lost * downstream_win_rate * average_won_deal_size);
    let deals_lost = round_score(deals_lost);
    let (rep_rate, team_rate) = (
        comparison.rep_rate.unwrap_or_default(),
        comparison.team_rate.unwrap_or_default(),
    );
    let shown = |share: Decimal| round_score(share * Decimal::ONE_HUNDRED).normalize();
    let explanation = format!(
        "{} → {} converts at {}% against the team's {}%: at the team's rate about {} more deals would have moved on, worth {cost} at a {}% win rate from there and {average_won_deal_size} a won deal.",
        comparison.from,
        comparison.to,
        shown(rep_rate),
        shown(team_rate),
        deals_lost.normalize(),
        shown(downstream_win_rate),
    );
    Some(WeakestStage {
        from: comparison.from.clone(),
        to: comparison.to.clone(),
        rep_rate,
        team_rate,
        shortfall,
        deals_lost,
        downstream_win_rate,
        average_won_deal_size,
        cost,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rep(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn values(direction: Direction, raw: &[Decimal]) -> KpiValues {
        KpiValues {
            kpi: "kpi".to_owned(),
            direction,
            values: raw
                .iter()
                .enumerate()
                .map(|(i, v)| RepValue {
                    rep_id: rep(i as u128 + 1),
                    value: *v,
                })
                .collect(),
        }
    }

    #[test]
    fn median_and_top_quartile_for_higher_is_better() {
        let b = kpi_benchmark(&values(
            Direction::HigherIsBetter,
            &[dec!(0.10), dec!(0.20), dec!(0.30), dec!(0.40), dec!(0.50)],
        ))
        .unwrap();
        assert_eq!((b.median, b.top_quartile), (dec!(0.3), dec!(0.4)));
        let top: Vec<bool> = b.reps.iter().map(|r| r.in_top_quartile).collect();
        assert_eq!(top, [false, false, false, true, true]);
        assert_eq!(b.reps[0].vs_median, dec!(-0.2));
        assert!(!b.reps[2].better_than_median && b.reps[3].better_than_median);
    }

    #[test]
    fn lower_is_better_inverts_the_top_quartile() {
        // Cycle length in days: 20, 30, 40, 50 → median 35, top quartile ≤ 27.5.
        let b = kpi_benchmark(&values(
            Direction::LowerIsBetter,
            &[dec!(50), dec!(20), dec!(40), dec!(30)],
        ))
        .unwrap();
        assert_eq!((b.median, b.top_quartile), (dec!(35), dec!(27.5)));
        let top: Vec<bool> = b.reps.iter().map(|r| r.in_top_quartile).collect();
        assert_eq!(top, [false, true, false, false]);
        assert!(b.reps[1].better_than_median && !b.reps[0].better_than_median);
        assert!(kpi_benchmark(&values(Direction::LowerIsBetter, &[])).is_none());
    }

    fn funnel() -> FunnelInput {
        FunnelInput {
            stages: ["lead", "qualified", "proposal", "won"]
                .map(String::from)
                .to_vec(),
            reps: vec![
                RepFunnel {
                    rep_id: rep(1),
                    entered: vec![100, 50, 25, 10],
                    average_won_deal_size: None,
                },
                RepFunnel {
                    rep_id: rep(2),
                    entered: vec![100, 30, 15, 6],
                    average_won_deal_size: None,
                },
            ],
            team_average_won_deal_size: dec!(5000),
        }
    }

    #[test]
    fn weakest_stage_and_its_cost() {
        let report = funnel_report(&funnel()).unwrap();
        assert_eq!(report.team_entered, [200, 80, 40, 16]);
        let weak = report.reps[1].weakest.as_ref().unwrap();
        // Team lead→qualified 0.4, rep 0.3: 100 × 0.1 = 10 deals, of which
        // 16 / 80 = 20% would have been won, at 5,000 each.
        assert_eq!(
            (weak.from.as_str(), weak.to.as_str()),
            ("lead", "qualified")
        );
        assert_eq!(weak.shortfall, dec!(0.1));
        assert_eq!(weak.deals_lost, dec!(10));
        assert_eq!(weak.downstream_win_rate, dec!(0.2));
        assert_eq!(weak.cost, dec!(10000));
        // Rep 1 beats the team at lead→qualified and matches it elsewhere.
        assert_eq!(report.reps[0].weakest, None);
    }

    #[test]
    fn last_stage_cost_uses_the_reps_own_deal_size() {
        let mut input = funnel();
        input.reps[1].entered = vec![100, 50, 25, 5];
        input.reps[1].average_won_deal_size = Some(dec!(8000));
        let report = funnel_report(&input).unwrap();
        let weak = report.reps[1].weakest.as_ref().unwrap();
        // Team proposal→won 15 / 50 = 0.3, rep 0.2: 25 × 0.1 × 1 × 8,000.
        assert_eq!((weak.from.as_str(), weak.to.as_str()), ("proposal", "won"));
        assert_eq!(weak.downstream_win_rate, dec!(1));
        assert_eq!(weak.cost, dec!(20000));
    }

    #[test]
    fn refuses_counts_that_do_not_match_the_stages() {
        let mut input = funnel();
        input.reps[0].entered.pop();
        assert!(matches!(
            funnel_report(&input),
            Err(AlignmentError::FunnelShape { counts: 3, .. })
        ));
    }
}
