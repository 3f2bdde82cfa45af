//! Pace: is a goal ahead, on track or behind right now, and by how much in
//! money and in days of selling.
//!
//! - **Days.** A period runs from its first to its last day, both included.
//!   Figures are as of the *end* of `as_of`, so `as_of` counts as elapsed;
//!   before the period nothing has elapsed, after it everything has.
//! - **Expected to date** = target × the share of the period elapsed:
//!   elapsed days ÷ days for a linear goal, or the share of the seasonality
//!   profile's weight (see [`crate::seasonality`]).
//! - **Class.** On track when actual is within ±[`ON_TRACK_TOLERANCE`] (5%)
//!   of expected; ahead above that band, behind below it. With nothing
//!   expected yet, anything booked is ahead and nothing booked is on track.
//! - **Gap** = actual − expected (negative when behind).
//! - **Gap in days** = gap ÷ daily run rate: how many days of typical selling
//!   the gap is worth. The run rate is the caller's trailing rate when given,
//!   otherwise actual ÷ elapsed days. With no positive run rate there is no
//!   honest answer, so it is `None`.

use crate::{
    error::{non_negative, AlignmentError},
    seasonality::{ProfileKind, SeasonalityProfile},
    stats::{ratio, round_money, round_ratio, round_score},
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Within ±5% of expected is on track.
pub const ON_TRACK_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// A goal and how far it has got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalProgress {
    pub target: Decimal,
    pub period_start: NaiveDate,
    /// Last day of the period, included.
    pub period_end: NaiveDate,
    /// Closed (won) to date.
    pub actual_to_date: Decimal,
    pub as_of: NaiveDate,
    /// Money per day from the caller (e.g. the last 90 days' bookings ÷ 90);
    /// `None` uses actual ÷ elapsed days.
    #[serde(default)]
    pub trailing_daily_run_rate: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceClass {
    Ahead,
    OnTrack,
    Behind,
}

/// Where the daily run rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunRateSource {
    /// Actual to date ÷ elapsed days.
    ActualToDate,
    /// The caller's trailing rate.
    Trailing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    pub class: PaceClass,
    pub target: Decimal,
    pub actual_to_date: Decimal,
    pub expected_to_date: Decimal,
    /// Actual − expected: negative when behind.
    pub gap: Decimal,
    /// Actual ÷ expected, four places; `None` while nothing is expected.
    pub pace_ratio: Option<Decimal>,
    /// Gap ÷ daily run rate, one place; `None` without a positive run rate.
    pub gap_days: Option<Decimal>,
    pub daily_run_rate: Option<Decimal>,
    pub run_rate_source: RunRateSource,
    pub days_in_period: i64,
    pub days_elapsed: i64,
    pub days_remaining: i64,
    /// What must be booked per remaining day to reach the target; `None`
    /// once the period is over.
    pub required_daily_rate: Option<Decimal>,
    pub profile: ProfileKind,
    pub explanation: String,
}

/// Day counts of a goal's period as of its `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PeriodDays {
    pub total: i64,
    pub elapsed: i64,
    pub remaining: i64,
}

pub(crate) fn period_days(goal: &GoalProgress) -> Result<PeriodDays, AlignmentError> {
    if goal.period_end < goal.period_start {
        return Err(AlignmentError::PeriodEndsBeforeStart {
            start: goal.period_start,
            end: goal.period_end,
        });
    }
    let total = (goal.period_end - goal.period_start).num_days() + 1;
    let elapsed = ((goal.as_of - goal.period_start).num_days() + 1).clamp(0, total);
    Ok(PeriodDays {
        total,
        elapsed,
        remaining: total - elapsed,
    })
}

/// The daily run rate: the caller's trailing rate, else actual ÷ elapsed days.
pub(crate) fn daily_run_rate(
    goal: &GoalProgress,
    days: PeriodDays,
) -> Result<(Option<Decimal>, RunRateSource), AlignmentError> {
    match goal.trailing_daily_run_rate {
        Some(rate) => Ok((
            Some(non_negative("trailing_daily_run_rate", rate)?),
            RunRateSource::Trailing,
        )),
        None => Ok((
            ratio(goal.actual_to_date, Decimal::from(days.elapsed)),
            RunRateSource::ActualToDate,
        )),
    }
}

