//! The one error type of the crate: inputs nothing sensible can be computed
//! from. Each variant names the field so the worker can say what to fix.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AlignmentError {
    /// A period whose last day is before its first.
    #[error("the period ends on {end}, before it starts on {start}")]
    PeriodEndsBeforeStart { start: NaiveDate, end: NaiveDate },
    /// A probability outside 0..=1.
    #[error("{field} is {value}; a probability is between 0 and 1")]
    ProbabilityOutOfRange { field: String, value: Decimal },
    /// An amount, rate or weight that must not be negative (or, for
    /// benchmark weights, must be positive).
    #[error("{field} cannot be {value}")]
    OutOfRange { field: String, value: Decimal },
    /// A rep's funnel counts do not match the stage list.
    #[error("rep {rep_id} has {counts} funnel counts for {stages} stages")]
    FunnelShape {
        rep_id: Uuid,
        stages: usize,
        counts: usize,
    },
    /// A tenant contributed twice to the same benchmark period.
    #[error("tenant {tenant_id} contributed more than once to period {period}")]
    DuplicateContribution { tenant_id: Uuid, period: String },
}

/// Refuses a negative value.
pub(crate) fn non_negative(field: &str, value: Decimal) -> Result<Decimal, AlignmentError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(AlignmentError::OutOfRange {
            field: field.to_owned(),
            value,
        });
    }
    Ok(value)
}

/// Refuses a probability outside 0..=1.
pub(crate) fn probability(field: &str, value: Decimal) -> Result<Decimal, AlignmentError> {
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(AlignmentError::ProbabilityOutOfRange {
            field: field.to_owned(),
            value,
        });
    }
    Ok(value)
}
