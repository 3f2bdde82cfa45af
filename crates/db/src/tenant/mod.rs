//! Tenant repositories. Every function takes a [`crate::TenantConn`], so tenant
//! tables can only be reached inside a transaction entered into one tenant.

pub mod deals;
pub mod kpi_snapshots;
pub mod teams;
