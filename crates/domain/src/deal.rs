//! Deals as the foundation knows them: a name, an owner, an amount in a
//! currency and a status. The sales-data capability extends this.

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

#[cfg(test)]
mod tests {
    use super::*;

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
