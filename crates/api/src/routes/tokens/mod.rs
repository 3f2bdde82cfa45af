//! API tokens for integrations.
pub mod create;
pub mod list;
pub mod revoke;
