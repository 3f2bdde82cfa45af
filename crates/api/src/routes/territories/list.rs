//! `GET /api/v1/territories`: every territory with its named accounts.

use super::{named_accounts, TerritoryView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::territories;
use attain_domain::Capability;

#[utoipa::path(
    get,
    path = "/api/v1/territories",
    tag = "territories",
    operation_id = "territories_list",
    summary = "List territories.",
    description = "Every territory with its named accounts.",
    responses(
        (status = 200, description = "The territories.", body = Vec<crate::routes::territories::TerritoryView>),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/territories")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<TerritoryView>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            |t| -> Result<Vec<TerritoryView>, ApiError> {
                territories::all(t)?
                    .into_iter()
                    .map(|territory| {
                        let account_ids = named_accounts(t, territory.id)?;
                        Ok(TerritoryView {
                            territory,
                            account_ids,
                        })
                    })
                    .collect()
            },
        )
        .await
}
