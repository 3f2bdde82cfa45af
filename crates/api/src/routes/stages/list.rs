//! `GET /api/v1/stages`: the pipeline in order, each with how many deals sit in it.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::stages::{self, Stage};
use attain_domain::Capability;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageView {
    #[serde(flatten)]
    pub stage: Stage,
    pub deal_count: i64,
}

#[utoipa::path(
    get,
    path = "/api/v1/stages",
    tag = "stages",
    operation_id = "stages_list",
    summary = "List the pipeline's stages.",
    description = "The pipeline in order, each stage with how many deals sit in it.",
    responses(
        (status = 200, description = "The stages.", body = Vec<StageView>),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/stages")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<StageView>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            |t| -> Result<Vec<StageView>, ApiError> {
                let counts = stages::deal_counts(t)?;
                Ok(stages::all(t)?
                    .into_iter()
                    .map(|stage| {
                        let deal_count = counts
                            .iter()
                            .find(|(id, _)| *id == stage.id)
                            .map_or(0, |(_, n)| *n);
                        StageView { stage, deal_count }
                    })
                    .collect())
            },
        )
        .await
}
