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

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    operation_id = "users_list",
    summary = "List members.",
    description = "The company's members with their roles, paginated.",
    params(crate::pagination::PageQuery),
    responses(
        (status = 200, description = "A page of members.", body = crate::pagination::Paged<attain_db::control::memberships::Member>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
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
