//! Shared arithmetic: rounding of figures people see, and percentiles.
//!
//! Two percentile definitions, each used where it fits:
//! - [`percentile`] (unweighted, inside a team): linear interpolation between
//!   closest ranks, the "type 7" of Hyndman & Fan that spreadsheets call
//!   `PERCENTILE.INC`: rank `h = (n − 1)·p` counted from 0, then
//!   `v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])`.
//! - [`weighted_percentile`] (across tenants): each value sits at the middle
//!   of its share of the total weight, `c_i = (W_{<i} + w_i / 2) / W`;
//!   below the first midpoint the answer is the smallest value, above the
//!   last the largest, in between it is linear between the two neighbouring
//!   midpoints. With equal weights this is the "type 5" (Hazen) definition.

use rust_decimal::{prelude::ToPrimitive, Decimal, RoundingStrategy};

/// Money shown to people: two places, half away from zero.
pub fn round_money(amount: Decimal) -> Decimal {
    round_to(amount, 2)
}

/// Ratios and probabilities: four places.
pub fn round_ratio(ratio: Decimal) -> Decimal {
    round_to(ratio, 4)
}

/// Scores (0–100) and day counts: one place.
pub fn round_score(score: Decimal) -> Decimal {
    round_to(score, 1)
}

/// Rounds half away from zero and fixes the scale, so equal figures
/// serialise identically.
pub fn round_to(value: Decimal, places: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(places);
    rounded
}

/// `numerator / denominator`, or `None` when the denominator is zero.
pub fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        None
    } else {
        numerator.checked_div(denominator)
    }
}

/// The `p`-th percentile (`p` in 0..=1) of `values`, type 7; `None` when empty.
pub fn percentile(values: &[Decimal], p: Decimal) -> Option<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let last = sorted.len().checked_sub(1)?;
    let rank = Decimal::from(last) * p.clamp(Decimal::ZERO, Decimal::ONE);
    let below = rank.floor();
    let index = below.to_usize()?.min(last);
    let low = sorted[index];
    let high = sorted[(index + 1).min(last)];
    Some(low + (rank - below) * (high - low))
}

/// The `p`-th weighted percentile (`p` in 0..=1) of `(value, weight)` pairs
/// with positive weights, by weight midpoints; `None` when empty or weightless.
pub fn weighted_percentile(pairs: &[(Decimal, Decimal)], p: Decimal) -> Option<Decimal> {
    let mut sorted: Vec<(Decimal, Decimal)> = pairs
        .iter()
        .copied()
        .filter(|(_, w)| *w > Decimal::ZERO)
        .collect();
    sorted.sort();
    let total: Decimal = sorted.iter().map(|(_, w)| *w).sum();
    if total.is_zero() {
        return None;
    }
    let mut before = Decimal::ZERO;
    let midpoints: Vec<(Decimal, Decimal)> = sorted
        .iter()
        .map(|(value, weight)| {
            let midpoint = (before + *weight / Decimal::TWO) / total;
            before += *weight;
            (midpoint, *value)
        })
        .collect();
    let (first_mid, first_value) = *midpoints.first()?;
    let (last_mid, last_value) = *midpoints.last()?;
    if p <= first_mid {
        return Some(first_value);
    }
    if p >= last_mid {
        return Some(last_value);
    }
    midpoints.windows(2).find_map(|pair| {
        let ((low_mid, low_value), (high_mid, high_value)) = (pair[0], pair[1]);
        (p >= low_mid && p <= high_mid).then(|| {
            if high_mid == low_mid {
                low_value
            } else {
                low_value + (high_value - low_value) * (p - low_mid) / (high_mid - low_mid)
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn type_seven_percentile_interpolates_between_ranks() {
        let values = [dec!(40), dec!(10), dec!(30), dec!(20)];
        assert_eq!(percentile(&values, dec!(0.5)), Some(dec!(25)));
        assert_eq!(percentile(&values, dec!(0.75)), Some(dec!(32.5)));
        assert_eq!(percentile(&values, dec!(0.25)), Some(dec!(17.5)));
        assert_eq!(percentile(&[dec!(7)], dec!(0.9)), Some(dec!(7)));
        assert_eq!(percentile(&[], dec!(0.5)), None);
    }

    #[test]
    fn weighted_percentile_uses_weight_midpoints() {
        // Equal weights: midpoints at 0.125, 0.375, 0.625, 0.875.
        let equal = [
            (dec!(10), dec!(1)),
            (dec!(20), dec!(1)),
            (dec!(30), dec!(1)),
            (dec!(40), dec!(1)),
        ];
        assert_eq!(weighted_percentile(&equal, dec!(0.5)), Some(dec!(25)));
        assert_eq!(weighted_percentile(&equal, dec!(0.25)), Some(dec!(15)));
        assert_eq!(weighted_percentile(&equal, dec!(0.9)), Some(dec!(40)));
        // A heavy value pulls the median towards itself: midpoints 0.1, 0.6.
        let heavy = [(dec!(10), dec!(1)), (dec!(20), dec!(4))];
        assert_eq!(weighted_percentile(&heavy, dec!(0.5)), Some(dec!(18)));
        assert_eq!(weighted_percentile(&[], dec!(0.5)), None);
    }

    #[test]
    fn rounding_is_half_away_from_zero_at_a_fixed_scale() {
        assert_eq!(round_money(dec!(2.005)).to_string(), "2.01");
        assert_eq!(round_money(dec!(-2.005)).to_string(), "-2.01");
        assert_eq!(round_ratio(dec!(1)).to_string(), "1.0000");
    }
}
