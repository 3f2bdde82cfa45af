//! `GET /api/v1/deals?status=&owner_user_id=&page=&per_page=`: newest first.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals::{self, DealFilter};
use attain_domain::{deal::DealStatus, Capability, Role};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct DealQuery {
    pub status: Option<String>,
    pub owner_user_id: Option<Uuid>,
}

#[get("/deals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<DealQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let page = page.into_inner();
    let status: Option<DealStatus> = query.status.as_deref().map(str::parse).transpose()?;
    let owner_user_id = if principal.role == Role::Rep {
        Some(principal.user_id)
    } else {
        query.owner_user_id
    };
    let filter = DealFilter {
        status,
        owner_user_id,
    };
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            deals::list(t, &filter, page.per_page(), page.offset())
        })
        .await?;
    Ok(HttpResponse::Ok().json(Paged::new(items, &page, total)))
}
