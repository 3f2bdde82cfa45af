//! `PATCH /api/v1/stages/{stage_id}`: renames, re-weights, moves or
//! deactivates a stage. Deals keep their stage; a stage with deals cannot
//! change kind (open/won/lost) because their status would silently change.

use super::create::renumber;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{control::audit, tenant::stages::{self, Stage}, DbError};
use attain_domain::{deal::{parse_probability, DealStatus}, validation::bounded_text, Capability, FieldError};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateStage {
    pub version: i32,
    pub name: Option<String>,
    pub probability: Option<i32>,
    pub kind: Option<String>,
    pub position: Option<i32>,
    pub active: Option<bool>,
}

#[patch("/stages/{stage_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateStage>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(state: &AppState, principal: &Principal, stage_id: Uuid, body: UpdateStage) -> Result<Stage, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body.name.as_deref().map(|n| bounded_text("name", n, 1, 60)).transpose()?;
    let probability = body.probability.map(parse_probability).transpose()?;
    let kind = body.kind.as_deref().map(DealStatus::of_stage_kind).transpose()?;
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
