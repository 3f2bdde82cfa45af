//! `GET /api/v1/auth/session`: who is signed in, in which company, with which
//! role, the companies they can switch to, the CSRF token, and the billing
//! banner when one is due.

use crate::{
    auth::{Principal, TenantView, UserView, Via},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::control::{
    memberships::{self, TenantChoice},
    tenants, users,
};
use attain_domain::Role;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CurrentSession {
    pub user: UserView,
    pub tenant: TenantView,
    pub role: Role,
    /// session or api_token.
    pub authenticated_by: &'static str,
    /// Echo this in `X-CSRF-Token`; none for API tokens.
    pub csrf_token: Option<String>,
    pub tenants: Vec<TenantChoice>,
    /// The company's billing access, with a banner when one is due (a
    /// failed payment's grace period, or read-only).
    pub billing: Option<crate::entitlements::BillingNotice>,
}

#[utoipa::path(
    get,
    path = "/api/v1/auth/session",
    tag = "auth",
    operation_id = "auth_session",
    summary = "The current session.",
    description = "Who is signed in, in which company, with which role, the companies they can switch to, and the CSRF token.",
    responses(
        (status = 200, description = "The caller.", body = crate::routes::auth::session::CurrentSession),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/auth/session")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<CurrentSession, ApiError> {
    let user_id = principal.user_id;
    let tenant_id = principal.tenant.id;
    let (user, tenant, choices) = state
        .db
        .run(move |conn| -> Result<_, ApiError> {
            let user = users::find(conn, user_id)?.ok_or_else(ApiError::unauthenticated)?;
            let tenant = tenants::find(conn, tenant_id)?.ok_or_else(ApiError::unauthenticated)?;
            Ok((user, tenant, memberships::active_for_user(conn, user_id)?))
        })
        .await?;
    let billing = crate::entitlements::access(state, tenant_id)
        .await?
        .map(|(row, access)| crate::entitlements::BillingNotice::new(&row, access));
    let (authenticated_by, csrf_token) = match &principal.via {
        Via::Session { csrf_token, .. } => ("session", Some(csrf_token.clone())),
        Via::Token { .. } => ("api_token", None),
    };
    Ok(CurrentSession {
        user: UserView {
            id: user.id,
            email: user.email,
            name: user.name,
        },
        tenant: TenantView {
            id: tenant.id,
            slug: tenant.slug,
            name: tenant.name,
        },
        role: principal.role,
        authenticated_by,
        csrf_token,
        tenants: choices,
        billing,
    })
}
