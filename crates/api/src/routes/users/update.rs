//! `PATCH /api/v1/users/{user_id}`: change a member's role, or deactivate and
//! reactivate them. Any change ends the member's sessions in this company, so
//! the new role (or the deactivation) takes effect at once. The last active
//! owner can be neither demoted nor deactivated.

use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    seats::{self, SeatRequest},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use attain_db::control::{audit, memberships};
use attain_domain::{Capability, FieldError, Role};
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMember {
    /// owner, admin, executive, manager, rep or billing_admin.
    pub role: Option<String>,
    /// `false` deactivates the member, `true` reactivates them.
    pub active: Option<bool>,
    /// Reactivating when every paid seat is taken: add one (billed now,
    /// prorated). Only callers who may manage billing can.
    #[serde(default)]
    pub add_seat: bool,
}

#[utoipa::path(
    patch,
    path = "/api/v1/users/{user_id}",
    tag = "users",
    operation_id = "users_update",
    summary = "Change a member.",
    description = "Changes a member's role or deactivates and reactivates them, ending their sessions here; the last active owner can be neither demoted nor deactivated.",
    params(("user_id" = uuid::Uuid, Path, description = "The member's user id.")),
    request_body = UpdateMember,
    responses(
        (status = 200, description = "The member as changed.", body = crate::openapi::MemberUpdated),
        (status = 400, description = "Nothing to change (`nothing_to_change`), or the body is not valid JSON.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, only an owner changes owners, or no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such member.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The company's only owner (`last_owner`); or reactivating needs a seat and every paid seat is taken (`seats_full`: confirm `add_seat`) or the tier sells no more (`tier_seat_limit`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/users/{user_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateMember>,
) -> Result<HttpResponse, ApiError> {
    let updated = run(&state, &principal, path.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "user_id": updated.user_id,
        "role": updated.role,
        "active": updated.active,
    })))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    user_id: Uuid,
    body: UpdateMember,
) -> Result<memberships::Membership, ApiError> {
    principal.require(Capability::ManageUsers)?;
    let new_role: Option<Role> = body
        .role
        .as_deref()
        .map(|r| r.parse().map_err(|m: String| FieldError::new("role", m)))
        .transpose()?;
    if new_role.is_none() && body.active.is_none() {
        return Err(ApiError::bad_request(
            "nothing_to_change",
            "Send a new role, or active: true or false.",
        ));
    }
    let actor = principal.clone();
    let tenant_id = principal.tenant.id;
    let updated = state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<memberships::Membership, ApiError> {
                let before = memberships::find(conn, tenant_id, user_id)?
                    .ok_or_else(|| ApiError::not_found("member"))?;
                let current_role = before.role()?;
                let role = new_role.unwrap_or(current_role);
                let active = body.active.unwrap_or(before.active);
                if !actor.role.may_assign(current_role) || !actor.role.may_assign(role) {
                    return Err(ApiError::forbidden(
                        "Only an owner can change an owner, or make someone an owner.",
                    ));
                }
                let loses_ownership = current_role == Role::Owner
                    && before.active
                    && (role != Role::Owner || !active);
                if loses_ownership && memberships::count_active_owners(conn, tenant_id)? <= 1 {
                    return Err(ApiError::conflict(
                        "last_owner",
                        "This is the company's only owner. Make someone else an owner first.",
                    )
                    .with_field(if role != Role::Owner {
                        "role"
                    } else {
                        "active"
                    }));
                }
                if active && !before.active {
                    seats::take_one(
                        conn,
                        SeatRequest {
                            tenant_id,
                            may_add_seat: actor.role.can(Capability::ManageBilling),
                            add_seat: body.add_seat,
                            field: "active",
                        },
                    )?;
                }
                memberships::set_role(conn, tenant_id, user_id, role)?;
                memberships::set_active(conn, tenant_id, user_id, active)?;
                let after = memberships::find(conn, tenant_id, user_id)?
                    .ok_or_else(|| ApiError::internal("member vanished"))?;
                let action = match (before.active, active) {
                    (true, false) => "user.deactivated",
                    (false, true) => "user.reactivated",
                    _ => "user.role_changed",
                };
                audit::record(
                    conn,
                    &actor.audit(
                        action,
                        "user",
                        user_id,
                        Some(serde_json::json!({ "role": before.role, "active": before.active })),
                        Some(serde_json::json!({ "role": after.role, "active": after.active })),
                    ),
                )?;
                Ok(after)
            })
        })
        .await?;
    let ended = state
        .cache
        .destroy_user_sessions(tenant_id, user_id)
        .await?;
    tracing::info!(%user_id, role = %updated.role, active = updated.active, sessions_ended = ended, "member updated");
    Ok(updated)
}
