//! `POST /api/v1/tokens`: creates an API token for an integration, bound to
//! this company and one role. The token is shown once; only its hash is kept.

use crate::{
    auth::{Principal, TOKEN_PREFIX},
    error::ApiError,
    json::Json,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_cache::sessions::{random_token, sha256_hex};
use attain_db::control::{audit, tokens};
use attain_domain::{validation::bounded_text, Capability, FieldError, Role};
use chrono::Utc;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub name: String,
    /// owner, admin, executive, manager, rep or billing_admin.
    pub role: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "tokens",
    operation_id = "tokens_create",
    summary = "Create an API token.",
    description = "Creates a token for an integration, bound to this company and one role; the secret is shown once, only its hash is kept.",
    request_body = CreateToken,
    responses(
        (status = 201, description = "The token, with its secret.", body = CreatedToken),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, only an owner creates an owner token, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/tokens")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateToken>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub id: Uuid,
    pub name: String,
    pub role: String,
    pub token_prefix: String,
    pub created_at: chrono::DateTime<Utc>,
    /// Shown once; only its hash is stored.
    pub token: String,
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateToken,
) -> Result<CreatedToken, ApiError> {
    principal.require(Capability::ManageApiTokens)?;
    let name = bounded_text("name", &body.name, 1, 80)?;
    let role: Role = body
        .role
        .parse()
        .map_err(|m: String| FieldError::new("role", m))?;
    if !principal.role.may_assign(role) {
        return Err(
            ApiError::forbidden("Only an owner can create an owner token.").with_field("role"),
        );
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let token = tokens::ApiToken {
        id: Uuid::new_v4(),
        tenant_id: principal.tenant.id,
        created_by: principal.user_id,
        name,
        role: role.as_str().to_owned(),
        token_hash: sha256_hex(&secret),
        token_prefix: secret.chars().take(TOKEN_PREFIX.len() + 6).collect(),
        created_at: Utc::now(),
        last_used_at: None,
        revoked_at: None,
    };
    let stored = token.clone();
    let actor = principal.clone();
    state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<(), ApiError> {
                tokens::insert(conn, &stored)?;
                audit::record(
                    conn,
                    &actor.audit(
                        "api_token.created",
                        "api_token",
                        stored.id,
                        None,
                        Some(serde_json::json!({ "name": stored.name, "role": stored.role })),
                    ),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(CreatedToken {
        id: token.id,
        name: token.name,
        role: token.role,
        token_prefix: token.token_prefix,
        created_at: token.created_at,
        token: secret,
    })
}
