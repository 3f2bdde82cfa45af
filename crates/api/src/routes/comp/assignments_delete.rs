//! `DELETE /api/v1/comp/assignments/{assignment_id}`: removes an assignment;
//! the person's statements (everyone's, for a role) are recalculated from
//! its start.

use super::{recalculate, to_json};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{delete, web, HttpResponse};
use attain_db::{control::audit, tenant::comp_plans};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    delete,
    path = "/api/v1/comp/assignments/{assignment_id}",
    tag = "compensation",
    operation_id = "comp_assignments_delete",
    summary = "Remove a plan assignment.",
    description = "Removes the assignment; statements it affected are recalculated in the background.",
    params(("assignment_id" = uuid::Uuid, Path, description = "The assignment's id.")),
    responses(
        (status = 204, description = "Removed."),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such assignment.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[delete("/comp/assignments/{assignment_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    run(&state, &principal, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    assignment_id: Uuid,
) -> Result<(), ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<(), ApiError> {
            comp_plans::lock_assignments(t)?;
            let row = comp_plans::delete_assignment(t, assignment_id)?
                .ok_or_else(|| ApiError::not_found("assignment"))?;
            recalculate(
                t,
                row.person_id.map(|p| vec![p]),
                row.starts_on,
                "plan assignment removed".to_owned(),
            )?;
            audit::record(
                t.conn(),
                &actor.audit(
                    "comp_assignment.deleted",
                    "comp_assignment",
                    assignment_id,
                    Some(to_json(&row)?),
                    None,
                ),
            )?;
            Ok(())
        })
        .await
}
