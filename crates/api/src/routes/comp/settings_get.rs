//! `GET /api/v1/comp/settings`: how long a statement period is (a month or
//! a quarter) for the company.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_inputs;
use attain_domain::Capability;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompSettings {
    /// month or quarter: the length of statement periods, and of the
    /// periods quotas and exchange rates are set for.
    pub period_kind: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/settings",
    tag = "compensation",
    operation_id = "comp_settings_get",
    summary = "Get compensation settings.",
    description = "The company's statement period length: month or quarter.",
    responses(
        (status = 200, description = "The settings.", body = CompSettings),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/settings")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<CompSettings, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<CompSettings, ApiError> {
                Ok(CompSettings {
                    period_kind: comp_inputs::period_kind(t)?.as_str().to_owned(),
                })
            },
        )
        .await
}
