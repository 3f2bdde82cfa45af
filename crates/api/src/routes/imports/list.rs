//! `GET /api/v1/imports`: the company's imports, newest first.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::imports::{self, Import};
use attain_domain::Capability;

#[utoipa::path(
    get,
    path = "/api/v1/imports",
    tag = "imports",
    operation_id = "imports_list",
    summary = "List imports.",
    description = "The company's imports, newest first.",
    params(crate::pagination::PageQuery),
    responses(
        (status = 200, description = "A page of imports.", body = crate::pagination::Paged<attain_db::tenant::imports::Import>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/imports")]
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
) -> Result<Paged<Import>, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            imports::list(t, page.per_page(), page.offset())
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
