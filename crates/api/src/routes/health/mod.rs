//! Liveness and readiness probes.
pub mod healthz;
pub mod readyz;
