//! Server functions of the compensation pages: the rep's statement, what-if
//! and disputes ([`rep`]); approvals, plans, assignments, scenarios and
//! payouts ([`admin`]). Each calls the same `run` functions as the REST API.

pub mod admin;
pub mod rep;
