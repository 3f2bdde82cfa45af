//! Pure domain types of Attain: validated inputs, roles and what they may do,
//! tenant schema names, the sales organisation, pipeline, goals and the KPI
//! arithmetic. No IO lives here.

pub mod activity;
pub mod deal;
pub mod goal;
pub mod icp;
pub mod kpi;
pub mod org;
pub mod period;
pub mod role;
pub mod sales_model;
pub mod scorecard;
pub mod signup;
pub mod task;
pub mod tenant;
pub mod validation;

pub use role::{Capability, Role};
pub use tenant::{SchemaName, TenantRef};
pub use validation::FieldError;
