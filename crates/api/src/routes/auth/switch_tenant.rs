//! `POST /api/v1/auth/switch-tenant`: opens another company the user belongs
//! to. Issues a new session bound to that company and ends the current one.

use crate::{
    auth::{start_session, Entered, Principal, Via},
    error::ApiError,
    json::Json,
    state::AppState,
};
use actix_web::{http::StatusCode, post, web, HttpRequest, HttpResponse};
use attain_db::control::{memberships, tenants};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchRequest {
    /// Slug of the company to open.
    pub tenant: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/switch-tenant",
    tag = "auth",
    operation_id = "auth_switch_tenant",
    summary = "Switch company.",
    description = "Opens another company the user belongs to with a new session bound to it, and ends the current one.",
    request_body = SwitchRequest,
    responses(
        (status = 200, description = "Signed in to the other company.", body = crate::auth::SessionView, headers(("Set-Cookie" = String, description = "The `attain_session` (HttpOnly) and `attain_csrf` cookies."))),
        (status = 400, description = "Called with an API token (`not_a_session`), or the body is not valid JSON.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Not an active member of that company (`not_a_member`), or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = [])),
)]
#[post("/auth/switch-tenant")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<SwitchRequest>,
) -> Result<HttpResponse, ApiError> {
    if !matches!(principal.via, Via::Session { .. }) {
        return Err(ApiError::bad_request(
            "not_a_session",
            "An API token is bound to one company; create a token in the other company instead.",
        ));
    }
    let entered = run(&state, &principal, body.0).await?;
    start_session(&req, &state, entered, StatusCode::OK).await
}

/// Checks that the user is an active member of the other company; the caller
/// opens the new session (which ends the current one).
pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: SwitchRequest,
) -> Result<Entered, ApiError> {
    let slug = body.tenant.trim().to_ascii_lowercase();
    let user_id = principal.user_id;
    let (tenant_ref, role) = state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let not_member = || {
                ApiError::forbidden("You are not an active member of that company.")
                    .with_code("not_a_member")
                    .with_field("tenant")
            };
            let tenant = tenants::find_by_slug(conn, &slug)?.ok_or_else(not_member)?;
            let membership = memberships::find(conn, tenant.id, user_id)?
                .filter(|m| m.active)
                .ok_or_else(not_member)?;
            Ok((tenant.tenant_ref()?, membership.role()?))
        })
        .await?;
    Ok(Entered {
        user_id,
        tenant: tenant_ref,
        role,
    })
}
