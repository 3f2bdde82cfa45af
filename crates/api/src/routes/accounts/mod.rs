//! Accounts (companies sold to) with industry, headcount, segment, region and
//! their fit against the tenant's ideal customer profile, which owners and
//! admins edit. Scores are stored and recomputed whenever an account or the
//! profile changes.

pub mod create;
pub mod get;
pub mod icp;
pub mod icp_replace;
pub mod list;
pub mod update;

use crate::error::ApiError;
use attain_db::{
    tenant::{
        accounts::{self, Account},
        teams,
    },
    DbError, TenantConn,
};
use attain_domain::{
    icp::{score as icp_score, AccountProfile, IcpCriterion},
    org::Segment,
    FieldError,
};

pub fn name_taken(error: DbError) -> ApiError {
    if error.is_unique_violation("accounts_unique_name") {
        ApiError::conflict("taken", "Another account already has this name.").with_field("name")
    } else if error.is_unique_violation("accounts_external_id_key") {
        ApiError::conflict("taken", "Another account already has this external id.")
            .with_field("external_id")
    } else {
        error.into()
    }
}

/// The tenant's profile as domain criteria (rows that no longer parse are skipped).
pub fn profile(t: &mut TenantConn<'_>) -> Result<Vec<IcpCriterion>, DbError> {
    Ok(accounts::criteria(t)?
        .into_iter()
        .filter_map(|row| {
            Some(IcpCriterion {
                attribute: row.attribute.parse().ok()?,
                value: row.value,
                weight: row.weight,
            })
        })
        .collect())
}

pub fn score(criteria: &[IcpCriterion], account: &Account) -> i32 {
    icp_score(
        criteria,
        &AccountProfile {
            industry: account.industry.clone(),
            segment: account.segment.parse::<Segment>().ok(),
            region_id: account.region_id.map(|r| r.to_string()),
            employees: account.employees,
        },
    )
}

/// Checks that `region_id` names a region (a team of kind region).
pub fn ensure_region(t: &mut TenantConn<'_>, region_id: uuid::Uuid) -> Result<(), ApiError> {
    match teams::find_for_update(t, region_id)? {
        Some(team) if team.kind == "region" => Ok(()),
        _ => Err(FieldError::new("region_id", "is not a region of your company").into()),
    }
}
