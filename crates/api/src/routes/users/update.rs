//! `PATCH /api/v1/users/{user_id}`: change a member's role, or deactivate and
//! reactivate them. Any change ends the member's sessions in this company, so
//! the new role (or the deactivation) takes effect at once. The last active
//! owner can be neither demoted nor deactivated.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::control::{audit, memberships};
use attain_domain::{Capability, FieldError, Role};
use diesel::Connection;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMember {
    pub role: Option<String>,
    pub active: Option<bool>,
}

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
