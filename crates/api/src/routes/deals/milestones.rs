//! `GET /api/v1/deals/{deal_id}/milestones`: every stage change of the deal,
//! oldest first, with when, from, to and who.

use super::visible_deal;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals::{self, Milestone};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/deals/{deal_id}/milestones",
    tag = "deals",
    operation_id = "deals_milestones",
    summary = "A deal's stage history.",
    description = "Every stage change of the deal, oldest first, with when, from, to and who.",
    params(("deal_id" = uuid::Uuid, Path, description = "The deal's id.")),
    responses(
        (status = 200, description = "The milestones.", body = Vec<attain_db::tenant::deals::Milestone>),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such deal, or not one the caller may see.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/deals/{deal_id}/milestones")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    deal_id: Uuid,
) -> Result<Vec<Milestone>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Vec<Milestone>, ApiError> {
                visible_deal(t, &principal, deal_id, false)?;
                Ok(deals::milestones(t, deal_id)?)
            },
        )
        .await
}
