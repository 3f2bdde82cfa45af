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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub name: String,
    pub role: String,
}

#[post("/tokens")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateToken>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

#[derive(Debug, Clone, serde::Serialize)]
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
