//! `POST /api/v1/auth/logout`: ends the session on the server and clears the cookies.

use crate::{
    auth::{cleared_cookies, Principal, Via},
    error::ApiError,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    operation_id = "auth_logout",
    summary = "Sign out.",
    description = "Ends the session on the server and clears the cookies.",
    responses(
        (status = 204, description = "Signed out; the cookies are cleared."),
        (status = 400, description = "Called with an API token, which has no session (`not_a_session`).", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "No valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = [])),
)]
#[post("/auth/logout")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let Via::Session { id, .. } = &principal.via else {
        return Err(ApiError::bad_request(
            "not_a_session",
            "API tokens have no session to end; revoke the token instead.",
        ));
    };
    state.cache.destroy_session(id).await?;
    let [session, csrf] = cleared_cookies();
    Ok(HttpResponse::NoContent()
        .cookie(session)
        .cookie(csrf)
        .finish())
}
