//! Tenant repositories. Every function takes a [`crate::TenantConn`], so tenant
//! tables can only be reached inside a transaction entered into one tenant.

pub mod accounts;
pub mod activities;
pub mod alignment_inputs;
pub mod benchmark_inputs;
pub mod coaching_inputs;
pub mod comp_inputs;
pub mod comp_plans;
pub mod comp_statements;
pub mod deals;
pub mod goals;
pub mod imports;
pub mod kpi_snapshots;
pub mod maturity_inputs;
pub mod one_on_ones;
pub mod people;
pub mod priority_mix;
pub mod products;
pub mod scorecards;
pub mod stages;
pub mod tasks;
pub mod teams;
pub mod territories;
