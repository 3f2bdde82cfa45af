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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchRequest {
    /// Slug of the company to open.
    pub tenant: String,
}

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
