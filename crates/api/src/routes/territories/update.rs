//! `PATCH /api/v1/territories/{territory_id}`: changes a territory; a given
//! `account_ids` replaces its named accounts.

use super::{check_and_assign, create::segment, name_taken, TerritoryView};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::territories::{self, Territory},
    DbError,
};
use attain_domain::{validation::bounded_text, Capability};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTerritory {
    pub version: i32,
    pub name: Option<String>,
    pub region_id: Option<Uuid>,
    pub segment: Option<String>,
    pub owner_id: Option<Uuid>,
    /// Replaces the named accounts.
    pub account_ids: Option<Vec<Uuid>>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/territories/{territory_id}",
    tag = "territories",
    operation_id = "territories_update",
    summary = "Change a territory.",
    description = "Changes a territory; `account_ids`, when given, replaces its named accounts. Carries the `version` last read.",
    params(("territory_id" = uuid::Uuid, Path, description = "The territory's id.")),
    request_body = UpdateTerritory,
    responses(
        (status = 200, description = "The territory as changed.", body = crate::routes::territories::TerritoryView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such territory.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or another territory has this name (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/territories/{territory_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateTerritory>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    territory_id: Uuid,
    body: UpdateTerritory,
) -> Result<TerritoryView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 120))
        .transpose()?;
    let segment = body
        .segment
        .as_deref()
        .map(|s| segment(Some(s)))
        .transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<TerritoryView, ApiError> {
            let before = territories::find_for_update(t, territory_id)?.ok_or_else(|| ApiError::not_found("territory"))?;
            if before.version != body.version {
                return Err(ApiError::conflict("version_conflict", format!("This territory was changed by someone else (now version {}). Reload and try again.", before.version)).with_field("version"));
            }
            let mut after: Territory = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(segment) = segment { after.segment = segment; }
            if body.region_id.is_some() { after.region_id = body.region_id; }
            if body.owner_id.is_some() { after.owner_id = body.owner_id; }
            after.version += 1;
            territories::save(t, &after).map_err(name_taken)?;
            let account_ids = check_and_assign(t, &after, body.account_ids.as_deref())?;
            let json = |v: &Territory| serde_json::to_value(v).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("territory.updated", "territory", territory_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(TerritoryView { territory: after, account_ids })
        })
        .await
}
