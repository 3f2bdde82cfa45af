//! `GET /api/v1/accounts/{account_id}`.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, Account};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account_id}",
    tag = "accounts",
    operation_id = "accounts_get",
    summary = "Get an account.",
    description = "One account with its ICP score.",
    params(("account_id" = uuid::Uuid, Path, description = "The account's id.")),
    responses(
        (status = 200, description = "The account.", body = attain_db::tenant::accounts::Account),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such account.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/accounts/{account_id}")]
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
    account_id: Uuid,
) -> Result<Account, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            accounts::find(t, account_id)
        })
        .await?
        .ok_or_else(|| ApiError::not_found("account"))
}
