//! One test binary (one link) with a module per area.

mod activities_tasks;
mod alignment;
mod billing;
mod browser;
mod browser_billing;
mod browser_commissions;
mod browser_comp_admin;
mod browser_live;
mod browser_sales;
mod browser_work;
mod commissions;
mod comp_plans;
mod events;
mod goals;
mod imports;
mod isolation;
mod live;
mod migrate;
mod observability;
mod openapi;
mod roles;
mod sales_data;
mod scorecards;
mod sessions;
mod signup;
mod teams;