/// Where a goal stands against its pace.
pub fn pace(goal: &GoalProgress, profile: &SeasonalityProfile) -> Result<Pace, AlignmentError> {
    non_negative("target", goal.target)?;
    let days = period_days(goal)?;
    let (share, profile_used) =
        profile.share_elapsed(goal.period_start, goal.period_end, goal.as_of);
    let expected = round_money(goal.target * share);
    let actual = goal.actual_to_date;
    let gap = actual - expected;
    let band = expected * ON_TRACK_TOLERANCE;
    let class = if gap > band {
        PaceClass::Ahead
    } else if gap < -band {
        PaceClass::Behind
    } else {
        PaceClass::OnTrack
    };
    let (run_rate, run_rate_source) = daily_run_rate(goal, days)?;
    let gap_days = run_rate
        .filter(|rate| *rate > Decimal::ZERO)
        .and_then(|rate| ratio(gap, rate))
        .map(round_score);
    let required_daily_rate = (days.remaining > 0)
        .then(|| (goal.target - actual).max(Decimal::ZERO) / Decimal::from(days.remaining))
        .map(round_money);
    let pace_ratio = ratio(actual, expected).map(round_ratio);
    let mut pace = Pace {
        class,
        target: goal.target,
        actual_to_date: actual,
        expected_to_date: expected,
        gap: round_money(gap),
        pace_ratio,
        gap_days,
        daily_run_rate: run_rate.map(round_money),
        run_rate_source,
        days_in_period: days.total,
        days_elapsed: days.elapsed,
        days_remaining: days.remaining,
        required_daily_rate,
        profile: profile_used,
        explanation: String::new(),
    };
    pace.explanation = explain(&pace, goal.as_of);
    Ok(pace)
}

