//! Alignment: is the sales organisation on course for the company's goals?
//! Owners, admins, executives and managers read the snapshot the worker
//! keeps (every revenue goal's pace, forecast and alignment score), and
//! the company's management maturity; owners and admins set the target mix
//! of product priorities the score compares pipeline and bookings against.
pub mod maturity;
pub mod snapshot;
pub mod target_mix_get;
pub mod target_mix_put;
