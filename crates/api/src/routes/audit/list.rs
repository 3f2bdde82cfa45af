//! `GET /api/v1/audit?action=&actor_user_id=&target_type=&page=&per_page=`:
//! the company's audit log, newest first.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::control::audit::{self, AuditFilter};
use attain_domain::Capability;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub target_type: Option<String>,
}

#[get("/audit")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: AuditQuery,
) -> Result<Paged<audit::AuditEntry>, ApiError> {
    principal.require(Capability::ViewAuditLog)?;
    let filter = AuditFilter {
        action: query.action,
        actor_user_id: query.actor_user_id,
        target_type: query.target_type,
    };
    let tenant_id = principal.tenant.id;
    let (items, total) = state
        .db
        .run(move |conn| audit::list(conn, tenant_id, &filter, page.per_page(), page.offset()))
        .await?;
    Ok(Paged::new(items, &page, total))
}
