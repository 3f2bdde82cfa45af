//! `imports` in a tenant schema.
