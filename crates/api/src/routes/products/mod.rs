//! The product catalogue: name, category, list price and priority
//! (strategic, standard, loss leader). Everyone who reads sales data sees it;
//! owners and admins change it.

pub mod create;
pub mod list;
pub mod update;

use crate::error::ApiError;
use attain_db::DbError;

pub fn name_taken(error: DbError) -> ApiError {
    if error.is_unique_violation("products_unique_name") {
        ApiError::conflict("taken", "Another product already has this name.").with_field("name")
    } else {
        error.into()
    }
}
