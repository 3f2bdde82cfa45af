//! Who is calling. A request is authenticated by an API token
//! (`Authorization: Bearer ...`) or by the session cookie; the tenant comes
//! only from the token or session, never from a header, path or body. Browser
//! (cookie) requests that change state must echo the session's CSRF token in
//! `X-CSRF-Token`.

use crate::{error::ApiError, request_context::RequestId, state::AppState};
use actix_web::{
    cookie::{time::Duration as CookieDuration, Cookie, SameSite},
    dev::Payload,
    http::Method,
    web, FromRequest, HttpMessage, HttpRequest,
};
use attain_cache::sessions::sha256_hex;
use attain_db::control::{audit::NewAuditEntry, tokens};
use attain_domain::{Capability, Role, SchemaName, TenantRef};
use futures_util::future::LocalBoxFuture;
use subtle::ConstantTimeEq;
use uuid::Uuid;

pub const SESSION_COOKIE: &str = "attain_session";
pub const CSRF_COOKIE: &str = "attain_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const TOKEN_PREFIX: &str = "atn_";

#[derive(Debug, Clone)]
pub enum Via {
    Session { id: String, csrf_token: String },
    Token { id: Uuid },
}

/// An authenticated caller bound to exactly one tenant.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Uuid,
    pub tenant: TenantRef,
    pub role: Role,
    pub via: Via,
    pub request_id: Option<String>,
}

impl Principal {
    /// Refuses the call unless the caller's role has `capability`.
    pub fn require(&self, capability: Capability) -> Result<(), ApiError> {
        if self.role.can(capability) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "Your role ({}) does not allow this. Ask an owner or admin of your company.",
                self.role
            )))
        }
    }

    pub fn token_id(&self) -> Option<Uuid> {
        match self.via {
            Via::Token { id } => Some(id),
            Via::Session { .. } => None,
        }
    }

    /// An audit entry attributed to this caller.
    pub fn audit(
        &self,
        action: &str,
        target_type: &str,
        target_id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> NewAuditEntry {
        NewAuditEntry {
            tenant_id: self.tenant.id,
            actor_user_id: Some(self.user_id),
            actor_token_id: self.token_id(),
            action: action.to_owned(),
            target_type: target_type.to_owned(),
            target_id: Some(target_id.to_string()),
            before,
            after,
            request_id: self.request_id.clone(),
        }
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req, Csrf::FromHeader).await?;
            let span = tracing::Span::current();
            span.record("tenant_id", tracing::field::display(principal.tenant.id));
            span.record("user_id", tracing::field::display(principal.user_id));
            Ok(principal)
        })
    }
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("AppState missing"))
}

/// Where a cookie request's CSRF token comes from.
#[derive(Debug, Clone, Copy)]
pub enum Csrf<'a> {
    /// The `X-CSRF-Token` header (JSON API calls).
    FromHeader,
    /// A form field or argument (page forms and server functions).
    Given(&'a str),
}

