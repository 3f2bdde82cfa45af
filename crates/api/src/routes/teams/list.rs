//! `GET /api/v1/teams`: every team, parents before children.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::teams::{self, Team};
use attain_domain::Capability;

#[get("/teams")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": run(&state, &principal).await? })))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<Team>, ApiError> {
    principal.require(Capability::ViewOrganisation)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), |t| {
            Ok::<_, ApiError>(teams::all(t)?)
        })
        .await
}
