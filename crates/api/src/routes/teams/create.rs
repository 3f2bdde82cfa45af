//! `POST /api/v1/teams`: adds a team, at the top or under a parent.

use super::{ensure_active_member, name_taken};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::teams::{self, Team},
    DbError,
};
use attain_domain::{org::TeamKind, validation::bounded_text, Capability, FieldError};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub manager_user_id: Option<Uuid>,
    /// region or team (the default).
    pub kind: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/teams",
    tag = "teams",
    operation_id = "teams_create",
    summary = "Add a team.",
    description = "Adds a team or region, at the top or under a parent.",
    request_body = CreateTeam,
    responses(
        (status = 201, description = "The team.", body = attain_db::tenant::teams::Team),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "A team under the same parent has this name (`team_name_taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/teams")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateTeam>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateTeam,
) -> Result<Team, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let team = Team {
        id: Uuid::new_v4(),
        name: bounded_text("name", &body.name, 1, 80)?,
        parent_id: body.parent_id,
        manager_user_id: body.manager_user_id,
        version: 1,
        created_at: Utc::now(),
        kind: body
            .kind
            .as_deref()
            .unwrap_or("team")
            .parse::<TeamKind>()?
            .as_str()
            .to_owned(),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Team, ApiError> {
                if let Some(parent) = team.parent_id {
                    if teams::find_for_update(t, parent)?.is_none() {
                        return Err(
                            FieldError::new("parent_id", "is not a team of your company").into(),
                        );
                    }
                }
                if let Some(manager) = team.manager_user_id {
                    ensure_active_member(t, manager)?;
                }
                teams::insert(t, &team).map_err(name_taken)?;
                let after =
                    serde_json::to_value(&team).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("team.created", "team", team.id, None, Some(after)),
                )?;
                Ok(team)
            },
        )
        .await
}
