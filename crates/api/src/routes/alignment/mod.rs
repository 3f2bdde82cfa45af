//! Alignment: is the sales organisation on course for the company's goals?
//! Owners, admins, executives and managers read the snapshot the worker
//! keeps (every revenue goal's pace, forecast and alignment score), and
//! the company's management maturity; owners and admins set the target mix
//! of product priorities the score compares pipeline and bookings against.
pub mod maturity;
pub mod snapshot;
pub mod target_mix_get;
pub mod target_mix_put;

use crate::{auth::Principal, error::ApiError};
use attain_domain::Role;

/// Alignment shows every rep's figures: owners, admins, executives and
/// managers only; `what` is refused to anyone else.
pub fn require_reader(principal: &Principal, what: &str) -> Result<(), ApiError> {
    if matches!(
        principal.role,
        Role::Owner | Role::Admin | Role::Executive | Role::Manager
    ) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "{what} is read by owners, admins, executives and managers."
        )))
    }
}
