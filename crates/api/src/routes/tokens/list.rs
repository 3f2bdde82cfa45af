//! `GET /api/v1/tokens`: the company's API tokens (never their secrets).

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::control::tokens;
use attain_domain::Capability;

#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "tokens",
    operation_id = "tokens_list",
    summary = "List API tokens.",
    description = "The company's API tokens, never their secrets.",
    params(crate::pagination::PageQuery),
    responses(
        (status = 200, description = "A page of tokens.", body = crate::pagination::Paged<attain_db::control::tokens::ApiToken>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/tokens")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, page.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
) -> Result<Paged<tokens::ApiToken>, ApiError> {
    principal.require(Capability::ManageApiTokens)?;
    let tenant_id = principal.tenant.id;
    let (items, total) = state
        .db
        .run(move |conn| tokens::list(conn, tenant_id, page.per_page(), page.offset()))
        .await?;
    Ok(Paged::new(items, &page, total))
}
