//! Deals: a name, an owner, an amount in a currency, a stage in the tenant's
//! pipeline (whose kind gives the status), a type, and credit splits.

use crate::validation::{bounded_text, FieldError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

impl FromStr for DealStatus {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(DealStatus::Open),
            "won" => Ok(DealStatus::Won),
            "lost" => Ok(DealStatus::Lost),
            _ => Err(FieldError::new("status", "must be open, won or lost")),
        }
    }
}

/// An ISO 4217 currency code such as `USD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Currency(String);

impl Currency {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(FieldError::new(
                "currency",
                "must be a three-letter ISO 4217 code such as USD or EUR",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Largest amount a deal may carry: fits `numeric(18,2)`.
const MAX_AMOUNT: i64 = 9_999_999_999_999_999;

/// A non-negative amount with at most two decimal places.
pub fn parse_amount(value: Decimal) -> Result<Decimal, FieldError> {
    if value.is_sign_negative() {
        return Err(FieldError::new("amount", "must not be negative"));
    }
    if value.normalize().scale() > 2 {
        return Err(FieldError::new(
            "amount",
            "must have at most two decimal places",
        ));
    }
    if value * Decimal::ONE_HUNDRED > Decimal::from(MAX_AMOUNT) {
        return Err(FieldError::new("amount", "is too large"));
    }
    Ok(value.round_dp(2))
}

pub fn parse_deal_name(raw: &str) -> Result<String, FieldError> {
    bounded_text("name", raw, 1, 200)
}

crate::org::text_enum!(
    /// Why the deal exists: a new logo, more from a customer, or keeping one.
    DealType, "deal_type", NewBusiness = "new_business", Expansion = "expansion", Renewal = "renewal"
);

crate::org::text_enum!(
    /// Which pipeline a stage belongs to: winning new business, or retaining
    /// customers (renewals, cross-sell and upsell).
    PipelineKind, "pipeline", NewBusiness = "new_business", Retention = "retention"
);

impl DealStatus {
    /// The status of a deal sitting in a stage of kind `kind`.
    pub fn of_stage_kind(kind: &str) -> Result<Self, FieldError> {
        kind.parse()
            .map_err(|_| FieldError::new("kind", "must be open, won or lost"))
    }
}

/// A stage key: lowercase letters, digits and underscores, starting with a letter.
pub fn parse_stage_key(raw: &str) -> Result<String, FieldError> {
    let key = raw.trim();
    let valid = (1..=40).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(key.to_owned())
    } else {
        Err(FieldError::new(
            "key",
            "must be 1 to 40 lowercase letters, digits or underscores, starting with a letter",
        ))
    }
}

pub fn parse_probability(value: i32) -> Result<i32, FieldError> {
    if (0..=100).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new("probability", "must be between 0 and 100"))
    }
}

/// Credit shares between reps. Shares are percentages with at most two
/// decimals, each above zero, one per person, together exactly 100.
pub fn check_splits<P: PartialEq + Copy>(shares: &[(P, Decimal)]) -> Result<(), FieldError> {
    if shares.is_empty() {
        return Ok(());
    }
    let mut total = Decimal::ZERO;
    for (index, (person, share)) in shares.iter().enumerate() {
        if *share <= Decimal::ZERO || *share > Decimal::ONE_HUNDRED {
            return Err(FieldError::new(
                "splits",
                "each share must be above 0 and at most 100",
            ));
        }
        if share.normalize().scale() > 2 {
            return Err(FieldError::new(
                "splits",
                "shares may have at most two decimal places",
            ));
        }
        if shares[..index].iter().any(|(other, _)| other == person) {
            return Err(FieldError::new(
                "splits",
                "each person may appear only once",
            ));
        }
        total += share;
    }
    if total != Decimal::ONE_HUNDRED {
        return Err(FieldError::new(
            "splits",
            format!("shares must total 100; these total {}", total.normalize()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_must_total_one_hundred() {
        let d = |v: i64| Decimal::new(v, 0);
        assert!(check_splits::<u8>(&[]).is_ok());
        assert!(check_splits(&[(1, d(60)), (2, d(40))]).is_ok());
        assert!(check_splits(&[
            (1, Decimal::new(3333, 2)),
            (2, Decimal::new(3333, 2)),
            (3, Decimal::new(3334, 2))
        ])
        .is_ok());
        let short = check_splits(&[(1, d(60)), (2, d(30))]).unwrap_err();
        assert!(short.message.contains("total 90"), "{}", short.message);
        assert!(check_splits(&[(1, d(50)), (1, d(50))]).is_err());
        assert!(check_splits(&[(1, d(100)), (2, d(0))]).is_err());
    }

    #[test]
    fn stage_keys_are_plain_identifiers() {
        assert_eq!(parse_stage_key(" closed_won "), Ok("closed_won".into()));
        assert!(parse_stage_key("Closed Won").is_err());
        assert!(parse_stage_key("9lives").is_err());
    }

    #[test]
    fn amounts_are_checked() {
        assert!(parse_amount(Decimal::new(-1, 0)).is_err());
        assert!(parse_amount(Decimal::new(1234, 3)).is_err());
        assert_eq!(
            parse_amount(Decimal::new(12340, 3)),
            Ok(Decimal::new(1234, 2))
        );
        assert!(parse_amount(Decimal::from(MAX_AMOUNT)).is_err());
    }

    #[test]
    fn currencies_are_normalised() {
        assert_eq!(Currency::parse("eur").map(|c| c.0), Ok("EUR".into()));
        assert!(Currency::parse("EURO").is_err());
    }
}
