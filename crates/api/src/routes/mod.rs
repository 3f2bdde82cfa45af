//! One module per endpoint, grouped by resource.

pub mod audit;
pub mod auth;
pub mod deals;
pub mod health;
pub mod invitations;
pub mod kpis;
pub mod signup;
pub mod teams;
pub mod tokens;
pub mod users;
