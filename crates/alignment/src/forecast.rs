//! Forecast per goal, and the chance of reaching it.
//!
//! **Forecast** = closed + weighted pipeline + run-rate allowance:
//! - *Weighted pipeline*: Σ amount × stage win probability over open deals
//!   expected to close by the period's end. Deals whose date has passed but
//!   are still open, and deals with no date, count (as in the KPI
//!   scorecard); deals expected after the period do not, nor does any
//!   deal once the period is over.
//! - *Run-rate allowance*: the daily run rate (see [`mod@crate::pace`]) times the
//!   remaining days **beyond the pipeline horizon**. Deals closing within one
//!   sales cycle of today already exist as pipeline, so counting run rate
//!   for those days too would count the same business twice; beyond the
//!   horizon the pipeline is incomplete and run rate stands in for deals not
//!   yet created. The horizon is the caller's (normally the tenant's average
//!   cycle length), else [`DEFAULT_PIPELINE_HORIZON_DAYS`].
//!
//! **Chance** = P(closed + run-rate allowance + Σ won open deals ≥ target),
//! each open deal an independent Bernoulli trial with its stage probability
//! and the allowance taken as certain. Computed exactly by dynamic
//! programming over amounts in buckets: a bucket is one cent, or
//! target ÷ [`MAX_BUCKETS`] when that is larger. Deal amounts are rounded
//! down and the amount still needed up, so the chance is never overstated;
//! every sum at or above the target is one absorbing state. The bucket size
//! depends only on the target, so a larger closed amount can only raise the
//! chance.

use crate::{
    error::{non_negative, probability, AlignmentError},
    pace::{daily_run_rate, period_days, GoalProgress},
    stats::{round_money, round_ratio},
};
use chrono::NaiveDate;
use rust_decimal::{
    prelude::{FromPrimitive, ToPrimitive},
    Decimal,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Without a known sales cycle, assume the pipeline covers the next 30 days.
pub const DEFAULT_PIPELINE_HORIZON_DAYS: u32 = 30;
/// Resolution of the chance computation: at most this many amount buckets.
pub const MAX_BUCKETS: u32 = 10_000;

/// An open deal as the forecast sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDeal {
    pub deal_id: Uuid,
    pub amount: Decimal,
    /// The win probability of the deal's stage, 0..=1.
    pub win_probability: Decimal,
    pub expected_close: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastInput {
    pub goal: GoalProgress,
    pub open_deals: Vec<OpenDeal>,
    /// Days ahead the open pipeline is taken as complete.
    #[serde(default)]
    pub pipeline_horizon_days: Option<u32>,
}

/// The chance in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChanceLabel {
    /// 90% or more.
    VeryLikely,
    /// 65% up to 90%.
    Likely,
    /// 35% up to 65%.
    TossUp,
    /// 10% up to 35%.
    Unlikely,
    /// Under 10%.
    VeryUnlikely,
}

