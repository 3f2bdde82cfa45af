//! `GET /api/v1/accounts/{account_id}`.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, Account};
use attain_domain::Capability;
use uuid::Uuid;

#[get("/accounts/{account_id}")]
pub async fn handler(state: web::Data<AppState>, principal: Principal, path: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, account_id: Uuid) -> Result<Account, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| accounts::find(t, account_id))
        .await?
        .ok_or_else(|| ApiError::not_found("account"))
}
