//! The tenant's pipeline: ordered stages with win probabilities, each open,
//! won or lost, in the new-business or the retention pipeline. Everyone who
//! reads deals sees them; owners and admins change them.

pub mod create;
pub mod list;
pub mod update;

use crate::error::ApiError;
use attain_db::DbError;

pub fn key_taken(error: DbError) -> ApiError {
    if error.is_unique_violation("stages_key_key") {
        ApiError::conflict("taken", "Another stage already has this key.").with_field("key")
    } else {
        error.into()
    }
}
