//! `POST /api/v1/invitations`: invite someone by email with a role. There is no
//! mail server: the link is returned to the inviting admin (and logged), who
//! passes it on. Links expire after seven days and work once.

use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    seats::{self, SeatRequest},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_cache::sessions::{random_token, sha256_hex};
use attain_db::control::{audit, billing, invitations, memberships, users};
use attain_domain::{signup::Email, Capability, FieldError, Role};
use chrono::{Duration, Utc};
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 7;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub email: String,
    /// owner, admin, executive, manager, rep or billing_admin.
    pub role: String,
    /// When every paid seat is taken: add one (billed now, prorated). Only
    /// callers who may manage billing can.
    #[serde(default)]
    pub add_seat: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "invitations",
    operation_id = "invitations_create",
    summary = "Invite someone.",
    description = "Invites an email with a role and returns the link (there is no mail server); links expire after seven days and work once. A pending invitation holds a seat; past the seats paid for, an owner confirms adding one with `add_seat`.",
    request_body = InviteRequest,
    responses(
        (status = 201, description = "The invitation and its link.", body = CreatedInvitation),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, only an owner invites an owner, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "Already an active member (`already_member`); every paid seat is taken (`seats_full`: confirm `add_seat`, or ask a billing admin); or the tier sells no more seats (`tier_seat_limit`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/invitations")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<InviteRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CreatedInvitation {
    pub id: Uuid,
    pub email: String,
    pub role: String,
    pub expires_at: chrono::DateTime<Utc>,
    pub invite_url: String,
    pub token: String,
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: InviteRequest,
) -> Result<CreatedInvitation, ApiError> {
    principal.require(Capability::ManageUsers)?;
    let email = Email::parse("email", &body.email)?;
    let role: Role = body
        .role
        .parse()
        .map_err(|m: String| FieldError::new("role", m))?;
    if !principal.role.may_assign(role) {
        return Err(
            ApiError::forbidden("Only an owner can invite another owner.").with_field("role"),
        );
    }
    let token = random_token();
    let invitation = invitations::Invitation {
        id: Uuid::new_v4(),
        tenant_id: principal.tenant.id,
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        token_hash: sha256_hex(&token),
        invited_by: principal.user_id,
        created_at: Utc::now(),
        expires_at: Utc::now() + Duration::days(INVITATION_DAYS),
        accepted_at: None,
    };
    let stored = invitation.clone();
    let may_add_seat = principal.role.can(Capability::ManageBilling);
    let actor = principal.clone();
    state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<(), ApiError> {
                if let Some(user) = users::find_by_email(conn, &stored.email)? {
                    if memberships::find(conn, stored.tenant_id, user.id)?.is_some_and(|m| m.active)
                    {
                        return Err(ApiError::conflict(
                            "already_member",
                            "This person is already an active member of your company.",
                        )
                        .with_field("email"));
                    }
                }
                if !billing::has_pending_invitation(conn, stored.tenant_id, &stored.email)? {
                    seats::take_one(
                        conn,
                        SeatRequest {
                            tenant_id: stored.tenant_id,
                            may_add_seat,
                            add_seat: body.add_seat,
                            field: "email",
                        },
                    )?;
                }
                invitations::insert(conn, &stored)?;
                audit::record(
                    conn,
                    &actor.audit(
                        "invitation.created",
                        "invitation",
                        stored.id,
                        None,
                        Some(serde_json::json!({ "email": stored.email, "role": stored.role })),
                    ),
                )?;
                Ok(())
            })
        })
        .await?;
    let invite_url = format!("{}/invite/{token}", state.settings.base_url);
    tracing::info!(invitation_id = %invitation.id, email = %invitation.email, %invite_url, "invitation link created");
    Ok(CreatedInvitation {
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expires_at: invitation.expires_at,
        invite_url,
        token,
    })
}
