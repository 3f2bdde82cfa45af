//! `POST /api/v1/territories`: a territory with its region, segment, owner
//! and named accounts.

use super::{check_and_assign, name_taken, TerritoryView};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::territories::{self, Territory},
    DbError,
};
use attain_domain::{validation::bounded_text, Capability, FieldError};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTerritory {
    pub name: String,
    pub region_id: Option<Uuid>,
    /// all (default), smb, mid_market or enterprise.
    pub segment: Option<String>,
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub account_ids: Vec<Uuid>,
}

#[utoipa::path(
    post,
    path = "/api/v1/territories",
    tag = "territories",
    operation_id = "territories_create",
    summary = "Add a territory.",
    description = "A territory with its region, segment, owner and named accounts.",
    request_body = CreateTerritory,
    responses(
        (status = 201, description = "The territory.", body = crate::routes::territories::TerritoryView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "Another territory has this name (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/territories")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateTerritory>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub fn segment(raw: Option<&str>) -> Result<String, FieldError> {
    match raw.unwrap_or("all") {
        "all" => Ok("all".into()),
        other => Ok(other
            .parse::<attain_domain::org::Segment>()?
            .as_str()
            .to_owned()),
    }
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateTerritory,
) -> Result<TerritoryView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let territory = Territory {
        id: Uuid::new_v4(),
        name: bounded_text("name", &body.name, 1, 120)?,
        region_id: body.region_id,
        segment: segment(body.segment.as_deref())?,
        owner_id: body.owner_id,
        version: 1,
        created_at: Utc::now(),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<TerritoryView, ApiError> {
                territories::insert(t, &territory).map_err(name_taken)?;
                let account_ids = check_and_assign(t, &territory, Some(&body.account_ids))?;
                let after = serde_json::to_value(&territory)
                    .map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "territory.created",
                        "territory",
                        territory.id,
                        None,
                        Some(after),
                    ),
                )?;
                Ok(TerritoryView {
                    territory,
                    account_ids,
                })
            },
        )
        .await
}
