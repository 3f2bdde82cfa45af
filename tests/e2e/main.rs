//! One test binary (one link) with a module per area.

mod browser;
mod events;
mod isolation;
mod migrate;
mod observability;
mod roles;
mod sessions;
mod signup;
mod teams;
