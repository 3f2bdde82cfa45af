//! A toast confirming that an action succeeded, announced to screen readers.

use crate::problem::Problem;
use leptos::prelude::*;

/// Shows `message` after `action` last succeeded, until it runs again.
#[component]
pub fn SuccessToast<I, O>(action: ServerAction<I>, message: &'static str) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = Problem> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let succeeded = move || matches!(action.value().get(), Some(Ok(_))) && !action.pending().get();
    view! {
        <div class="toast-region" aria-live="polite">
            {move || succeeded().then(|| view! { <div class="toast toast-success" role="status">{message}</div> })}
        </div>
    }
}
