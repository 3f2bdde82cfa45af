//! Server functions of the performance pages: KPI scorecards, goals, tasks
//! and activities, and CSV imports (with [`model`], what they return). Like
//! [`crate::api`], each calls the same service (`run`) as the matching
//! `/api/v1` endpoint, so permissions, validation and audit are the API's
//! own. Forms post one argument per field, so some functions take many.
#![allow(clippy::too_many_arguments)]

/// Runs `$body`; on error, hands the problem to the form (with or without JS).
#[cfg(feature = "ssr")]
macro_rules! form_call {
    ($fn_type:ty, $body:expr) => {{
        let result: Result<_, $crate::problem::Problem> = async { $body }.await;
        match result {
            Ok(value) => Ok(value),
            Err(problem) => Err($crate::server::form_error(
                <$fn_type as leptos::server_fn::ServerFn>::PATH,
                problem,
            )
            .await),
        }
    }};
}

pub mod alignment;
pub mod benchmarks;
pub mod coaching;
pub mod goals;
pub mod imports;
pub mod kpis;
pub mod model;
#[cfg(feature = "ssr")]
mod support;
pub mod work;

pub use goals::*;
pub use imports::*;
pub use kpis::*;
pub use work::*;
