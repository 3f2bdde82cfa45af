//! Invitation links.
pub mod accept;
pub mod create;
