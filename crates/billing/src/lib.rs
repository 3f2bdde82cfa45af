//! Billing rules shared by the API, the worker and the Stripe stand-in,
//! with no IO:
//!
//! - [`tier`]: the tiers, their per-seat prices in minor units and seat
//!   limits;
//! - [`status`]: Stripe's subscription states;
//! - [`entitlement`]: what a tenant may do in each state (everything, a grace
//!   period with a banner, or read-only), never deleting data;
//! - [`signature`]: the `Stripe-Signature` header, signed and verified over
//!   the raw body with several secrets accepted during a rotation;
//! - [`idempotency`]: keys derived from the business operation, so a retried
//!   call never creates a second customer or subscription.

pub mod entitlement;
pub mod idempotency;
pub mod signature;
pub mod status;
pub mod tier;

pub use entitlement::{entitlement, Access, BillingState};
pub use status::SubscriptionStatus;
pub use tier::{Interval, Tier};
