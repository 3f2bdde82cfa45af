//! Stripe's subscription states, plus `trialing` without a subscription
//! (the trial every tenant starts with, before any card).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Canceled,
    Incomplete,
    IncompleteExpired,
    Paused,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 8] = [
        SubscriptionStatus::Trialing,
        SubscriptionStatus::Active,
        SubscriptionStatus::PastDue,
        SubscriptionStatus::Unpaid,
        SubscriptionStatus::Canceled,
        SubscriptionStatus::Incomplete,
        SubscriptionStatus::IncompleteExpired,
        SubscriptionStatus::Paused,
    ];

    /// Stripe's spelling, also the stored one.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Trialing => "trialing",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::PastDue => "past_due",
            SubscriptionStatus::Unpaid => "unpaid",
            SubscriptionStatus::Canceled => "canceled",
            SubscriptionStatus::Incomplete => "incomplete",
            SubscriptionStatus::IncompleteExpired => "incomplete_expired",
            SubscriptionStatus::Paused => "paused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// What the state means, in the words the billing page uses.
    pub fn meaning(self) -> &'static str {
        match self {
            SubscriptionStatus::Trialing => "Free trial: everything works, no card needed yet.",
            SubscriptionStatus::Active => "Paid and current: everything works.",
            SubscriptionStatus::PastDue => "The last payment failed. Everything works during the grace period; update the card to keep it that way.",
            SubscriptionStatus::Unpaid => "Payments failed and retries are over: the company is read-only until an invoice is paid.",
            SubscriptionStatus::Canceled => "The subscription ended: the company is read-only, and every record can still be read and exported.",
            SubscriptionStatus::Incomplete => "The first payment has not gone through yet.",
            SubscriptionStatus::IncompleteExpired => "The first payment never went through: the company is read-only.",
            SubscriptionStatus::Paused => "The subscription is paused: the company is read-only.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_stripe_spelling() {
        for status in SubscriptionStatus::ALL {
            assert_eq!(SubscriptionStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(SubscriptionStatus::parse("bogus"), None);
    }
}
