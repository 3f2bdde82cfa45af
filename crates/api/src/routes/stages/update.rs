//! `PATCH /api/v1/stages/{stage_id}`: renames, re-weights, moves or
//! deactivates a stage. Deals keep their stage; a stage with deals cannot
//! change kind (open/won/lost) because their status would silently change.

use super::create::renumber;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::stages::{self, Stage},
    DbError,
};
use attain_domain::{
    deal::{parse_probability, DealStatus},
    validation::bounded_text,
    Capability, FieldError,
};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStage {
    pub version: i32,
    pub name: Option<String>,
    pub probability: Option<i32>,
    /// open, won or lost; refused while deals sit in the stage.
    pub kind: Option<String>,
    /// 1-based; later stages move down.
    pub position: Option<i32>,
    pub active: Option<bool>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/stages/{stage_id}",
    tag = "stages",
    operation_id = "stages_update",
    summary = "Change a stage.",
    description = "Renames, re-weights, moves or deactivates a stage; a stage with deals cannot change kind. Carries the `version` last read.",
    params(("stage_id" = uuid::Uuid, Path, description = "The stage's id.")),
    request_body = UpdateStage,
    responses(
        (status = 200, description = "The stage as changed.", body = attain_db::tenant::stages::Stage),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such stage.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale: the record changed since it was read (`version_conflict`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/stages/{stage_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateStage>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    stage_id: Uuid,
    body: UpdateStage,
) -> Result<Stage, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 60))
        .transpose()?;
    let probability = body.probability.map(parse_probability).transpose()?;
    let kind = body
        .kind
        .as_deref()
        .map(DealStatus::of_stage_kind)
        .transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Stage, ApiError> {
            let before = stages::find_for_update(t, stage_id)?.ok_or_else(|| ApiError::not_found("stage"))?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This stage was changed by someone else (now version {}). Reload and try again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(probability) = probability { after.probability = probability; }
            if let Some(active) = body.active { after.active = active; }
            if let Some(kind) = kind {
                let in_use = stages::deal_counts(t)?.iter().any(|(id, n)| *id == stage_id && *n > 0);
                if in_use && kind.as_str() != before.kind {
                    return Err(FieldError::new("kind", "deals sit in this stage; move them before changing whether it is open, won or lost").into());
                }
                after.kind = kind.as_str().to_owned();
            }
            after.version += 1;
            stages::save(t, &after)?;
            if let Some(position) = body.position {
                let mut all: Vec<Stage> = stages::all(t)?.into_iter().filter(|s| s.id != stage_id).collect();
                let at = (position.max(1) as usize - 1).min(all.len());
                all.insert(at, after.clone());
                renumber(t, &mut all)?;
                after.position = at as i32 + 1;
            }
            let json = |s: &Stage| serde_json::to_value(s).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("stage.updated", "stage", stage_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await
}
