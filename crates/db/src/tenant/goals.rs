//! `goals` in a tenant schema.
