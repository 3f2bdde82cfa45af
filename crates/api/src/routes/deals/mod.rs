//! Deals. Reps see and change the deals they own or share through a split;
//! managers, admins and owners see and change all; executives read. Moving a
//! deal to another stage records a milestone (when, from, to, by whom).

pub mod create;
pub mod get;
pub mod list;
pub mod milestones;
pub mod reverse;
pub mod update;

use crate::{auth::Principal, error::ApiError};
use attain_db::{
    tenant::{
        deals::{self, Deal, Line, Split},
        people, products,
        stages::{self, Stage},
    },
    TenantConn,
};
use attain_domain::{
    deal::{check_splits, parse_amount, DealStatus},
    Capability, FieldError, Role,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

/// Reads an amount sent as a JSON string ("4800.00") or number (4800.5)
/// without passing through a float.
pub fn amount_from_json(value: &serde_json::Value) -> Result<Decimal, FieldError> {
    decimal_from_json("amount", value).and_then(parse_amount)
}

pub fn decimal_from_json(
    field: &'static str,
    value: &serde_json::Value,
) -> Result<Decimal, FieldError> {
    let example = || FieldError::new(field, "must be a decimal number such as \"4800.00\"");
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(example()),
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| example())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitInput {
    pub person_id: Uuid,
    /// Percent of the credit, e.g. "60"; a deal's splits add up to 100.
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub share: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    pub product_id: Uuid,
    #[schema(value_type = crate::openapi::DecimalInput)]
    pub quantity: serde_json::Value,
    /// Defaults to the product's list price.
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub unit_price: Option<serde_json::Value>,
}

/// A deal with its credit splits and product lines.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DealView {
    #[serde(flatten)]
    pub deal: Deal,
    pub splits: Vec<Split>,
    pub lines: Vec<Line>,
}

/// The caller's person in this company, when they have one.
pub fn caller_person(
    t: &mut TenantConn<'_>,
    principal: &Principal,
) -> Result<Option<Uuid>, ApiError> {
    Ok(people::for_user(t, principal.user_id)?.map(|p| p.id))
}

/// Whether the caller sees every deal (a rep sees only their own and shared).
pub fn sees_all(principal: &Principal) -> bool {
    principal.role != Role::Rep && principal.role.can(Capability::ViewDeals)
}

/// Loads `deal_id` if the caller may see it; otherwise 404.
pub fn visible_deal(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    deal_id: Uuid,
    for_update: bool,
) -> Result<Deal, ApiError> {
    let deal = if for_update {
        deals::find_for_update(t, deal_id)?
    } else {
        deals::find(t, deal_id)?
    }
    .ok_or_else(|| ApiError::not_found("deal"))?;
    if sees_all(principal) {
        return Ok(deal);
    }
    let me = caller_person(t, principal)?;
    let shares = deals::splits(t, deal_id)?;
    let mine = me.is_some_and(|me| deal.owner_id == me || shares.iter().any(|s| s.person_id == me));
    if mine {
        Ok(deal)
    } else {
        Err(ApiError::not_found("deal"))
    }
}

/// Refuses unless the caller may change deals they can see.
pub fn ensure_may_edit(principal: &Principal) -> Result<(), ApiError> {
    if principal.role.can(Capability::EditAnyDeal) {
        return Ok(());
    }
    principal.require(Capability::EditOwnDeals)
}

/// The stage to put a deal in: the one named, or the first active stage of
/// the kind a legacy `status` names, or the first open stage.
pub fn resolve_stage(
    t: &mut TenantConn<'_>,
    stage_id: Option<Uuid>,
    status: Option<DealStatus>,
) -> Result<Stage, ApiError> {
    let all = stages::all(t)?;
    if let Some(id) = stage_id {
        return all
            .into_iter()
            .find(|s| s.id == id && s.active)
            .ok_or_else(|| {
                FieldError::new("stage_id", "is not an active stage of your pipeline").into()
            });
    }
    let kind = status.unwrap_or(DealStatus::Open).as_str();
    all.into_iter()
        .find(|s| s.active && s.kind == kind && s.pipeline == "new_business")
        .ok_or_else(|| {
            FieldError::new(
                "stage_id",
                "your pipeline has no active stage for this deal",
            )
            .into()
        })
}

/// Checks that `person` exists and is active; `field` names it in the error.
pub fn ensure_active_person(
    t: &mut TenantConn<'_>,
    field: &'static str,
    person: Uuid,
) -> Result<(), ApiError> {
    match people::find(t, person)? {
        Some(p) if p.active => Ok(()),
        _ => Err(FieldError::new(field, "must be an active person of your company").into()),
    }
}

/// Validates splits (people exist, shares total 100) for `deal_id`.
pub fn splits_for(
    t: &mut TenantConn<'_>,
    deal_id: Uuid,
    inputs: &[SplitInput],
) -> Result<Vec<Split>, ApiError> {
    let mut splits = Vec::with_capacity(inputs.len());
    for input in inputs {
        let share = decimal_from_json("splits", &input.share)?;
        ensure_active_person(t, "splits", input.person_id)?;
        splits.push(Split {
            deal_id,
            person_id: input.person_id,
            share,
        });
    }
    let pairs: Vec<(Uuid, Decimal)> = splits.iter().map(|s| (s.person_id, s.share)).collect();
    check_splits(&pairs)?;
    Ok(splits)
}

/// Validates product lines: known active products in the deal's currency;
/// a missing unit price is the product's list price.
pub fn lines_for(
    t: &mut TenantConn<'_>,
    deal_id: Uuid,
    currency: &str,
    inputs: &[LineInput],
) -> Result<Vec<Line>, ApiError> {
    let mut lines = Vec::with_capacity(inputs.len());
    for (position, input) in inputs.iter().enumerate() {
        let product = products::find(t, input.product_id)?
            .filter(|p| p.active)
            .ok_or_else(|| {
                FieldError::new("lines", "names a product that is not in your catalogue")
            })?;
        if product.currency != currency {
            return Err(FieldError::new(
                "lines",
                format!(
                    "{} is priced in {}, the deal in {currency}",
                    product.name, product.currency
                ),
            )
            .into());
        }
        let quantity = decimal_from_json("lines", &input.quantity)?;
        if quantity <= Decimal::ZERO {
            return Err(FieldError::new("lines", "each quantity must be above zero").into());
        }
        let unit_price = match &input.unit_price {
            Some(value) => parse_amount(decimal_from_json("lines", value)?)
                .map_err(|e| FieldError::new("lines", e.message))?,
            None => product.list_price,
        };
        lines.push(Line {
            id: Uuid::new_v4(),
            deal_id,
            product_id: product.id,
            quantity,
            unit_price,
            position: position as i32,
        });
    }
    Ok(lines)
}

/// The amount product lines add up to.
pub fn lines_total(lines: &[Line]) -> Decimal {
    lines
        .iter()
        .map(|l| (l.quantity * l.unit_price).round_dp(2))
        .sum()
}
