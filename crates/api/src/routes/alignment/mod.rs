//! Alignment: is the sales organisation on course for the company's goals?
//! Owners, admins, executives and managers read the snapshot the worker
//! keeps (every revenue goal's pace, forecast and alignment score), and
//! the company's management maturity.
pub mod maturity;
pub mod snapshot;
