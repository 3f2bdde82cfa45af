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
    principal.require(Capability::ManageApiTokens)?;
    let page = page.into_inner();
    let tenant_id = principal.tenant.id;
    let (items, total) = state
        .db
        .run(move |conn| tokens::list(conn, tenant_id, page.per_page(), page.offset()))
        .await?;
    Ok(HttpResponse::Ok().json(Paged::new(items, &page, total)))
}
