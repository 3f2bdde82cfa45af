//! Seasonality: how a period's target spreads over its days when sales are
//! not flat through the year.
//!
//! A profile gives each calendar month (or ISO week) a weight. A day weighs
//! its month's weight divided by the days in that month (its week's weight
//! divided by seven); ISO week 53 shares week 52's weight. The share of a
//! period expected by the end of a day is the weight of the period's days up
//! to and including it over the weight of all the period's days, so one
//! profile serves a month, a quarter or a fiscal year starting in April.
//! A profile whose days in the period weigh nothing falls back to linear.
//!
//! [`build_profile`] learns the weights from past actuals:
//! 1. Keep the most recent whole years: `n = ⌊span / 365⌋` 365-day windows
//!    ending on the latest date, so no month is counted more often than
//!    another.
//! 2. History is *thin*, and the profile linear, when it spans less than
//!    [`MIN_HISTORY_DAYS`], has fewer than [`MIN_HISTORY_ENTRIES`] entries in
//!    those years, or adds up to nothing.
//! 3. Each bucket's weight is its total (negative totals, from refunds,
//!    count as zero) over the total of all buckets, to six places.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// History shorter than a year says nothing about seasons.
pub const MIN_HISTORY_DAYS: i64 = 365;
/// A handful of deals over a year is noise, not a season.
pub const MIN_HISTORY_ENTRIES: usize = 12;

/// How finely a learnt profile splits the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Month,
    Week,
}

/// The expected shape of a year's sales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeasonalityProfile {
    /// Every day weighs the same.
    #[default]
    Linear,
    /// Twelve weights, January first.
    Monthly { weights: Vec<Decimal> },
    /// Fifty-two weights, ISO week 1 first.
    Weekly { weights: Vec<Decimal> },
}

/// Which profile shaped an expectation, for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    Linear,
    Monthly,
    Weekly,
}

/// One past actual: what was booked on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoricalActual {
    pub date: NaiveDate,
    pub amount: Decimal,
}

impl SeasonalityProfile {
    pub fn kind(&self) -> ProfileKind {
        match self {
            Self::Linear => ProfileKind::Linear,
            Self::Monthly { .. } => ProfileKind::Monthly,
            Self::Weekly { .. } => ProfileKind::Weekly,
        }
    }

    /// The weight of one day; a missing weight counts as zero.
    pub fn day_weight(&self, day: NaiveDate) -> Decimal {
        match self {
            Self::Linear => Decimal::ONE,
            Self::Monthly { weights } => {
                let weight = weights
                    .get(day.month0() as usize)
                    .copied()
                    .unwrap_or_default();
                weight / Decimal::from(day.num_days_in_month())
            }
            Self::Weekly { weights } => {
                let week = day.iso_week().week0().min(51) as usize;
                weights.get(week).copied().unwrap_or_default() / Decimal::from(7)
            }
        }
    }

    /// The share (0..=1) of the period `start..=end` expected by the end of
    /// `as_of`, and the profile that actually shaped it (linear when this
    /// one gives the period no weight).
    pub fn share_elapsed(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        as_of: NaiveDate,
    ) -> (Decimal, ProfileKind) {
        let mut total = Decimal::ZERO;
        let mut elapsed = Decimal::ZERO;
        let mut days = 0_i64;
        let mut elapsed_days = 0_i64;
        for day in start.iter_days().take_while(|day| *day <= end) {
            let weight = self.day_weight(day).max(Decimal::ZERO);
            total += weight;
            days += 1;
            if day <= as_of {
                elapsed += weight;
                elapsed_days += 1;
            }
        }
        if days == 0 {
            return (Decimal::ZERO, ProfileKind::Linear);
        }
        if total.is_zero() {
            return (
                Decimal::from(elapsed_days) / Decimal::from(days),
                ProfileKind::Linear,
            );
        }
        (elapsed / total, self.kind())
    }
}

