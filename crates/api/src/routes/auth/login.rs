//! `POST /api/v1/auth/login`: email and password, optionally the slug of the
//! company to open (default: the user's oldest active membership). Limited per
//! IP and per account; the answer for a wrong password and for an unknown
//! email is the same, and takes the same time.

use crate::{
    auth::{limit_password_attempts_by_ip, start_session, Entered},
    error::ApiError,
    json::Json,
    passwords,
    state::AppState,
};
use actix_web::{http::StatusCode, post, web, HttpRequest, HttpResponse};
use attain_cache::{rate_limit::Verdict, sessions::sha256_hex};
use attain_db::control::{memberships, tenants, users};
use attain_domain::{signup::Email, TenantRef};
use serde::Deserialize;
use std::time::Duration;

const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Slug of the company to open, for people in several.
    pub tenant: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    operation_id = "auth_login",
    summary = "Sign in.",
    description = "Email and password, optionally the slug of the company to open (default: the oldest active membership); limited per IP and per account.",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = crate::auth::SessionView, headers(("Set-Cookie" = String, description = "The `attain_session` (HttpOnly) and `attain_csrf` cookies."))),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "The email or password is incorrect (`invalid_credentials`).", body = crate::openapi::ErrorBody),
        (status = 403, description = "Not an active member of the company named (`not_a_member`), or of any (`no_active_membership`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again.", body = crate::openapi::ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/auth/login")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    limit_password_attempts_by_ip(&req, &state).await?;
    let entered = run(&state, body.0).await?;
    start_session(&req, &state, entered, StatusCode::OK).await
}

/// Checks the credentials and picks the company; the caller opens the session.
/// The per-IP limit is the caller's, as it knows the client address.
pub async fn run(state: &AppState, body: LoginRequest) -> Result<Entered, ApiError> {
    let email = Email::parse("email", &body.email)?;
    let account = sha256_hex(email.as_str());
    let failure_limit = state.settings.login_failures_per_account_per_15_minutes;
    if let Verdict::Limited { retry_after } = state
        .cache
        .peek("login:account", &account, failure_limit)
        .await?
    {
        return Err(ApiError::too_many_requests(retry_after));
    }

    let found = {
        let email = email.as_str().to_owned();
        state
            .db
            .run(move |conn| users::find_by_email(conn, &email))
            .await?
    };
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| state.dummy_password_hash.clone());
    let verified = passwords::verify(body.password, hash).await?;
    let user = match found {
        Some(user) if verified => user,
        _ => {
            state
                .cache
                .hit("login:account", &account, failure_limit, ACCOUNT_WINDOW)
                .await?;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "The email or password is incorrect.",
            ));
        }
    };
    state.cache.clear_limit("login:account", &account).await?;

    let user_id = user.id;
    let wanted = body.tenant.map(|s| s.trim().to_ascii_lowercase());
    let (tenant_ref, role) = state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let choices = memberships::active_for_user(conn, user_id)?;
            let choice = match &wanted {
                Some(slug) => choices
                    .into_iter()
                    .find(|c| &c.slug == slug)
                    .ok_or_else(|| {
                        ApiError::forbidden("You are not an active member of that company.")
                            .with_code("not_a_member")
                            .with_field("tenant")
                    })?,
                None => choices.into_iter().next().ok_or_else(|| {
                    ApiError::forbidden(
                        "Your account is not active in any company. Ask an admin to re-invite you.",
                    )
                    .with_code("no_active_membership")
                })?,
            };
            let tenant = tenants::find(conn, choice.tenant_id)?
                .ok_or_else(|| ApiError::internal("membership without tenant"))?;
            let tenant_ref: TenantRef = tenant.tenant_ref()?;
            let role = choice.role.parse().map_err(ApiError::internal)?;
            Ok((tenant_ref, role))
        })
        .await?;
    Ok(Entered {
        user_id,
        tenant: tenant_ref,
        role,
    })
}
