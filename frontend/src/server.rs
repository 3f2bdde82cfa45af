//! Server-side glue for server functions: the app state, the caller, opening
//! a session (cookies through Leptos' response options), and errors that
//! survive a plain (no-JavaScript) form post by riding back in the URL.

use crate::problem::Problem;
use actix_web::{http::header, web, HttpRequest};
use attain_api::{
    auth::{authenticate, open_session, session_cookies, Csrf, Entered, Principal, SESSION_COOKIE},
    AppState,
};
use leptos::server_fn::error::ServerFnUrlError;
use leptos_actix::ResponseOptions;

fn missing(what: &str) -> Problem {
    Problem {
        code: "internal_error".into(),
        message: format!("{what} is not available; please reload the page."),
        field: None,
    }
}

pub async fn request() -> Result<HttpRequest, Problem> {
    leptos_actix::extract::<HttpRequest>()
        .await
        .map_err(|_| missing("The request"))
}

pub async fn state() -> Result<web::Data<AppState>, Problem> {
    leptos_actix::extract::<web::Data<AppState>>()
        .await
        .map_err(|_| missing("The server state"))
}

/// The signed-in caller. `csrf` is the token a form or call carried; reads
/// (GET) need none.
pub async fn caller(csrf: Option<&str>) -> Result<(web::Data<AppState>, Principal), Problem> {
    let req = request().await?;
    let state = state().await?;
    let mode = csrf.map(Csrf::Given).unwrap_or(Csrf::FromHeader);
    let principal = authenticate(&req, mode).await?;
    Ok((state, principal))
}

pub fn client_ip(req: &HttpRequest) -> String {
    attain_api::auth::client_ip(req)
}

/// Opens a session for `entered`, sets its cookies and sends the browser to `to`.
pub async fn enter(state: &AppState, entered: Entered, to: &str) -> Result<(), Problem> {
    let req = request().await?;
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let (session_id, view) = open_session(state, old, entered).await?;
    let response = leptos::prelude::expect_context::<ResponseOptions>();
    for cookie in session_cookies(state, &session_id, &view.csrf_token) {
        if let Ok(value) = header::HeaderValue::from_str(&cookie.to_string()) {
            response.append_header(header::SET_COOKIE, value);
        }
    }
    leptos_actix::redirect(to);
    Ok(())
}

/// Sends the error back with a plain form post (the page shows it next to the
/// field); with JavaScript the error simply returns to the form.
pub async fn form_error(fn_path: &str, problem: Problem) -> Problem {
    if let Ok(req) = request().await {
        let plain_form = req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        let referer = req
            .headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok());
        if let (true, Some(referer)) = (plain_form, referer) {
            let mut back = referer.to_owned();
            ServerFnUrlError::<Problem>::strip_error_info(&mut back);
            if let Ok(url) = ServerFnUrlError::new(fn_path, problem.clone()).to_url(&back) {
                leptos_actix::redirect(url.as_str());
            }
        }
    }
    problem
}
