//! `POST /api/v1/people`: adds someone to the sales organisation (they need
//! not log in; an invitation to the same email links them later).

use super::{ensure_manager, ensure_team, person_taken};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::people::{self, Person},
    DbError,
};
use attain_domain::{org::SalesRole, signup::Email, validation::bounded_text, Capability};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePerson {
    pub name: String,
    pub email: Option<String>,
    /// hunter, farmer, sdr, ae, am or manager.
    pub sales_role: String,
    pub team_id: Option<Uuid>,
    pub manager_id: Option<Uuid>,
    pub external_id: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "people",
    operation_id = "people_create",
    summary = "Add a person.",
    description = "Adds someone to the sales organisation; they need not log in, and an invitation to the same email links them later.",
    request_body = CreatePerson,
    responses(
        (status = 201, description = "The person.", body = attain_db::tenant::people::Person),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The email or external id is taken (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/people")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreatePerson>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreatePerson,
) -> Result<Person, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let person = Person {
        id: Uuid::new_v4(),
        user_id: None,
        external_id: body
            .external_id
            .as_deref()
            .map(|e| bounded_text("external_id", e, 1, 120))
            .transpose()?,
        name: bounded_text("name", &body.name, 1, 120)?,
        email: body
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(|e| Email::parse("email", e).map(|e| e.as_str().to_owned()))
            .transpose()?,
        team_id: body.team_id,
        manager_id: body.manager_id,
        sales_role: body.sales_role.parse::<SalesRole>()?.as_str().to_owned(),
        active: true,
        version: 1,
        created_at: Utc::now(),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Person, ApiError> {
                if let Some(team) = person.team_id {
                    ensure_team(t, team)?;
                }
                if let Some(manager) = person.manager_id {
                    ensure_manager(t, person.id, manager)?;
                }
                people::insert(t, &person).map_err(person_taken)?;
                let after =
                    serde_json::to_value(&person).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("person.created", "person", person.id, None, Some(after)),
                )?;
                Ok(person)
            },
        )
        .await
}
