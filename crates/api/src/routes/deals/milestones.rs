//! `GET /api/v1/deals/{deal_id}/milestones`: every stage change of the deal,
//! oldest first, with when, from, to and who.

use super::visible_deal;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals::{self, Milestone};
use attain_domain::Capability;
use uuid::Uuid;

#[get("/deals/{deal_id}/milestones")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, deal_id: Uuid) -> Result<Vec<Milestone>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Vec<Milestone>, ApiError> {
            visible_deal(t, &principal, deal_id, false)?;
            Ok(deals::milestones(t, deal_id)?)
        })
        .await
}