impl ChanceLabel {
    pub fn for_chance(chance: Decimal) -> Self {
        let pct = chance * Decimal::ONE_HUNDRED;
        if pct >= Decimal::from(90) {
            Self::VeryLikely
        } else if pct >= Decimal::from(65) {
            Self::Likely
        } else if pct >= Decimal::from(35) {
            Self::TossUp
        } else if pct >= Decimal::from(10) {
            Self::Unlikely
        } else {
            Self::VeryUnlikely
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::VeryLikely => "very likely",
            Self::Likely => "likely",
            Self::TossUp => "a toss-up",
            Self::Unlikely => "unlikely",
            Self::VeryUnlikely => "very unlikely",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub target: Decimal,
    pub closed: Decimal,
    pub weighted_pipeline: Decimal,
    pub deals_counted: usize,
    /// Open deals expected to close after the period (all of them once it is over).
    pub deals_after_period: usize,
    pub daily_run_rate: Decimal,
    /// Remaining days beyond the pipeline horizon.
    pub run_rate_days: i64,
    pub run_rate_amount: Decimal,
    /// Closed + weighted pipeline + run-rate allowance.
    pub forecast: Decimal,
    /// Forecast − target.
    pub forecast_gap: Decimal,
    /// Probability of reaching the target, 0..=1, four places.
    pub chance: Decimal,
    pub chance_label: ChanceLabel,
    pub sentence: String,
}

/// Forecast and chance for one goal.
pub fn forecast(input: &ForecastInput) -> Result<Forecast, AlignmentError> {
    let goal = &input.goal;
    let target = non_negative("target", goal.target)?;
    let days = period_days(goal)?;
    let (run_rate, _) = daily_run_rate(goal, days)?;
    let run_rate = run_rate.unwrap_or_default().max(Decimal::ZERO);
    let horizon = i64::from(
        input
            .pipeline_horizon_days
            .unwrap_or(DEFAULT_PIPELINE_HORIZON_DAYS),
    );
    let run_rate_days = (days.remaining - horizon).max(0);
    let run_rate_amount = run_rate * Decimal::from(run_rate_days);

    let mut counted = Vec::new();
    let mut deals_after_period = 0;
    for deal in &input.open_deals {
        non_negative("open_deals.amount", deal.amount)?;
        probability("open_deals.win_probability", deal.win_probability)?;
        if days.remaining == 0 || deal.expected_close.is_some_and(|d| d > goal.period_end) {
            deals_after_period += 1;
        } else {
            counted.push(deal);
        }
    }
    let weighted_pipeline: Decimal = counted.iter().map(|d| d.amount * d.win_probability).sum();
    let closed = goal.actual_to_date;
    let forecast = closed + weighted_pipeline + run_rate_amount;
    let deals: Vec<(Decimal, Decimal)> = counted
        .iter()
        .map(|d| (d.amount, d.win_probability))
        .collect();
    let chance = round_ratio(chance_of_reaching(target, closed + run_rate_amount, &deals));
    let label = ChanceLabel::for_chance(chance);
    let mut result = Forecast {
        target,
        closed,
        weighted_pipeline: round_money(weighted_pipeline),
        deals_counted: counted.len(),
        deals_after_period,
        daily_run_rate: round_money(run_rate),
        run_rate_days,
        run_rate_amount: round_money(run_rate_amount),
        forecast: round_money(forecast),
        forecast_gap: round_money(forecast - target),
        chance,
        chance_label: label,
        sentence: String::new(),
    };
    result.sentence = format!(
        "Reaching {} is {} ({}% chance): {} closed, {} expected from {} open deals and {} from run rate, a forecast of {}.",
        result.target,
        label.words(),
        (chance * Decimal::ONE_HUNDRED).round_dp(0),
        result.closed,
        result.weighted_pipeline,
        result.deals_counted,
        result.run_rate_amount,
        result.forecast,
    );
    Ok(result)
}

/// P(`baseline` + Σ amounts of the deals won ≥ `target`), each `(amount,
/// probability)` an independent trial; see the module documentation.
pub fn chance_of_reaching(
    target: Decimal,
    baseline: Decimal,
    deals: &[(Decimal, Decimal)],
) -> Decimal {
    let need = target - baseline;
    if need <= Decimal::ZERO {
        return Decimal::ONE;
    }
    let unit = (target.max(need) / Decimal::from(MAX_BUCKETS)).max(Decimal::new(1, 2));
    let buckets = |amount: Decimal, round_up: bool| {
        let scaled = amount / unit;
        let whole = if round_up {
            scaled.ceil()
        } else {
            scaled.floor()
        };
        whole.to_usize().unwrap_or(usize::MAX)
    };
    let needed = buckets(need, true);
    let cap = buckets(target.max(need), true).max(needed);
    let reachable: usize = deals
        .iter()
        .map(|(amount, _)| buckets((*amount).max(Decimal::ZERO), false).min(cap))
        .fold(0, usize::saturating_add);
    if reachable < needed {
        return Decimal::ZERO;
    }
    // distribution[s]: probability the won deals so far fill s buckets;
    // distribution[cap]: at least cap.
    let mut distribution = vec![0.0_f64; cap + 1];
    distribution[0] = 1.0;
    let mut next = distribution.clone();
    let mut highest = 0;
    for (amount, p) in deals {
        let step = buckets((*amount).max(Decimal::ZERO), false).min(cap);
        let p = p.to_f64().unwrap_or(0.0).clamp(0.0, 1.0);
        if step == 0 || p == 0.0 {
            continue;
        }
        let new_highest = (highest + step).min(cap);
        next[..=new_highest].fill(0.0);
        for (s, mass) in distribution[..=highest].iter().enumerate() {
            if s == cap {
                next[cap] += mass;
                continue;
            }
            next[s] += mass * (1.0 - p);
            next[(s + step).min(cap)] += mass * p;
        }
        std::mem::swap(&mut distribution, &mut next);
        highest = new_highest;
    }
    // Summed from the top down so that a smaller `needed` only ever adds terms.
    let chance: f64 = distribution[needed..].iter().rev().sum();
    Decimal::from_f64(chance.clamp(0.0, 1.0)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn deal(amount: Decimal, p: Decimal, close: Option<NaiveDate>) -> OpenDeal {
        OpenDeal {
            deal_id: Uuid::nil(),
            amount,
            win_probability: p,
            expected_close: close,
        }
    }

    #[test]
    fn two_deals_by_hand() {
        let deals = [(dec!(50), dec!(0.5)), (dec!(40), dec!(0.25))];
        // Closed 20, need 80: only both winning (90) gets there: 0.5 × 0.25.
        assert_eq!(
            round_ratio(chance_of_reaching(dec!(100), dec!(20), &deals)),
            dec!(0.125)
        );
        // Need 50: the 50 deal alone does it, or both: 0.5.
        assert_eq!(
            round_ratio(chance_of_reaching(dec!(100), dec!(50), &deals)),
            dec!(0.5)
        );
        // Need 40: either deal: 1 − 0.5 × 0.75 = 0.625.
        assert_eq!(
            round_ratio(chance_of_reaching(dec!(100), dec!(60), &deals)),
            dec!(0.625)
        );
        // Need 95: out of reach; already there: certain.
        assert_eq!(
            chance_of_reaching(dec!(100), dec!(5), &deals),
            Decimal::ZERO
        );
        assert_eq!(
            chance_of_reaching(dec!(100), dec!(100), &deals),
            Decimal::ONE
        );
    }

    #[test]
    fn large_targets_use_coarser_buckets_without_overstating() {
        // Target 10,000,000 → buckets of 1,000; three deals of 2,000,000 at 0.5.
        let deals = [(dec!(2000000), dec!(0.5)); 3];
        // Need 4,000,000: at least two of three win: 3 × 0.125 + 0.125 = 0.5.
        let chance = chance_of_reaching(dec!(10000000), dec!(6000000), &deals);
        assert_eq!(round_ratio(chance), dec!(0.5));
        // Need 4,000,000.01 rounds up to the next bucket: only all three do it.
        let chance = chance_of_reaching(dec!(10000000), dec!(5999999.99), &deals);
        assert_eq!(round_ratio(chance), dec!(0.125));
    }

    #[test]
    fn forecast_adds_run_rate_only_beyond_the_pipeline_horizon() {
        let input = ForecastInput {
            goal: GoalProgress {
                target: dec!(100000),
                period_start: day(2026, 1, 1),
                period_end: day(2026, 3, 31),
                actual_to_date: dec!(31000),
                as_of: day(2026, 1, 31),
                trailing_daily_run_rate: None,
            },
            open_deals: vec![
                deal(dec!(20000), dec!(0.5), Some(day(2026, 2, 15))),
                deal(dec!(10000), dec!(0.2), None),
                deal(dec!(50000), dec!(0.9), Some(day(2026, 4, 2))),
            ],
            pipeline_horizon_days: Some(29),
        };
        let f = forecast(&input).unwrap();
        // 1,000 a day over 31 days; 59 days remain, 29 covered by pipeline.
        assert_eq!(f.daily_run_rate, dec!(1000));
        assert_eq!((f.run_rate_days, f.run_rate_amount), (30, dec!(30000)));
        assert_eq!(f.weighted_pipeline, dec!(12000));
        assert_eq!((f.deals_counted, f.deals_after_period), (2, 1));
        assert_eq!(f.forecast, dec!(73000));
        assert_eq!(f.forecast_gap, dec!(-27000));
        // Need 39,000 from deals worth 30,000 at most.
        assert_eq!(f.chance, dec!(0));
        assert_eq!(f.chance_label, ChanceLabel::VeryUnlikely);
        assert!(f.sentence.contains("very unlikely"), "{}", f.sentence);
    }

    #[test]
    fn a_finished_period_counts_only_what_closed() {
        let input = ForecastInput {
            goal: GoalProgress {
                target: dec!(1000),
                period_start: day(2026, 1, 1),
                period_end: day(2026, 1, 31),
                actual_to_date: dec!(900),
                as_of: day(2026, 1, 31),
                trailing_daily_run_rate: None,
            },
            open_deals: vec![deal(dec!(500), dec!(0.9), Some(day(2026, 1, 20)))],
            pipeline_horizon_days: None,
        };
        let f = forecast(&input).unwrap();
        assert_eq!((f.deals_counted, f.deals_after_period), (0, 1));
        assert_eq!((f.forecast, f.chance), (dec!(900), dec!(0)));
        let open_period = ForecastInput {
            goal: GoalProgress {
                as_of: day(2026, 1, 30),
                ..input.goal.clone()
            },
            ..input
        };
        // One day left, inside the 30-day horizon: no run rate, the deal decides.
        let f = forecast(&open_period).unwrap();
        assert_eq!((f.run_rate_days, f.chance), (0, dec!(0.9)));
        assert_eq!(f.chance_label, ChanceLabel::VeryLikely);
    }

    #[test]
    fn labels_cover_the_scale() {
        let cases = [
            (dec!(0.95), ChanceLabel::VeryLikely),
            (dec!(0.9), ChanceLabel::VeryLikely),
            (dec!(0.7), ChanceLabel::Likely),
            (dec!(0.5), ChanceLabel::TossUp),
            (dec!(0.2), ChanceLabel::Unlikely),
            (dec!(0.05), ChanceLabel::VeryUnlikely),
        ];
        for (chance, label) in cases {
            assert_eq!(ChanceLabel::for_chance(chance), label, "{chance}");
        }
    }

    #[test]
    fn refuses_a_probability_above_one() {
        let input = ForecastInput {
            goal: GoalProgress {
                target: dec!(100),
                period_start: day(2026, 1, 1),
                period_end: day(2026, 1, 31),
                actual_to_date: dec!(0),
                as_of: day(2026, 1, 10),
                trailing_daily_run_rate: None,
            },
            open_deals: vec![deal(dec!(10), dec!(1.5), None)],
            pipeline_horizon_days: None,
        };
        assert!(matches!(
            forecast(&input),
            Err(AlignmentError::ProbabilityOutOfRange { .. })
        ));
    }
}
