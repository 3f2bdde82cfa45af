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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Such as deal.updated.
    pub action: Option<String>,
    pub actor_user_id: Option<Uuid>,
    /// Such as deal.
    pub target_type: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    operation_id = "audit_list",
    summary = "The audit log.",
    description = "Who changed what and when, newest first, filtered by action, actor and target type.",
    params(crate::pagination::PageQuery, AuditQuery),
    responses(
        (status = 200, description = "A page of audit entries.", body = crate::pagination::Paged<attain_db::control::audit::AuditEntry>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
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
