//! One module per endpoint, grouped by resource.

pub mod accounts;
pub mod activities;
pub mod audit;
pub mod auth;
pub mod deals;
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
pub mod tasks;
pub mod teams;
pub mod territories;
pub mod tokens;
pub mod users;
