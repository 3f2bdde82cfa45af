//! What a tenant may do in each billing state. Trialing and active:
//! everything. Past due (and a first payment still pending): everything,
//! with a banner, until the grace period ends, then read-only. Unpaid,
//! canceled, incomplete_expired and paused: read-only, with every record
//! still readable and exportable. A billing event never deletes data.

use crate::status::SubscriptionStatus;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What entitlement is decided from, as stored for a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingState {
    pub status: SubscriptionStatus,
    /// The end of the free trial a tenant starts with (no subscription yet).
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// When the subscription last became past due (or incomplete).
    pub past_due_since: Option<DateTime<Utc>>,
    /// Whether Stripe holds a subscription (a trial without one ends by date).
    pub has_subscription: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "access")]
pub enum Access {
    Full,
    /// Everything still works, with a banner, until `until`.
    Grace {
        until: DateTime<Utc>,
    },
    ReadOnly {
        reason: ReadOnlyReason,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadOnlyReason {
    TrialEnded,
    GraceOver,
    Unpaid,
    Canceled,
    IncompleteExpired,
    Paused,
}

impl Access {
    pub fn allows_writes(self) -> bool {
        !matches!(self, Access::ReadOnly { .. })
    }
}

impl ReadOnlyReason {
    /// Why writes are refused, in words a user can act on.
    pub fn explain(self) -> &'static str {
        match self {
            ReadOnlyReason::TrialEnded => "The free trial has ended",
            ReadOnlyReason::GraceOver => "The last payment failed and the grace period is over",
            ReadOnlyReason::Unpaid => "Invoices are unpaid",
            ReadOnlyReason::Canceled => "The subscription was canceled",
            ReadOnlyReason::IncompleteExpired => "The first payment never went through",
            ReadOnlyReason::Paused => "The subscription is paused",
        }
    }
}

/// The access `state` gives at `now`, with `grace` after a failed payment.
pub fn entitlement(state: &BillingState, grace: Duration, now: DateTime<Utc>) -> Access {
    use SubscriptionStatus as S;
    match state.status {
        S::Trialing => match state.trial_ends_at {
            Some(end) if !state.has_subscription && end <= now => Access::ReadOnly {
                reason: ReadOnlyReason::TrialEnded,
            },
            _ => Access::Full,
        },
        S::Active => Access::Full,
        S::PastDue | S::Incomplete => {
            let until = state.past_due_since.unwrap_or(now) + grace;
            if now < until {
                Access::Grace { until }
            } else {
                Access::ReadOnly {
                    reason: ReadOnlyReason::GraceOver,
                }
            }
        }
        S::Unpaid => Access::ReadOnly {
            reason: ReadOnlyReason::Unpaid,
        },
        S::Canceled => Access::ReadOnly {
            reason: ReadOnlyReason::Canceled,
        },
        S::IncompleteExpired => Access::ReadOnly {
            reason: ReadOnlyReason::IncompleteExpired,
        },
        S::Paused => Access::ReadOnly {
            reason: ReadOnlyReason::Paused,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use SubscriptionStatus as S;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn every_status_gives_the_documented_access() {
        let grace = Duration::days(7);
        let now = at(10, 12);
        let full = Access::Full;
        let read_only = |reason| Access::ReadOnly { reason };
        // (status, trial end, past due since, has a subscription, expected)
        let table = [
            (S::Trialing, Some(at(20, 0)), None, false, full),
            (
                S::Trialing,
                Some(at(10, 12)),
                None,
                false,
                read_only(ReadOnlyReason::TrialEnded),
            ),
            (S::Trialing, Some(at(1, 0)), None, true, full),
            (S::Active, None, None, true, full),
            (
                S::PastDue,
                None,
                Some(at(5, 0)),
                true,
                Access::Grace { until: at(12, 0) },
            ),
            (
                S::PastDue,
                None,
                Some(at(3, 12)),
                true,
                read_only(ReadOnlyReason::GraceOver),
            ),
            (
                S::PastDue,
                None,
                Some(at(3, 13)),
                true,
                Access::Grace { until: at(10, 13) },
            ),
            (
                S::Incomplete,
                None,
                Some(at(10, 0)),
                true,
                Access::Grace { until: at(17, 0) },
            ),
            (
                S::Unpaid,
                None,
                Some(at(1, 0)),
                true,
                read_only(ReadOnlyReason::Unpaid),
            ),
            (
                S::Canceled,
                None,
                None,
                true,
                read_only(ReadOnlyReason::Canceled),
            ),
            (
                S::IncompleteExpired,
                None,
                None,
                true,
                read_only(ReadOnlyReason::IncompleteExpired),
            ),
            (
                S::Paused,
                None,
                None,
                true,
                read_only(ReadOnlyReason::Paused),
            ),
        ];
        for (status, trial_ends_at, past_due_since, has_subscription, expected) in table {
            let state = BillingState {
                status,
                trial_ends_at,
                past_due_since,
                has_subscription,
            };
            assert_eq!(entitlement(&state, grace, now), expected, "{state:?}");
            assert_eq!(
                expected.allows_writes(),
                !matches!(expected, Access::ReadOnly { .. })
            );
        }
    }

    #[test]
    fn a_past_due_subscription_without_a_date_starts_its_grace_now() {
        let state = BillingState {
            status: S::PastDue,
            trial_ends_at: None,
            past_due_since: None,
            has_subscription: true,
        };
        let now = at(10, 0);
        assert_eq!(
            entitlement(&state, Duration::days(3), now),
            Access::Grace { until: at(13, 0) }
        );
    }
}
