//! `POST /api/v1/invitations/accept`: accept an invitation with its token. A
//! new person chooses a name and password; someone who already has a login
//! confirms it with their password. Either way they are signed in to the
//! inviting company.

use crate::{
    auth::{limit_password_attempts_by_ip, start_session, Entered},
    error::ApiError,
    json::Json,
    passwords,
    state::AppState,
};
use actix_web::{http::StatusCode, post, web, HttpRequest, HttpResponse};
use attain_cache::sessions::sha256_hex;
use attain_db::control::{audit, invitations, memberships, tenants, users};
use attain_domain::{
    signup::{Email, Password},
    validation::bounded_text,
    FieldError, Role,
};
use chrono::Utc;
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    pub token: String,
    /// Required for people without a login yet.
    pub name: Option<String>,
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/invitations/accept",
    tag = "invitations",
    operation_id = "invitations_accept",
    summary = "Accept an invitation.",
    description = "A new person chooses a name and password, someone with a login confirms its password; either way they are signed in to the inviting company.",
    request_body = AcceptRequest,
    responses(
        (status = 200, description = "Joined and signed in.", body = crate::auth::SessionView, headers(("Set-Cookie" = String, description = "The `attain_session` (HttpOnly) and `attain_csrf` cookies."))),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "The email has a login and the password is not its (`invalid_credentials`).", body = crate::openapi::ErrorBody),
        (status = 404, description = "The link is invalid, expired or used (`invitation_invalid`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again.", body = crate::openapi::ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/invitations/accept")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<AcceptRequest>,
) -> Result<HttpResponse, ApiError> {
    limit_password_attempts_by_ip(&req, &state).await?;
    let entered = run(&state, body.0).await?;
    start_session(&req, &state, entered, StatusCode::OK).await
}

/// Accepts the invitation; the caller opens the session (and applies the per-IP limit).
pub async fn run(state: &AppState, body: AcceptRequest) -> Result<Entered, ApiError> {
    let token_hash = sha256_hex(body.token.trim());
    let invalid = || {
        ApiError::new(StatusCode::NOT_FOUND, "invitation_invalid", "This invitation link is invalid, expired or already used. Ask your admin for a new one.")
            .with_field("token")
    };
    let pending = {
        let token_hash = token_hash.clone();
        state
            .db
            .run(move |conn| invitations::lock_pending(conn, &token_hash))
            .await?
    };
    let (invitation, _) = pending.ok_or_else(invalid)?;
    let email = Email::parse("email", &invitation.email)?;
    let existing = {
        let email = email.as_str().to_owned();
        state
            .db
            .run(move |conn| users::find_by_email(conn, &email))
            .await?
    };
    let new_user = match &existing {
        Some(user) => {
            if !passwords::verify(body.password.clone(), user.password_hash.clone()).await? {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid_credentials",
                    "You already have an Attain login: enter its password to join.",
                )
                .with_field("password"));
            }
            None
        }
        None => {
            let name = bounded_text("name", body.name.as_deref().unwrap_or_default(), 1, 120)?;
            let password = Password::parse(&body.password, Some(&email))?;
            Some(users::User {
                id: Uuid::new_v4(),
                email: email.as_str().to_owned(),
                name,
                password_hash: passwords::hash(password.expose().to_owned()).await?,
                created_at: Utc::now(),
            })
        }
    };
    let user_id = existing
        .as_ref()
        .map(|u| u.id)
        .or(new_user.as_ref().map(|u| u.id))
        .ok_or_else(|| ApiError::internal("no user"))?;
    let (tenant_ref, role) = state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<_, ApiError> {
                // Re-check under the row lock: two accepts of one link, one wins.
                let (invitation, _) = invitations::lock_pending(conn, &token_hash)?.ok_or_else(invalid)?;
                let role: Role = invitation.role.parse().map_err(|m: String| FieldError::new("role", m))?;
                if let Some(user) = &new_user {
                    users::insert(conn, user)?;
                }
                match memberships::find(conn, invitation.tenant_id, user_id)? {
                    Some(_) => {
                        memberships::set_role(conn, invitation.tenant_id, user_id, role)?;
                        memberships::set_active(conn, invitation.tenant_id, user_id, true)?;
                    }
                    None => memberships::insert(conn, &memberships::Membership {
                        tenant_id: invitation.tenant_id,
                        user_id,
                        role: role.as_str().to_owned(),
                        active: true,
                        created_at: Utc::now(),
                    })?,
                }
                let tenant = tenants::find(conn, invitation.tenant_id)?.ok_or_else(|| ApiError::internal("invitation without tenant"))?;
                attain_db::tenant::people::ensure_for_user(conn, &tenant.tenant_ref()?, user_id, role == Role::Manager)?;
                invitations::mark_accepted(conn, invitation.id)?;
                audit::record(conn, &audit::NewAuditEntry {
                    tenant_id: invitation.tenant_id,
                    actor_user_id: Some(user_id),
                    actor_token_id: None,
                    action: "invitation.accepted".into(),
                    target_type: "invitation".into(),
                    target_id: Some(invitation.id.to_string()),
                    before: None,
                    after: Some(serde_json::json!({ "email": invitation.email, "role": invitation.role })),
                    request_id: None,
                })?;
                Ok((tenant.tenant_ref()?, role))
            })
        })
        .await?;
    Ok(Entered {
        user_id,
        tenant: tenant_ref,
        role,
    })
}
