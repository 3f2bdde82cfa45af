//! `GET /api/v1/deals/{deal_id}`: the deal with its splits and product lines.

use super::{visible_deal, DealView};
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
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, deal_id: Uuid) -> Result<DealView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<DealView, ApiError> {
            let deal = visible_deal(t, &principal, deal_id, false)?;
            Ok(DealView {
                splits: deals::splits(t, deal_id)?,
                lines: deals::lines(t, deal_id)?,
                deal,
            })
        })
        .await
}
