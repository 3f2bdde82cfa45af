//! Reporting periods: a month, a quarter or a year, written `2026-07`,
//! `2026-Q3` or `2026`, and ad-hoc ranges. A period is half-open: it includes
//! its first day and excludes the day after its last.

use crate::validation::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    fn months(self) -> u32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }
}

impl FromStr for PeriodKind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "month" => Ok(PeriodKind::Month),
            "quarter" => Ok(PeriodKind::Quarter),
            "year" => Ok(PeriodKind::Year),
            _ => Err(FieldError::new(
                "period_kind",
                "must be month, quarter or year",
            )),
        }
    }
}

/// A calendar period. Only starts that align with the kind exist
/// (quarters start in January, April, July or October).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
}

impl Period {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Self {
        let month0 = day.month0() / kind.months() * kind.months();
        let start = NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day);
        Self { kind, start }
    }

    /// Checks that `start` is where a period of `kind` begins.
    pub fn starting(kind: PeriodKind, start: NaiveDate) -> Result<Self, FieldError> {
        let period = Self::containing(kind, start);
        if period.start == start {
            Ok(period)
        } else {
            Err(FieldError::new(
                "period_start",
                format!(
                    "must be the first day of a {} (for example {})",
                    kind.as_str(),
                    period.start
                ),
            ))
        }
    }

    /// The day after the period's last day.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.start
            .checked_add_months(chrono::Months::new(self.kind.months()))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.start && day < self.end_exclusive()
    }

    pub fn next(&self) -> Self {
        Self {
            kind: self.kind,
            start: self.end_exclusive(),
        }
    }

    pub fn previous(&self) -> Self {
        let start = self
            .start
            .checked_sub_months(chrono::Months::new(self.kind.months()))
            .unwrap_or(NaiveDate::MIN);
        Self {
            kind: self.kind,
            start,
        }
    }

    /// Whether `inner` lies wholly inside this period.
    pub fn covers(&self, inner: &Period) -> bool {
        inner.start >= self.start && inner.end_exclusive() <= self.end_exclusive()
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        (self.end_exclusive() - self.start).num_days()
    }

    pub fn range(&self) -> DateRange {
        DateRange {
            from: self.start,
            to_exclusive: self.end_exclusive(),
        }
    }

    /// The period a request names in `text`, or the quarter holding `today`
    /// when it names none; refused when its kind is not `allowed`, with
    /// `hint` saying what to give instead.
    pub fn requested(
        text: Option<&str>,
        today: NaiveDate,
        allowed: &[PeriodKind],
        hint: &str,
    ) -> Result<Self, FieldError> {
        let period = match text {
            None => Self::containing(PeriodKind::Quarter, today),
            Some(text) => text.parse()?,
        };
        if allowed.contains(&period.kind) {
            Ok(period)
        } else {
            Err(FieldError::new("period", hint))
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.start.year(), self.start.month()),
            PeriodKind::Quarter => {
                write!(f, "{}-Q{}", self.start.year(), self.start.month0() / 3 + 1)
            }
            PeriodKind::Year => write!(f, "{}", self.start.year()),
        }
    }
}

impl FromStr for Period {
    type Err = FieldError;
    /// Parses `2026`, `2026-Q3` or `2026-07`.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let bad = || {
            FieldError::new(
                "period",
                format!("\"{raw}\" is not a period; write 2026, 2026-Q3 or 2026-07"),
            )
        };
        let text = raw.trim();
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(1970..=2200).contains(&year) {
            return Err(bad());
        }
        let (kind, month) = match rest {
            None => (PeriodKind::Year, 1),
            Some(q) if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
                let quarter: u32 = q[1..].parse().map_err(|_| bad())?;
                if !(1..=4).contains(&quarter) {
                    return Err(bad());
                }
                (PeriodKind::Quarter, (quarter - 1) * 3 + 1)
            }
            Some(m) => {
                let month: u32 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                (PeriodKind::Month, month)
            }
        };
        let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        Ok(Self { kind, start })
    }
}

/// An ad-hoc half-open range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to_exclusive: NaiveDate,
}

impl DateRange {
    /// From `from` to `to`, both included. At most ten years.
    pub fn inclusive(from: NaiveDate, to: NaiveDate) -> Result<Self, FieldError> {
        if to < from {
            return Err(FieldError::new("to", "must not be before from"));
        }
        if (to - from).num_days() > 3660 {
            return Err(FieldError::new(
                "to",
                "the range may span at most ten years",
            ));
        }
        Ok(Self {
            from,
            to_exclusive: to + chrono::Days::new(1),
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && day < self.to_exclusive
    }

    pub fn days(&self) -> i64 {
        (self.to_exclusive - self.from).num_days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_round_trip_through_text() {
        for text in ["2026", "2026-Q1", "2026-Q4", "2026-07", "2026-12"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for bad in ["", "26", "2026-Q5", "2026-13", "2026-00", "2026-Q", "abc"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_quarter_contains_its_days_and_ends_before_the_next() {
        let q3: Period = "2026-Q3".parse().unwrap();
        assert!(q3.contains(day(2026, 7, 1)));
        assert!(q3.contains(day(2026, 9, 30)));
        assert!(!q3.contains(day(2026, 10, 1)));
        assert_eq!(q3.days(), 92);
        assert_eq!(q3.next().to_string(), "2026-Q4");
        assert_eq!(q3.previous().to_string(), "2026-Q2");
        assert_eq!(
            Period::containing(PeriodKind::Quarter, day(2026, 8, 15)),
            q3
        );
    }

    #[test]
    fn periods_start_only_where_their_kind_starts() {
        assert!(Period::starting(PeriodKind::Quarter, day(2026, 4, 1)).is_ok());
        assert!(Period::starting(PeriodKind::Quarter, day(2026, 5, 1)).is_err());
        assert!(Period::starting(PeriodKind::Month, day(2026, 5, 2)).is_err());
        let year: Period = "2026".parse().unwrap();
        assert!(year.covers(&"2026-Q2".parse().unwrap()));
        assert!(!year.covers(&"2027-01".parse().unwrap()));
    }
}
