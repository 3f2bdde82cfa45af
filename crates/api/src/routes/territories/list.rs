//! `GET /api/v1/territories`: every territory with its named accounts.

use super::{named_accounts, TerritoryView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::territories;
use attain_domain::Capability;

#[get("/territories")]
pub async fn handler(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<TerritoryView>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), |t| -> Result<Vec<TerritoryView>, ApiError> {
            territories::all(t)?
                .into_iter()
                .map(|territory| {
                    let account_ids = named_accounts(t, territory.id)?;
                    Ok(TerritoryView { territory, account_ids })
                })
                .collect()
        })
        .await
}
