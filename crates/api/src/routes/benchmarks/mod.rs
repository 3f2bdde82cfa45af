//! Peer benchmarks: how the company compares with similar companies (by
//! industry and size) on win rate, deal size, cycle length, attainment and
//! activity. Give to get: a company sees the cohorts only while it takes
//! part; owners and admins switch that on or off.

pub mod participation;
pub mod view;
