//! `activities` in a tenant schema.
