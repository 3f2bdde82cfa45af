//! Pieces the sales pages share: feedback after an action (one toast, and a
//! refresh of the page's data), an editor that opens over the page, the ICP
//! score bar, pagination that keeps the filters, and what someone without
//! access to sales data sees.

use crate::{
    model::{role_label, SessionInfo},
    problem::Problem,
    sales_model::query_string,
};
use leptos::prelude::*;

/// The outcome of a page's actions: the latest success message, and a
/// counter the page's resources follow so they reload after a change.
#[derive(Debug, Clone, Copy)]
pub struct Feedback {
    pub toast: RwSignal<Option<String>>,
    pub refresh: RwSignal<usize>,
}

impl Default for Feedback {
    fn default() -> Self {
        Self::new()
    }
}

impl Feedback {
    /// New feedback for a page, provided to its editors (which close
    /// when the page's data reloads after a save).
    pub fn new() -> Self {
        let feedback = Self {
            toast: RwSignal::new(None),
            refresh: RwSignal::new(0),
        };
        provide_context(feedback);
        feedback
    }

    /// After `action` succeeds: shows `message` and reloads the page's data.
    /// After a version conflict: reloads too, so a retry uses fresh data.
    /// Failures otherwise leave the form as it is, its errors beside it.
    pub fn watch<I, O>(self, action: ServerAction<I>, message: impl Fn(&O) -> String + 'static)
    where
        I: leptos::server_fn::ServerFn<Output = O, Error = Problem> + Clone + Send + Sync + 'static,
        O: Clone + Send + Sync + 'static,
    {
        let Feedback { toast, refresh } = self;
        Effect::new(move |_| match action.value().get() {
            Some(Ok(value)) => {
                toast.set(Some(message(&value)));
                refresh.update(|n| *n += 1);
            }
            Some(Err(problem)) if problem.code == "version_conflict" => {
                toast.set(None);
                refresh.update(|n| *n += 1);
            }
            _ => {}
        });
        Effect::new(move |_| {
            if action.pending().get() {
                toast.set(None);
            }
        });
    }
}

/// Where the latest success message of the page appears.
#[component]
pub fn Toast(feedback: Feedback) -> impl IntoView {
    let toast = feedback.toast;
    view! {
        <div class="toast-region" aria-live="polite">
            {move || toast.get().map(|message| view! {
                <div class="toast toast-success toast-dismissable" role="status" data-testid="toast">
                    <span>{message}</span>
                    <button type="button" class="toast-close" aria-label="Dismiss" on:click=move |_| toast.set(None)>"×"</button>
                </div>
            })}
        </div>
    }
}

/// A button that opens `children` in a panel over the page. Closing: the
/// backdrop, or the page's data reloading after a successful save (the
/// page's [`Feedback`]); after a failed save it stays open, errors shown.
#[component]
pub fn Editor(
    #[prop(into)] label: String,
    #[prop(into)] title: String,
    #[prop(default = "btn btn-secondary btn-small")] class: &'static str,
    #[prop(optional, into)] testid: String,
    /// Opens the editor while it holds: its form's last error, so the error
    /// shows even after a plain (no-JavaScript) post came back with it.
    #[prop(optional, into)]
    open_when: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    if let Some(feedback) = use_context::<Feedback>() {
        let refresh = feedback.refresh;
        Effect::new(move |previous: Option<usize>| {
            let now = refresh.get();
            if previous.is_some_and(|p| p != now) {
                if let Some(element) = details.get_untracked() {
                    let _ = element.remove_attribute("open");
                }
            }
            now
        });
    }
    let aria = title.clone();
    view! {
        <details class="editor" node_ref=details open=move || open_when.is_some_and(|open| open.get())>
            <summary class=class data-testid=testid>{label}</summary>
            <div class="editor-panel" role="dialog" aria-label=aria>
                <h2 class="editor-title">{title}</h2>
                {children()}
            </div>
        </details>
    }
}

/// The ICP fit as a bar and a number, coloured by band.
#[component]
pub fn ScoreBar(score: i32) -> impl IntoView {
    let band = match score {
        70.. => "score score-high",
        40..=69 => "score score-mid",
        _ => "score score-low",
    };
    let width = format!("--score: {}%", score.clamp(0, 100));
    view! {
        <span class=band title=format!("ICP fit {score} of 100")>
            <span class="score-track" aria-hidden="true"><span class="score-fill" style=width></span></span>
            <span class="score-value">{score.to_string()}</span>
        </span>
    }
}

/// Previous / next links that keep the page's filters.
#[component]
pub fn PageLinks(
    path: &'static str,
    /// The filters, as (query key, value); empty values are left out.
    params: Vec<(&'static str, String)>,
    page: i64,
    last_page: i64,
    total: i64,
    noun: &'static str,
) -> impl IntoView {
    let href = move |to: i64| {
        let to = to.to_string();
        let mut pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.push(("page", if to == "1" { "" } else { to.as_str() }));
        format!("{path}{}", query_string(&pairs))
    };
    view! {
        <nav class="pagination" aria-label="Pagination">
            <span class="page-info">{format!("Page {page} of {last_page} · {total} {noun}")}</span>
            <span class="row">
                {(page > 1).then(|| view! { <a class="btn btn-secondary btn-small" href=href(page - 1) rel="prev">"Previous"</a> })}
                {(page < last_page).then(|| view! { <a class="btn btn-secondary btn-small" href=href(page + 1) rel="next">"Next"</a> })}
            </span>
        </nav>
    }
}

/// What a billing admin sees on a sales page; the server refuses the calls too.
#[component]
pub fn NoSalesAccess(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Sales data is not part of your role"</h3>
            <p>{format!("You are signed in as {} in {}: you manage the subscription.", role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app">"Back to home"</a>
        </div>
    }
}

/// An empty list, with what to do about it.
#[component]
pub fn Empty(title: &'static str, #[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="empty">
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 7h16M4 12h10M4 17h7" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/></svg>
            <h3>{title}</h3>
            <p>{text}</p>
        </div>
    }
}

/// A problem loading the page's data.
#[component]
pub fn LoadError(problem: Problem) -> impl IntoView {
    view! { <div class="form-error" role="alert">{problem.message}</div> }
}

/// True while `problem` holds an error (for [`Editor`]'s `open_when`).
pub fn failed(problem: Signal<Option<Problem>>) -> Signal<bool> {
    Signal::derive(move || problem.get().is_some())
}

/// Whether the caller may create and change deals and accounts.
pub fn edits_deals(info: &SessionInfo) -> bool {
    matches!(info.role.as_str(), "owner" | "admin" | "manager" | "rep")
}

/// Whether the caller may change any deal (and name its owner).
pub fn edits_any_deal(info: &SessionInfo) -> bool {
    matches!(info.role.as_str(), "owner" | "admin" | "manager")
}
