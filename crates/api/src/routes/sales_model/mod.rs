//! Sales-model templates chosen at onboarding (Hunter–Farmer, Solution
//! selling, Inbound, Account-based, Sales performance management) and the
//! tenant's choice.

pub mod apply;
pub mod list;
