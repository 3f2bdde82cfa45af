//! `GET /api/v1/deals/{deal_id}`.

use super::visible_to;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals;
use attain_domain::Capability;
use uuid::Uuid;

#[get("/deals/{deal_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let deal_id = path.into_inner();
    let deal = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| deals::find(t, deal_id))
        .await?
        .filter(|deal| visible_to(&principal, deal))
        .ok_or_else(|| ApiError::not_found("deal"))?;
    Ok(HttpResponse::Ok().json(deal))
}
