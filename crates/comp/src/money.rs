//! Rounding and currency conversion: the only places money changes scale.

use crate::inputs::FxRate;
use attain_domain::period::Period;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// Decimal places of a currency's minor unit.
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" | "TWD" | "UGX" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

/// The one rounding rule: a line's amount, half away from zero, to the
/// payout currency's minor unit.
pub fn round_line(amount: Decimal, currency: &str) -> Decimal {
    amount
        .round_dp_with_strategy(
            minor_units(currency),
            RoundingStrategy::MidpointAwayFromZero,
        )
        .normalize_to(minor_units(currency))
}

trait NormalizeTo {
    fn normalize_to(self, dp: u32) -> Self;
}

impl NormalizeTo for Decimal {
    /// Always the same scale, so equal amounts serialise identically.
    fn normalize_to(mut self, dp: u32) -> Self {
        self.rescale(dp);
        self
    }
}

/// Percentages shown to people: two places.
pub fn round_pct(pct: Decimal) -> Decimal {
    let mut p = pct.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(2);
    p
}

/// Exchange rates by (period, from, to); converts exactly, using the inverse
/// of the opposite rate when only that one is known.
#[derive(Debug, Default, Clone)]
pub struct Rates {
    /// Per period, (from, to, rate) with the last of duplicates kept; looked
    /// up by `&str` so a lookup allocates nothing.
    by_period: HashMap<Period, Vec<(String, String, Decimal)>>,
}

impl Rates {
    pub fn new(rates: &[FxRate]) -> Self {
        let mut by_period: HashMap<Period, Vec<(String, String, Decimal)>> = HashMap::new();
        for r in rates {
            let list = by_period.entry(r.period).or_default();
            match list.iter_mut().find(|(f, t, _)| *f == r.from && *t == r.to) {
                Some(entry) => entry.2 = r.rate,
                None => list.push((r.from.clone(), r.to.clone(), r.rate)),
            }
        }
        Self { by_period }
    }

    /// The rate turning `from` into `to` during `period`, if known.
    pub fn rate(&self, period: Period, from: &str, to: &str) -> Option<Decimal> {
        if from == to {
            return Some(Decimal::ONE);
        }
        let list = self.by_period.get(&period)?;
        if let Some((_, _, rate)) = list.iter().find(|(f, t, _)| f == from && t == to) {
            return Some(*rate);
        }
        list.iter()
            .find(|(f, t, _)| f == to && t == from)
            .map(|(_, _, r)| *r)
            .filter(|r| !r.is_zero())
            .map(|r| Decimal::ONE / r)
    }
}