fn explain(pace: &Pace, as_of: NaiveDate) -> String {
    let class = match pace.class {
        PaceClass::Ahead => "Ahead",
        PaceClass::OnTrack => "On track",
        PaceClass::Behind => "Behind",
    };
    let mut sentence = format!(
        "{class}: {} booked against {} expected by {as_of}",
        pace.actual_to_date, pace.expected_to_date
    );
    if let Some(r) = pace.pace_ratio {
        sentence.push_str(&format!(
            " ({}% of pace)",
            round_score(r * Decimal::ONE_HUNDRED)
        ));
    }
    let direction = if pace.gap.is_sign_negative() {
        "short"
    } else {
        "over"
    };
    sentence.push_str(&format!(", {} {direction}", pace.gap.abs()));
    match pace.gap_days {
        Some(days) => sentence.push_str(&format!(
            ", about {} days of selling at the current run rate.",
            days.abs()
        )),
        None => sentence.push_str("; no run rate yet to turn that into days."),
    }
    match pace.profile {
        ProfileKind::Linear => {}
        ProfileKind::Monthly => {
            sentence.push_str(" Expected follows the company's months as past years' wins fell.")
        }
        ProfileKind::Weekly => {
            sentence.push_str(" Expected follows the company's weeks as past years' wins fell.")
        }
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seasonality::{build_profile, Granularity, HistoricalActual};
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A 30-day June goal of 30,000, as of the end of 10 June.
    fn june(actual: Decimal) -> GoalProgress {
        GoalProgress {
            target: dec!(30000),
            period_start: day(2026, 6, 1),
            period_end: day(2026, 6, 30),
            actual_to_date: actual,
            as_of: day(2026, 6, 10),
            trailing_daily_run_rate: None,
        }
    }

    #[test]
    fn classes_follow_the_five_percent_band() {
        let linear = SeasonalityProfile::Linear;
        // Expected by 10 June: 10,000; the band is 9,500..=10,500.
        let cases = [
            (dec!(10600), PaceClass::Ahead),
            (dec!(10500), PaceClass::OnTrack),
            (dec!(9500), PaceClass::OnTrack),
            (dec!(9499), PaceClass::Behind),
        ];
        for (actual, class) in cases {
            let reading = pace(&june(actual), &linear).unwrap();
            assert_eq!(reading.expected_to_date, dec!(10000));
            assert_eq!(reading.class, class, "actual {actual}");
        }
    }

    #[test]
    fn gap_in_money_and_days_of_run_rate() {
        let reading = pace(&june(dec!(8000)), &SeasonalityProfile::Linear).unwrap();
        assert_eq!(reading.gap, dec!(-2000));
        assert_eq!(reading.daily_run_rate, Some(dec!(800)));
        assert_eq!(reading.gap_days, Some(dec!(-2.5)));
        assert_eq!(reading.pace_ratio, Some(dec!(0.8)));
        assert_eq!((reading.days_elapsed, reading.days_remaining), (10, 20));
        // 22,000 left over 20 days.
        assert_eq!(reading.required_daily_rate, Some(dec!(1100)));
        assert!(
            reading.explanation.starts_with("Behind"),
            "{}",
            reading.explanation
        );

        let trailing = GoalProgress {
            trailing_daily_run_rate: Some(dec!(400)),
            ..june(dec!(8000))
        };
        let reading = pace(&trailing, &SeasonalityProfile::Linear).unwrap();
        assert_eq!(reading.run_rate_source, RunRateSource::Trailing);
        assert_eq!(reading.gap_days, Some(dec!(-5)));
    }

    #[test]
    fn zero_run_rate_gives_no_gap_days() {
        let reading = pace(&june(dec!(0)), &SeasonalityProfile::Linear).unwrap();
        assert_eq!(reading.class, PaceClass::Behind);
        assert_eq!(reading.daily_run_rate, Some(dec!(0)));
        assert_eq!(reading.gap_days, None);
        let before_start = GoalProgress {
            as_of: day(2026, 5, 20),
            ..june(dec!(0))
        };
        let reading = pace(&before_start, &SeasonalityProfile::Linear).unwrap();
        assert_eq!(
            (reading.days_elapsed, reading.expected_to_date),
            (0, dec!(0))
        );
        assert_eq!(
            (reading.class, reading.pace_ratio, reading.gap_days),
            (PaceClass::OnTrack, None, None)
        );
        let zero_trailing = GoalProgress {
            trailing_daily_run_rate: Some(dec!(0)),
            ..june(dec!(5000))
        };
        assert_eq!(
            pace(&zero_trailing, &SeasonalityProfile::Linear)
                .unwrap()
                .gap_days,
            None
        );
    }

    #[test]
    fn seasonality_moves_the_expectation() {
        // Q4 where December has historically sold three times October.
        let mut history = Vec::new();
        for year in [2024, 2025] {
            for month in 1..=12 {
                history.push(HistoricalActual {
                    date: day(year, month, 28),
                    amount: if month == 12 { dec!(3000) } else { dec!(1000) },
                });
            }
        }
        let profile = build_profile(&history, Granularity::Month);
        let goal = GoalProgress {
            target: dec!(50000),
            period_start: day(2026, 10, 1),
            period_end: day(2026, 12, 31),
            actual_to_date: dec!(20000),
            as_of: day(2026, 11, 30),
            trailing_daily_run_rate: None,
        };
        let linear = pace(&goal, &SeasonalityProfile::Linear).unwrap();
        let seasonal = pace(&goal, &profile).unwrap();
        // Linear: 61 of 92 days → 33,152.17 expected, so 20,000 is behind.
        assert_eq!(linear.expected_to_date, dec!(33152.17));
        assert_eq!(linear.class, PaceClass::Behind);
        // Seasonal: Oct + Nov hold 2 of 5 parts → 20,000 expected: on track.
        assert_eq!(seasonal.profile, ProfileKind::Monthly);
        assert_eq!(seasonal.expected_to_date.round_dp(0), dec!(20000));
        assert_eq!(seasonal.class, PaceClass::OnTrack);
    }

    #[test]
    fn refuses_a_period_that_ends_before_it_starts() {
        let goal = GoalProgress {
            period_end: day(2026, 5, 1),
            ..june(dec!(0))
        };
        assert!(matches!(
            pace(&goal, &SeasonalityProfile::Linear),
            Err(AlignmentError::PeriodEndsBeforeStart { .. })
        ));
    }
}
