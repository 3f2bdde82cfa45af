//! The tiers sold per seat, monthly or yearly. Prices are in US cents per
//! seat per billing interval; the pricing page and Stripe's prices follow
//! these figures.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Starter,
    Growth,
    Enterprise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Monthly,
    Yearly,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Starter, Tier::Growth, Tier::Enterprise];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Starter => "starter",
            Tier::Growth => "growth",
            Tier::Enterprise => "enterprise",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::Starter => "Starter",
            Tier::Growth => "Growth",
            Tier::Enterprise => "Enterprise",
        }
    }

    /// Cents per seat per month when paid monthly, and per month when paid
    /// yearly (a fifth off).
    pub fn monthly_cents(self, interval: Interval) -> i64 {
        match (self, interval) {
            (Tier::Starter, Interval::Monthly) => 2_500,
            (Tier::Starter, Interval::Yearly) => 2_000,
            (Tier::Growth, Interval::Monthly) => 4_500,
            (Tier::Growth, Interval::Yearly) => 3_600,
            (Tier::Enterprise, Interval::Monthly) => 7_500,
            (Tier::Enterprise, Interval::Yearly) => 6_000,
        }
    }

    /// What one seat costs per billing interval, in cents.
    pub fn seat_price_cents(self, interval: Interval) -> i64 {
        match interval {
            Interval::Monthly => self.monthly_cents(interval),
            Interval::Yearly => self.monthly_cents(interval) * 12,
        }
    }

    /// The most seats the tier sells; inviting past it is refused and
    /// points at a higher tier.
    pub fn max_seats(self) -> Option<u32> {
        match self {
            Tier::Starter => Some(25),
            Tier::Growth | Tier::Enterprise => None,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Monthly => "monthly",
            Interval::Yearly => "yearly",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "monthly" | "month" => Some(Interval::Monthly),
            "yearly" | "year" => Some(Interval::Yearly),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yearly_is_a_fifth_off_and_names_round_trip() {
        for tier in Tier::ALL {
            let monthly = tier.seat_price_cents(Interval::Monthly) * 12;
            let yearly = tier.seat_price_cents(Interval::Yearly);
            assert_eq!(yearly * 5, monthly * 4, "{tier}");
            assert_eq!(Tier::parse(tier.as_str()), Some(tier));
        }
        assert_eq!(Tier::parse("platinum"), None);
        assert_eq!(Interval::parse("year"), Some(Interval::Yearly));
    }
}
