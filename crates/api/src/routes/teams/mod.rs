//! Teams: the organisation as a tree. Everyone in sales sees it; owners and
//! admins change it.

pub mod create;
pub mod list;
pub mod update;

use crate::error::ApiError;
use attain_db::{control::memberships, TenantConn};
use attain_domain::FieldError;
use uuid::Uuid;

/// Refuses a manager who is not an active member of the tenant.
pub fn ensure_active_member(t: &mut TenantConn<'_>, user_id: Uuid) -> Result<(), ApiError> {
    let tenant_id = t.tenant_id();
    if memberships::find(t.conn(), tenant_id, user_id)?.is_some_and(|m| m.active) {
        Ok(())
    } else {
        Err(FieldError::new(
            "manager_user_id",
            "must be an active member of your company",
        )
        .into())
    }
}

pub fn name_taken(e: attain_db::DbError) -> ApiError {
    if e.is_unique_violation("teams_unique_name_per_parent") {
        ApiError::conflict(
            "team_name_taken",
            "Another team under the same parent already has this name.",
        )
        .with_field("name")
    } else {
        e.into()
    }
}
