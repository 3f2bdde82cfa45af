//! Server functions of the manager and admin compensation pages, and what
//! they return: the approvals queue (statements of a period, one statement
//! line by line, disputes with their threads), comp plans (versions, the
//! rules as a form, assignments) and payouts (totals by status, background
//! runs with progress, scenario results, quotas and exchange rates).
//!
//! Each function calls the same `run` as the matching `/api/v1` endpoint,
//! so permissions, validation and audit are the API's own. Amounts stay
//! decimal strings from the API to the page. A plan's rules can have many
//! problems at once (`invalid_plan` lists every one): saving answers them
//! as [`FieldProblem`]s in [`PlanSaved`] so the editor shows each next to
//! the input it names; other failures are the usual [`Problem`].
//!
//! [`model`] holds what the pages show, [`format`] the helpers both sides
//! use; the server functions are in [`approvals`], [`plans`] and
//! [`payouts`]; `convert` (with `rules` and `runs`) turns the API's views
//! into the models, on the server only.
#![allow(clippy::too_many_arguments)]

pub mod format;
pub mod model;

pub use format::*;
pub use model::*;

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

#[cfg(feature = "ssr")]
mod convert;
#[cfg(feature = "ssr")]
mod rules;
#[cfg(feature = "ssr")]
mod runs;

pub mod approvals;
pub mod payouts;
pub mod plans;

pub use approvals::*;
pub use payouts::*;
pub use plans::*;
