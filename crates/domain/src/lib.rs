//! Pure domain types of Attain: validated inputs, roles and what they may do,
//! tenant schema names, deals and the KPI arithmetic. No IO lives here.

pub mod deal;
pub mod kpi;
pub mod role;
pub mod signup;
pub mod tenant;
pub mod validation;

pub use role::{Capability, Role};
pub use tenant::{SchemaName, TenantRef};
pub use validation::FieldError;
