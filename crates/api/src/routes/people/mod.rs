//! People of the sales organisation: everyone who sells or manages, with a
//! team, a manager and a sales role, whether or not they log in. Everyone who
//! reads sales data sees the organisation; owners and admins change it.

pub mod create;
pub mod list;
pub mod update;

use crate::error::ApiError;
use attain_db::{
    tenant::{people, teams},
    DbError, TenantConn,
};
use attain_domain::FieldError;
use uuid::Uuid;

/// Checks `team_id` names a team of this company.
pub fn ensure_team(t: &mut TenantConn<'_>, team_id: Uuid) -> Result<(), ApiError> {
    if teams::find_for_update(t, team_id)?.is_none() {
        return Err(FieldError::new("team_id", "is not a team of your company").into());
    }
    Ok(())
}

/// Checks `manager_id` is a person, and that `person` is not above them.
pub fn ensure_manager(
    t: &mut TenantConn<'_>,
    person: Uuid,
    manager_id: Uuid,
) -> Result<(), ApiError> {
    if people::find(t, manager_id)?.is_none() {
        return Err(FieldError::new("manager_id", "is not a person of your company").into());
    }
    if people::reporting_to(t, person)?.contains(&manager_id) {
        return Err(FieldError::new(
            "manager_id",
            "reports to this person already (that would make a loop)",
        )
        .into());
    }
    Ok(())
}

/// A unique email or external id taken by someone else is a 409 naming the field.
pub fn person_taken(error: DbError) -> ApiError {
    if error.is_unique_violation("people_unique_email") {
        ApiError::conflict(
            "taken",
            "Someone in your organisation already has this email.",
        )
        .with_field("email")
    } else if error.is_unique_violation("people_external_id_key") {
        ApiError::conflict("taken", "Someone already has this external id.")
            .with_field("external_id")
    } else {
        error.into()
    }
}
