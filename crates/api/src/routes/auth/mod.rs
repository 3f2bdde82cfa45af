//! Login, logout, the current session and switching tenants.
pub mod login;
pub mod logout;
pub mod session;
pub mod switch_tenant;
