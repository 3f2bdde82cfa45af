//! Control-plane repositories: one module per table.

pub mod audit;
pub mod benchmarks;
pub mod billing;
pub mod inbox;
pub mod invitations;
pub mod memberships;
pub mod outbox;
pub mod tenants;
pub mod tokens;
pub mod users;
