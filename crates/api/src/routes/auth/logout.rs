//! `POST /api/v1/auth/logout`: ends the session on the server and clears the cookies.

use crate::{
    auth::{cleared_cookies, Principal, Via},
    error::ApiError,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};

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
