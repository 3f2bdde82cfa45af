//! `PATCH /api/v1/teams/{team_id}`: renames a team, changes its manager or
//! moves it (`"parent_id": null` makes it top-level). Carries the `version`
//! last seen (409 on conflict); a move under itself or its own subtree is refused.

use super::{ensure_active_member, name_taken};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::teams::{self, Team},
    DbError,
};
use attain_domain::{org::TeamKind, validation::bounded_text, Capability, FieldError};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

/// Tells "absent" (keep) apart from `null` (clear).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTeam {
    pub version: i32,
    pub name: Option<String>,
    /// `null` makes the team top-level.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
    /// `null` leaves the team without a manager.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub manager_user_id: Option<Option<Uuid>>,
    /// region or team.
    pub kind: Option<String>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/teams/{team_id}",
    tag = "teams",
    operation_id = "teams_update",
    summary = "Change a team.",
    description = "Renames a team, changes its manager or moves it; a move under itself or its own subtree is refused. Carries the `version` last read.",
    params(("team_id" = uuid::Uuid, Path, description = "The team's id.")),
    request_body = UpdateTeam,
    responses(
        (status = 200, description = "The team as changed.", body = attain_db::tenant::teams::Team),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such team.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or a team under the same parent has this name (`team_name_taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/teams/{team_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateTeam>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    team_id: Uuid,
    body: UpdateTeam,
) -> Result<Team, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 80))
        .transpose()?;
    let kind: Option<TeamKind> = body.kind.as_deref().map(str::parse).transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Team, ApiError> {
            let before = teams::find_for_update(t, team_id)?.ok_or_else(|| ApiError::not_found("team"))?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This team was changed by someone else (now version {}). Reload and try again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name {
                after.name = name;
            }
            if let Some(kind) = kind {
                after.kind = kind.as_str().to_owned();
            }
            if let Some(parent) = body.parent_id {
                if let Some(parent) = parent {
                    let all = teams::all(t)?;
                    if !all.iter().any(|team| team.id == parent) {
                        return Err(FieldError::new("parent_id", "is not a team of your company").into());
                    }
                    if teams::is_self_or_descendant(&all, team_id, parent) {
                        return Err(FieldError::new("parent_id", "cannot be the team itself or one of its sub-teams").into());
                    }
                }
                after.parent_id = parent;
            }
            if let Some(manager) = body.manager_user_id {
                if let Some(manager) = manager {
                    ensure_active_member(t, manager)?;
                }
                after.manager_user_id = manager;
            }
            after.version += 1;
            teams::save(t, &after).map_err(name_taken)?;
            let json = |team: &Team| serde_json::to_value(team).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("team.updated", "team", team_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await
}
