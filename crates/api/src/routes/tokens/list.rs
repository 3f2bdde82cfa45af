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
