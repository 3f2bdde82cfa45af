//! One module per endpoint, grouped by resource.

pub mod accounts;
pub mod activities;
pub mod audit;
pub mod auth;
pub mod comp;
pub mod comp_runs;
pub mod deals;
pub mod disputes;
pub mod events;
pub mod goals;
pub mod health;
pub mod imports;
pub mod invitations;
pub mod kpis;
pub mod openapi;
pub mod people;
pub mod products;
pub mod sales_model;
pub mod signup;
pub mod stages;
pub mod statements;
pub mod tasks;
pub mod teams;
pub mod territories;
pub mod tokens;
pub mod users;
