//! Form feedback: the message next to the field it concerns, and a banner for
//! problems that concern no single field.

use crate::problem::Problem;
use leptos::prelude::*;

/// The problem an action's last run returned, if any.
pub fn last_problem<T, S>(value: S) -> Signal<Option<Problem>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, Problem>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

#[component]
pub fn FieldError(problem: Signal<Option<Problem>>, field: &'static str) -> impl IntoView {
    move || {
        problem
            .get()
            .and_then(|p| p.for_field(field))
            .map(|message| view! { <p class="field-error" id=format!("{field}-error") role="alert">{message}</p> })
    }
}

/// A labelled input whose error (from `problem`) appears beneath it.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: Option<String>,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let invalid = move || {
        problem
            .get()
            .and_then(|p| p.for_field(name))
            .is_some()
            .then_some("true")
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-invalid=invalid
                aria-describedby=format!("{name}-error")
                required=true
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldError problem field=name/>
        </div>
    }
}

/// A banner for a problem no field claims (wrong password, rate limit, ...).
#[component]
pub fn FormError(
    problem: Signal<Option<Problem>>,
    #[prop(optional)] fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        problem
            .get()
            .filter(|p| p.field.as_deref().is_none_or(|f| !fields.contains(&f)))
            .map(|p| view! { <div class="form-error" role="alert">{p.message}</div> })
    }
}
