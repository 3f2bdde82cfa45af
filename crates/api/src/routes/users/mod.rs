//! Members of the tenant.
pub mod list;
pub mod update;
