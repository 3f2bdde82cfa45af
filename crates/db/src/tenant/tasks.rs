//! `tasks` in a tenant schema.
