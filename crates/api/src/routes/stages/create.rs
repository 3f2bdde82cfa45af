//! `POST /api/v1/stages`: adds a stage at a position (later stages move down).

use super::key_taken;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::stages::{self, Stage},
    DbError,
};
use attain_domain::{
    deal::{parse_probability, parse_stage_key, DealStatus, PipelineKind},
    validation::bounded_text,
    Capability,
};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStage {
    pub key: String,
    pub name: String,
    pub probability: i32,
    /// open (default), won or lost.
    pub kind: Option<String>,
    /// new_business (default) or retention.
    pub pipeline: Option<String>,
    /// 1-based; at the end when left out.
    pub position: Option<i32>,
}

#[utoipa::path(
    post,
    path = "/api/v1/stages",
    tag = "stages",
    operation_id = "stages_create",
    summary = "Add a stage.",
    description = "Adds a stage at a position; later stages move down.",
    request_body = CreateStage,
    responses(
        (status = 201, description = "The stage.", body = attain_db::tenant::stages::Stage),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "Another stage has this key (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/stages")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateStage>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateStage,
) -> Result<Stage, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let kind = DealStatus::of_stage_kind(body.kind.as_deref().unwrap_or("open"))?;
    let pipeline: PipelineKind = body.pipeline.as_deref().unwrap_or("new_business").parse()?;
    let mut stage = Stage {
        id: Uuid::new_v4(),
        key: parse_stage_key(&body.key)?,
        name: bounded_text("name", &body.name, 1, 60)?,
        position: 0,
        probability: parse_probability(body.probability)?,
        kind: kind.as_str().to_owned(),
        pipeline: pipeline.as_str().to_owned(),
        active: true,
        version: 1,
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Stage, ApiError> {
                let mut all = stages::all(t)?;
                let at = body
                    .position
                    .map_or(all.len(), |p| (p.max(1) as usize - 1).min(all.len()));
                // Inserted out of the way, then every stage takes its place.
                let unplaced = Stage {
                    position: -1,
                    ..stage.clone()
                };
                stages::insert(t, &unplaced).map_err(key_taken)?;
                all.insert(at, unplaced);
                renumber(t, &mut all)?;
                stage.position = at as i32 + 1;
                let after =
                    serde_json::to_value(&stage).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("stage.created", "stage", stage.id, None, Some(after)),
                )?;
                Ok(stage)
            },
        )
        .await
}

/// Saves positions 1..n in the given order, touching only stages that moved.
pub fn renumber(t: &mut attain_db::TenantConn<'_>, ordered: &mut [Stage]) -> Result<(), DbError> {
    for (index, stage) in ordered.iter_mut().enumerate() {
        let position = index as i32 + 1;
        if stage.position != position {
            stage.position = position;
            stages::save(t, stage)?;
        }
    }
    Ok(())
}