/// Learns a profile from past actuals, or returns [`SeasonalityProfile::Linear`]
/// when the history is thin (see the module documentation).
pub fn build_profile(history: &[HistoricalActual], granularity: Granularity) -> SeasonalityProfile {
    let (Some(first), Some(last)) = (
        history.iter().map(|h| h.date).min(),
        history.iter().map(|h| h.date).max(),
    ) else {
        return SeasonalityProfile::Linear;
    };
    let span = (last - first).num_days() + 1;
    if span < MIN_HISTORY_DAYS {
        return SeasonalityProfile::Linear;
    }
    let years = span / MIN_HISTORY_DAYS;
    let window_start = last - Duration::days(years * MIN_HISTORY_DAYS - 1);
    let in_window: Vec<&HistoricalActual> =
        history.iter().filter(|h| h.date >= window_start).collect();
    if in_window.len() < MIN_HISTORY_ENTRIES {
        return SeasonalityProfile::Linear;
    }
    let buckets = match granularity {
        Granularity::Month => 12,
        Granularity::Week => 52,
    };
    let mut totals = vec![Decimal::ZERO; buckets];
    for actual in in_window {
        let bucket = match granularity {
            Granularity::Month => actual.date.month0() as usize,
            Granularity::Week => actual.date.iso_week().week0().min(51) as usize,
        };
        totals[bucket] += actual.amount;
    }
    let totals: Vec<Decimal> = totals.into_iter().map(|t| t.max(Decimal::ZERO)).collect();
    let sum: Decimal = totals.iter().sum();
    if sum.is_zero() {
        return SeasonalityProfile::Linear;
    }
    let weights = totals.iter().map(|t| (t / sum).round_dp(6)).collect();
    match granularity {
        Granularity::Month => SeasonalityProfile::Monthly { weights },
        Granularity::Week => SeasonalityProfile::Weekly { weights },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Two years in which December sells three times as much as any other month.
    fn december_heavy_history() -> Vec<HistoricalActual> {
        let mut history = Vec::new();
        for year in [2023, 2024] {
            for month in 1..=12 {
                let amount = if month == 12 { dec!(300) } else { dec!(100) };
                history.push(HistoricalActual {
                    date: day(year, month, 15),
                    amount,
                });
            }
        }
        history.push(HistoricalActual {
            date: day(2024, 12, 31),
            amount: dec!(0),
        });
        history
    }

    #[test]
    fn learns_monthly_weights_from_whole_years() {
        let SeasonalityProfile::Monthly { weights } =
            build_profile(&december_heavy_history(), Granularity::Month)
        else {
            panic!("two years of monthly history should give a monthly profile");
        };
        assert_eq!(weights.len(), 12);
        // 11 × 100 + 300 = 1400 per year.
        assert_eq!(weights[0], dec!(0.071429));
        assert_eq!(weights[11], dec!(0.214286));
    }

    #[test]
    fn thin_history_falls_back_to_linear() {
        let half_year: Vec<HistoricalActual> = (1..=6)
            .map(|month| HistoricalActual {
                date: day(2024, month, 1),
                amount: dec!(100),
            })
            .collect();
        assert_eq!(
            build_profile(&half_year, Granularity::Month),
            SeasonalityProfile::Linear
        );
        let sparse_year = vec![
            HistoricalActual {
                date: day(2023, 1, 1),
                amount: dec!(100),
            },
            HistoricalActual {
                date: day(2024, 1, 1),
                amount: dec!(100),
            },
        ];
        assert_eq!(
            build_profile(&sparse_year, Granularity::Week),
            SeasonalityProfile::Linear
        );
        assert_eq!(
            build_profile(&[], Granularity::Month),
            SeasonalityProfile::Linear
        );
    }

    #[test]
    fn weekly_profile_buckets_by_iso_week() {
        let history: Vec<HistoricalActual> = (0..104)
            .map(|week| HistoricalActual {
                date: day(2023, 1, 2) + Duration::weeks(week),
                amount: if week % 52 == 9 { dec!(500) } else { dec!(100) },
            })
            .collect();
        let profile = build_profile(&history, Granularity::Week);
        assert_eq!(profile.kind(), ProfileKind::Weekly);
        // ISO week 10 (index 9) carries five times the weight of week 11.
        let heavy = profile.day_weight(day(2025, 3, 4));
        let normal = profile.day_weight(day(2025, 3, 11));
        assert_eq!((heavy / normal).round_dp(2), dec!(5));
    }

    #[test]
    fn share_elapsed_follows_the_profile_and_ignores_weightless_periods() {
        let profile = build_profile(&december_heavy_history(), Granularity::Month);
        // Q4: Oct and Nov weigh 1 each, Dec 3; by the end of November 2/5 is expected.
        let (share, kind) =
            profile.share_elapsed(day(2025, 10, 1), day(2025, 12, 31), day(2025, 11, 30));
        assert_eq!(kind, ProfileKind::Monthly);
        assert_eq!(share.round_dp(2), dec!(0.40));
        let nothing_in_july = SeasonalityProfile::Monthly {
            weights: vec![dec!(1); 6],
        };
        let (share, kind) =
            nothing_in_july.share_elapsed(day(2025, 7, 1), day(2025, 7, 31), day(2025, 7, 31));
        assert_eq!((share, kind), (Decimal::ONE, ProfileKind::Linear));
    }
}
