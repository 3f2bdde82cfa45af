//! Billing for Attain: the rules shared by the API, the worker and the
//! Stripe stand-in, which do no IO, and the Stripe client, which does.
//!
//! Pure:
//!
//! - [`tier`]: the tiers, their per-seat prices in minor units and seat
//!   limits;
//! - [`status`]: Stripe's subscription states;
//! - [`entitlement`](mod@entitlement): what a tenant may do in each state (everything, a grace
//!   period with a banner, or read-only), never deleting data;
//! - [`signature`]: the `Stripe-Signature` header, signed and verified over
//!   the raw body with several secrets accepted during a rotation;
//! - [`idempotency`]: keys derived from the business operation, so a retried
//!   call never creates a second customer or subscription.
//!
//! IO, only in [`client`]: [`StripeClient`] over async-stripe (customers,
//! Checkout, the customer portal, plan and seat changes with proration,
//! subscriptions and invoices), every creating or updating call with an
//! idempotency key; its failures are [`BillingError`].

pub mod client;
pub mod entitlement;
pub mod error;
pub mod idempotency;
pub mod signature;
pub mod status;
pub mod tier;

pub use client::{PriceIds, StripeClient, StripeConfig};
pub use entitlement::{entitlement, Access, BillingState};
pub use error::BillingError;
pub use status::SubscriptionStatus;
pub use tier::{Interval, Tier};
