//! Deals. Reps see and change only the deals they own; managers, admins and
//! owners see and change all; executives read.

pub mod create;
pub mod get;
pub mod list;
pub mod update;

use crate::{auth::Principal, error::ApiError};
use attain_db::tenant::deals::Deal;
use attain_domain::{deal::parse_amount, Capability, FieldError};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Reads an amount sent as a JSON string ("4800.00") or number (4800.5)
/// without passing through a float.
pub fn amount_from_json(value: &serde_json::Value) -> Result<Decimal, FieldError> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => {
            return Err(FieldError::new(
                "amount",
                "must be a decimal amount such as \"4800.00\"",
            ))
        }
    };
    let amount = Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| FieldError::new("amount", "must be a decimal amount such as \"4800.00\""))?;
    parse_amount(amount)
}

/// Whether `principal` may see `deal` (a rep only their own).
pub fn visible_to(principal: &Principal, deal: &Deal) -> bool {
    principal.role.can(Capability::EditAnyDeal)
        || principal.role.can(Capability::ViewDeals) && principal.role != attain_domain::Role::Rep
        || deal.owner_user_id == principal.user_id
}

/// Refuses unless `principal` may change `deal`. Deals they cannot see are 404.
pub fn ensure_editable(principal: &Principal, deal: &Deal) -> Result<(), ApiError> {
    if !visible_to(principal, deal) {
        return Err(ApiError::not_found("deal"));
    }
    if principal.role.can(Capability::EditAnyDeal) {
        return Ok(());
    }
    principal.require(Capability::EditOwnDeals)?;
    if deal.owner_user_id != principal.user_id {
        return Err(ApiError::forbidden(
            "You can change only the deals you own.",
        ));
    }
    Ok(())
}
