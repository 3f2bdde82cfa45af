//! `PATCH /api/v1/people/{person_id}`: moves someone to another team or
//! manager, changes their sales role, name or email, or deactivates them.
//! Carries the `version` last seen (409 when it changed since).

use super::{ensure_manager, ensure_team, person_taken};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::people::{self, Person},
    DbError,
};
use attain_domain::{org::SalesRole, signup::Email, validation::bounded_text, Capability};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePerson {
    pub version: i32,
    pub name: Option<String>,
    /// `null` removes the email.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    pub sales_role: Option<String>,
    /// `null` takes them out of any team.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub team_id: Option<Option<Uuid>>,
    /// `null` leaves them without a manager.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub manager_id: Option<Option<Uuid>>,
    pub active: Option<bool>,
}

/// Tells a field sent as `null` (Some(None)) from one left out (None).
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[utoipa::path(
    patch,
    path = "/api/v1/people/{person_id}",
    tag = "people",
    operation_id = "people_update",
    summary = "Change a person.",
    description = "Moves someone to another team or manager, changes their role, name or email, or deactivates them. Carries the `version` last read.",
    params(("person_id" = uuid::Uuid, Path, description = "The person's id.")),
    request_body = UpdatePerson,
    responses(
        (status = 200, description = "The person as changed.", body = attain_db::tenant::people::Person),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or the email or external id is taken (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/people/{person_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdatePerson>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person_id: Uuid,
    body: UpdatePerson,
) -> Result<Person, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 120))
        .transpose()?;
    let email = match &body.email {
        Some(Some(e)) if !e.trim().is_empty() => {
            Some(Some(Email::parse("email", e)?.as_str().to_owned()))
        }
        Some(_) => Some(None),
        None => None,
    };
    let sales_role: Option<SalesRole> = body.sales_role.as_deref().map(str::parse).transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Person, ApiError> {
            let before = people::find_for_update(t, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This person was changed by someone else (now version {}). Reload and try again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(email) = email { after.email = email; }
            if let Some(role) = sales_role { after.sales_role = role.as_str().to_owned(); }
            if let Some(active) = body.active { after.active = active; }
            if let Some(team) = body.team_id {
                if let Some(team) = team { ensure_team(t, team)?; }
                after.team_id = team;
            }
            if let Some(manager) = body.manager_id {
                if let Some(manager) = manager { ensure_manager(t, person_id, manager)?; }
                after.manager_id = manager;
            }
            after.version += 1;
            people::save(t, &after).map_err(person_taken)?;
            let json = |p: &Person| serde_json::to_value(p).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("person.updated", "person", person_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await
}
