//! `GET /api/v1/comp/assignments`: every assignment of a plan to a person or
//! a sales role, by start date.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_plans::{self, AssignmentRow};
use attain_domain::Capability;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssignmentList {
    pub items: Vec<AssignmentRow>,
}

#[utoipa::path(
    get,
    path = "/api/v1/comp/assignments",
    tag = "compensation",
    operation_id = "comp_assignments_list",
    summary = "List plan assignments.",
    description = "Every assignment of a plan to a person or to everyone in a sales role, sorted by start date. A person's own assignment wins over their role's.",
    responses(
        (status = 200, description = "The assignments.", body = AssignmentList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/comp/assignments")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<AssignmentList, ApiError> {
    principal.require(Capability::ViewStatements)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<AssignmentList, ApiError> {
                Ok(AssignmentList {
                    items: comp_plans::list_assignments(t)?,
                })
            },
        )
        .await
}
