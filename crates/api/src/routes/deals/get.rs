//! `GET /api/v1/deals/{deal_id}`: the deal with its splits and product lines.

use super::{visible_deal, DealView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals;
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/deals/{deal_id}",
    tag = "deals",
    operation_id = "deals_get",
    summary = "Get a deal.",
    description = "The deal with its splits and product lines.",
    params(("deal_id" = uuid::Uuid, Path, description = "The deal's id.")),
    responses(
        (status = 200, description = "The deal.", body = crate::routes::deals::DealView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such deal, or not one the caller may see.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/deals/{deal_id}")]
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
) -> Result<DealView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<DealView, ApiError> {
                let deal = visible_deal(t, &principal, deal_id, false)?;
                Ok(DealView {
                    splits: deals::splits(t, deal_id)?,
                    lines: deals::lines(t, deal_id)?,
                    deal,
                })
            },
        )
        .await
}