/// Authenticates a request; state-changing cookie requests must carry the
/// session's CSRF token as `csrf` says.
pub async fn authenticate(req: &HttpRequest, csrf: Csrf<'_>) -> Result<Principal, ApiError> {
    let state = state(req)?;
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    if let Some(header) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let token = header
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with(TOKEN_PREFIX))
            .ok_or_else(ApiError::unauthenticated)?
            .to_owned();
        let hash = sha256_hex(&token);
        let resolved = state
            .db
            .run(move |conn| tokens::resolve(conn, &hash))
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        crate::entitlements::enforce(req, &state, resolved.token.tenant_id, csrf).await?;
        return Ok(Principal {
            user_id: resolved.token.created_by,
            tenant: TenantRef {
                id: resolved.token.tenant_id,
                schema: SchemaName::parse(&resolved.schema_name).map_err(ApiError::internal)?,
            },
            role: resolved.token.role.parse().map_err(ApiError::internal)?,
            via: Via::Token {
                id: resolved.token.id,
            },
            request_id,
        });
    }

    let session_id = req
        .cookie(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .ok_or_else(ApiError::unauthenticated)?;
    let session = state
        .cache
        .load_session(&session_id, state.session_timeouts())
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
    if changes_state(req.method()) {
        let sent = match csrf {
            Csrf::FromHeader => req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default(),
            Csrf::Given(token) => token,
        };
        if !bool::from(sent.as_bytes().ct_eq(session.csrf_token.as_bytes())) {
            return Err(ApiError::forbidden(
                "This request is missing its CSRF token. Reload the page and try again.",
            )
            .with_code("csrf_failed"));
        }
    }
    crate::entitlements::enforce(req, &state, session.tenant.id, csrf).await?;
    Ok(Principal {
        user_id: session.user_id,
        tenant: session.tenant,
        role: session.role,
        via: Via::Session {
            id: session_id,
            csrf_token: session.csrf_token,
        },
        request_id,
    })
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The cookies that carry a new session to the browser.
pub fn session_cookies(
    state: &AppState,
    session_id: &str,
    csrf_token: &str,
) -> [Cookie<'static>; 2] {
    let max_age = CookieDuration::seconds(state.settings.session_absolute_timeout.as_secs() as i64);
    let secure = state.settings.secure_cookies();
    let session = Cookie::build(SESSION_COOKIE, session_id.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(max_age)
        .finish();
    // Readable by the page's script, which echoes it in X-CSRF-Token.
    let csrf = Cookie::build(CSRF_COOKIE, csrf_token.to_owned())
        .path("/")
        .http_only(false)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(max_age)
        .finish();
    [session, csrf]
}

/// Cookies that remove the session from the browser.
pub fn cleared_cookies() -> [Cookie<'static>; 2] {
    let mut session = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    session.make_removal();
    let mut csrf = Cookie::build(CSRF_COOKIE, "").path("/").finish();
    csrf.make_removal();
    [session, csrf]
}

/// The client address used for rate limits: the TCP peer, never a forwarded
/// header a client could forge.
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Who a successful signup, login or invitation lets in, and where.
#[derive(Debug, Clone)]
pub struct Entered {
    pub user_id: Uuid,
    pub tenant: TenantRef,
    pub role: Role,
}

/// What signup, login, invitation acceptance and tenant switching return.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub user: UserView,
    pub tenant: TenantView,
    pub role: Role,
    /// Echo this in `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    pub tenants: Vec<attain_db::control::memberships::TenantChoice>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TenantView {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// Starts a new session (always a new id), ending `old_session_id` if given.
/// Returns the new id (for the cookie) and what the client is told.
pub async fn open_session(
    state: &AppState,
    old_session_id: Option<String>,
    entered: Entered,
) -> Result<(String, SessionView), ApiError> {
    let Entered {
        user_id,
        tenant,
        role,
    } = entered;
    if let Some(old) = old_session_id {
        state.cache.destroy_session(&old).await?;
    }
    let (user, tenant_row, tenants) = {
        let tenant_id = tenant.id;
        state
            .db
            .run(move |conn| -> Result<_, ApiError> {
                let user = attain_db::control::users::find(conn, user_id)?
                    .ok_or_else(|| ApiError::internal("session for a missing user"))?;
                let tenant = attain_db::control::tenants::find(conn, tenant_id)?
                    .ok_or_else(|| ApiError::internal("session for a missing tenant"))?;
                let tenants = attain_db::control::memberships::active_for_user(conn, user_id)?;
                Ok((user, tenant, tenants))
            })
            .await?
    };
    let (session_id, session) = state
        .cache
        .create_session(user_id, tenant, role, state.session_timeouts())
        .await?;
    Ok((
        session_id,
        SessionView {
            user: UserView {
                id: user.id,
                email: user.email,
                name: user.name,
            },
            tenant: TenantView {
                id: tenant_row.id,
                slug: tenant_row.slug,
                name: tenant_row.name,
            },
            role,
            csrf_token: session.csrf_token,
            tenants,
        },
    ))
}

/// Opens a session and answers with its cookies and [`SessionView`].
pub async fn start_session(
    req: &HttpRequest,
    state: &AppState,
    entered: Entered,
    status: actix_web::http::StatusCode,
) -> Result<actix_web::HttpResponse, ApiError> {
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let (session_id, view) = open_session(state, old, entered).await?;
    let [session_cookie, csrf_cookie] = session_cookies(state, &session_id, &view.csrf_token);
    Ok(actix_web::HttpResponse::build(status)
        .cookie(session_cookie)
        .cookie(csrf_cookie)
        .json(view))
}

/// Refuses the request when `bucket` is over its limit for `subject`.
pub async fn rate_limit(
    state: &AppState,
    bucket: &str,
    subject: &str,
    limit: u32,
    window: std::time::Duration,
) -> Result<(), ApiError> {
    match state.cache.hit(bucket, subject, limit, window).await? {
        attain_cache::rate_limit::Verdict::Allowed => Ok(()),
        attain_cache::rate_limit::Verdict::Limited { retry_after } => {
            Err(ApiError::too_many_requests(retry_after))
        }
    }
}

/// Every request that checks a password (login, accepting an invitation)
/// counts against the same per-IP budget.
pub async fn limit_password_attempts_by_ip(
    req: &HttpRequest,
    state: &AppState,
) -> Result<(), ApiError> {
    limit_password_attempts(state, &client_ip(req)).await
}

pub async fn limit_password_attempts(state: &AppState, client_ip: &str) -> Result<(), ApiError> {
    rate_limit(
        state,
        "login:ip",
        client_ip,
        state.settings.login_attempts_per_ip_per_minute,
        std::time::Duration::from_secs(60),
    )
    .await
}
