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
    round_half_away(amount, minor_units(currency))
}

/// `amount` rounded half away from zero to `dp` places, at exactly that
/// scale. Integer arithmetic on the mantissa when it fits, the decimal
/// library's rounding otherwise: both give the same digits, sign and scale.
fn round_half_away(amount: Decimal, dp: u32) -> Decimal {
    let scale = amount.scale();
    let mantissa = amount.mantissa();
    let rounded = if mantissa == 0 {
        None
    } else if scale <= dp {
        POWERS_OF_TEN
            .get((dp - scale) as usize)
            .and_then(|factor| mantissa.checked_mul(*factor))
    } else {
        POWERS_OF_TEN
            .get((scale - dp) as usize)
            .map(|divisor| divide_half_away(mantissa, *divisor))
    };
    // A zero (which may carry a sign) is left to the library.
    match rounded.and_then(|m| Decimal::try_from_i128_with_scale(m, dp).ok()) {
        Some(out) => out,
        None => amount
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
            .normalize_to(dp),
    }
}

/// 10^0 to 10^38, every power an `i128` holds.
const POWERS_OF_TEN: [i128; 39] = {
    let mut powers = [1i128; 39];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// `numerator ÷ divisor` rounded half away from zero; `divisor` > 0.
fn divide_half_away(numerator: i128, divisor: i128) -> i128 {
    let quotient = numerator / divisor;
    let remainder = (numerator % divisor).unsigned_abs();
    if remainder >= divisor.unsigned_abs() - remainder {
        quotient + numerator.signum()
    } else {
        quotient
    }
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
    round_half_away(pct, 2)
}

/// `value` as a percentage of `whole` (> 0), rounded as [`round_pct`]:
/// the exact quotient rounded once, in integers when the mantissas allow
/// (a line's attainment, thousands of times a statement).
pub fn pct_of(value: Decimal, whole: Decimal) -> Decimal {
    // value·100/whole in hundredths = mv·10^(4 + sw − sv) / mw.
    let shift = 4 + whole.scale() as i32 - value.scale() as i32;
    let power = POWERS_OF_TEN.get(shift.unsigned_abs() as usize).copied();
    let (numerator, divisor) = if shift >= 0 {
        (
            power.and_then(|p| value.mantissa().checked_mul(p)),
            Some(whole.mantissa()),
        )
    } else {
        (
            Some(value.mantissa()),
            power.and_then(|p| whole.mantissa().checked_mul(p)),
        )
    };
    let exact = match (numerator, divisor) {
        (Some(n), Some(d)) if n != 0 && d > 0 => {
            Decimal::try_from_i128_with_scale(divide_half_away(n, d), 2).ok()
        }
        _ => None,
    };
    match exact {
        Some(pct) => pct,
        None => round_pct(value * Decimal::ONE_HUNDRED / whole),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The library's rounding, which the integer paths must equal.
    fn library_round(amount: Decimal, dp: u32) -> Decimal {
        amount
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
            .normalize_to(dp)
    }

    fn decimal(mantissa: i128, scale: u32) -> Decimal {
        Decimal::from_i128_with_scale(mantissa, scale)
    }

    proptest! {
        #[test]
        fn integer_rounding_gives_the_library_s_digits_sign_and_scale(
            mantissa in -(1i128 << 95)..(1i128 << 95),
            small in -100_000i128..100_000,
            scale in 0u32..=28,
            dp in 0u32..=3,
        ) {
            for m in [mantissa, small] {
                let amount = decimal(m, scale);
                prop_assert_eq!(
                    round_half_away(amount, dp).serialize(),
                    library_round(amount, dp).serialize(),
                    "{} to {} places", amount, dp
                );
            }
        }

        #[test]
        fn a_percentage_is_the_library_s_quotient_rounded(
            value in -(1i128 << 70)..(1i128 << 70),
            value_scale in 0u32..=12,
            whole in 1i128..(1i128 << 60),
            whole_scale in 0u32..=6,
        ) {
            let (value, whole) = (decimal(value, value_scale), decimal(whole, whole_scale));
            prop_assert_eq!(
                pct_of(value, whole).serialize(),
                library_round(value * Decimal::ONE_HUNDRED / whole, 2).serialize(),
                "{} of {}", value, whole
            );
        }
    }

    #[test]
    fn halves_round_away_from_zero() {
        let cases = [
            ("0.005", 2, "0.01"),
            ("-0.005", 2, "-0.01"),
            ("0.0049999", 2, "0.00"),
            ("-0.004", 2, "0.00"),
            ("12.5", 0, "13"),
            ("7", 2, "7.00"),
            ("1.0005", 3, "1.001"),
        ];
        for (amount, dp, expected) in cases {
            let amount: Decimal = amount.parse().unwrap();
            assert_eq!(round_half_away(amount, dp).to_string(), expected);
            assert_eq!(library_round(amount, dp).to_string(), expected);
        }
        let pct = |v: &str, w: &str| pct_of(v.parse().unwrap(), w.parse().unwrap()).to_string();
        assert_eq!(pct("1", "3"), "33.33");
        assert_eq!(pct("2", "3"), "66.67");
        assert_eq!(pct("150000", "100000"), "150.00");
        assert_eq!(pct("0.00005", "1"), "0.01");
        assert_eq!(pct("-1", "3"), "-33.33");
    }
}
