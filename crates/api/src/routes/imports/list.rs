//! `GET /api/v1/imports`: the company's imports, newest first.

use crate::{auth::Principal, error::ApiError, pagination::{PageQuery, Paged}, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::imports::{self, Import};
use attain_domain::Capability;

#[get("/imports")]
pub async fn handler(state: web::Data<AppState>, principal: Principal, page: web::Query<PageQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, page.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, page: PageQuery) -> Result<Paged<Import>, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| imports::list(t, page.per_page(), page.offset()))
        .await?;
    Ok(Paged::new(items, &page, total))
}
