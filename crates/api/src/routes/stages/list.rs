//! `GET /api/v1/stages`: the pipeline in order, each with how many deals sit in it.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::stages::{self, Stage};
use attain_domain::Capability;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct StageView {
    #[serde(flatten)]
    pub stage: Stage,
    pub deal_count: i64,
}

#[get("/stages")]
pub async fn handler(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<StageView>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), |t| -> Result<Vec<StageView>, ApiError> {
            let counts = stages::deal_counts(t)?;
            Ok(stages::all(t)?
                .into_iter()
                .map(|stage| {
                    let deal_count = counts.iter().find(|(id, _)| *id == stage.id).map_or(0, |(_, n)| *n);
                    StageView { stage, deal_count }
                })
                .collect())
        })
        .await
}
