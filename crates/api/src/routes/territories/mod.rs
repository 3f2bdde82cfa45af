//! Territories: a region, a segment and named accounts, owned by a person.
//! Everyone who reads sales data sees them; owners and admins change them.

pub mod create;
pub mod list;
pub mod update;

use crate::{
    error::ApiError, routes::accounts::ensure_region, routes::deals::ensure_active_person,
};
use attain_db::{schema::tenant::accounts, tenant::territories::Territory, DbError, TenantConn};
use attain_domain::FieldError;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TerritoryView {
    #[serde(flatten)]
    pub territory: Territory,
    /// The named accounts in it.
    pub account_ids: Vec<Uuid>,
}

pub fn name_taken(error: DbError) -> ApiError {
    if error.is_unique_violation("territories_unique_name") {
        ApiError::conflict("taken", "Another territory already has this name.").with_field("name")
    } else {
        error.into()
    }
}

/// Checks references, then makes `account_ids` exactly the territory's named accounts.
pub fn check_and_assign(
    t: &mut TenantConn<'_>,
    territory: &Territory,
    account_ids: Option<&[Uuid]>,
) -> Result<Vec<Uuid>, ApiError> {
    if let Some(region) = territory.region_id {
        ensure_region(t, region)?;
    }
    if let Some(owner) = territory.owner_id {
        ensure_active_person(t, "owner_id", owner)?;
    }
    if let Some(ids) = account_ids {
        let known: i64 = accounts::table
            .filter(accounts::id.eq_any(ids))
            .count()
            .get_result(t.conn())?;
        if known != ids.len() as i64 {
            return Err(FieldError::new(
                "account_ids",
                "names accounts that are not your company's",
            )
            .into());
        }
        diesel::update(accounts::table.filter(accounts::territory_id.eq(territory.id)))
            .set(accounts::territory_id.eq(None::<Uuid>))
            .execute(t.conn())?;
        diesel::update(accounts::table.filter(accounts::id.eq_any(ids)))
            .set(accounts::territory_id.eq(Some(territory.id)))
            .execute(t.conn())?;
    }
    named_accounts(t, territory.id)
}

/// The named accounts of a territory, by name.
pub fn named_accounts(t: &mut TenantConn<'_>, territory_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    Ok(accounts::table
        .filter(accounts::territory_id.eq(territory_id))
        .order(accounts::name)
        .select(accounts::id)
        .load(t.conn())?)
}
