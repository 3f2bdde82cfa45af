//! `GET /api/v1/users`: members of the company, paginated.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::control::memberships;
use attain_domain::Capability;

#[get("/users")]
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
) -> Result<Paged<memberships::Member>, ApiError> {
    principal.require(Capability::ManageUsers)?;
    let tenant_id = principal.tenant.id;
    let (items, total) = state
        .db
        .run(move |conn| memberships::list_members(conn, tenant_id, page.per_page(), page.offset()))
        .await?;
    Ok(Paged::new(items, &page, total))
}
