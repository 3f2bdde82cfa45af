//! Any path no page claims.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_actix::ResponseOptions>() {
        response.set_status(actix_web::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found · Attain"/>
        <div class="public">
            <div class="auth-card card">
                <h1>"This page does not exist"</h1>
                <p class="muted">"The link may be old, or mistyped."</p>
                <a class="btn btn-primary" href="/">"Go to the start page"</a>
            </div>
        </div>
    }
}
