//! Previous / next links for any paginated list, driven by `?page=`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The `page` query parameter, 1 when absent or invalid.
pub fn current_page() -> Memo<i64> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse().ok())
            .filter(|p: &i64| *p >= 1)
            .unwrap_or(1)
    })
}

#[component]
pub fn Pagination(
    page: i64,
    last_page: i64,
    total: i64,
    #[prop(default = "items")] noun: &'static str,
) -> impl IntoView {
    view! {
        <nav class="pagination" aria-label="Pagination">
            <span class="page-info">{format!("Page {page} of {last_page} · {total} {noun}")}</span>
            <span class="row">
                {(page > 1).then(|| view! { <a class="btn btn-secondary btn-small" href=format!("?page={}", page - 1) rel="prev">"Previous"</a> })}
                {(page < last_page).then(|| view! { <a class="btn btn-secondary btn-small" href=format!("?page={}", page + 1) rel="next">"Next"</a> })}
            </span>
        </nav>
    }
}
