//! `POST /api/v1/comp/assignments`: assigns a plan to a person or to everyone
//! in a sales role, from a day (until another, or open-ended). Under a lock
//! on the assignments, one that overlaps another of the same person or role
//! is refused (409 `assignment_overlaps` naming `starts_on`). Their
//! statements (everyone's, for a role) are recalculated from its start.

use super::{invalid, recalculate, to_json};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_comp::{validate_assignments, Assignment, AssignmentTarget};
use attain_db::{
    control::audit,
    tenant::{
        comp_inputs,
        comp_plans::{self, AssignmentRow},
        people,
    },
};
use attain_domain::{org::SalesRole, Capability};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAssignment {
    pub plan_id: Uuid,
    /// The person; or give `role` instead.
    pub person_id: Option<Uuid>,
    /// hunter, farmer, sdr, ae, am or manager: everyone in it.
    pub role: Option<String>,
    /// The first day (included).
    pub starts_on: NaiveDate,
    /// The last day (included); open-ended without.
    pub ends_on: Option<NaiveDate>,
}

#[utoipa::path(
    post,
    path = "/api/v1/comp/assignments",
    tag = "compensation",
    operation_id = "comp_assignments_create",
    summary = "Assign a plan.",
    description = "Assigns a plan to a person or to a sales role for a span of days; one person's (or role's) assignments never overlap.",
    request_body = CreateAssignment,
    responses(
        (status = 201, description = "The assignment.", body = attain_db::tenant::comp_plans::AssignmentRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "It overlaps another assignment of the same person or role (`assignment_overlaps`, field `starts_on`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid (neither or both of `person_id` and `role`, an unknown plan or person); `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/assignments")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateAssignment>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateAssignment,
) -> Result<AssignmentRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let target = match (body.person_id, body.role.as_deref()) {
        (Some(person), None) => AssignmentTarget::Person(person),
        (None, Some(role)) => {
            let role: SalesRole = role
                .parse()
                .map_err(|e: attain_domain::FieldError| invalid("role", e.message))?;
            AssignmentTarget::Role(role.as_str().to_owned())
        }
        (None, None) => return Err(invalid("person_id", "is required, or a role instead")),
        (Some(_), Some(_)) => return Err(invalid(
            "role",
            "must be left out when person_id is given: a plan is assigned to a person or to a role",
        )),
    };
    if let Some(ends_on) = body.ends_on.filter(|end| *end < body.starts_on) {
        return Err(invalid(
            "ends_on",
            format!("({ends_on}) is before starts_on ({})", body.starts_on),
        ));
    }
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<AssignmentRow, ApiError> {
                if comp_plans::find_plan(t, body.plan_id)?.is_none() {
                    return Err(invalid("plan_id", "is not a plan of your company"));
                }
                if let AssignmentTarget::Person(person) = target {
                    if people::find(t, person)?.is_none() {
                        return Err(invalid("person_id", "is not a person of your company"));
                    }
                }
                comp_plans::lock_assignments(t)?;
                let existing = comp_inputs::assignments(t)?;
                let new = Assignment {
                    id: Uuid::new_v4(),
                    plan_id: body.plan_id,
                    target: target.clone(),
                    from: body.starts_on,
                    to: body.ends_on,
                };
                validate_assignments(&existing, &new).map_err(|e| match e.field.as_str() {
                    "to" => invalid("ends_on", e.message),
                    _ => {
                        ApiError::conflict("assignment_overlaps", e.message).with_field("starts_on")
                    }
                })?;
                let (person_id, role) = match target {
                    AssignmentTarget::Person(person) => (Some(person), None),
                    AssignmentTarget::Role(role) => (None, Some(role)),
                };
                let row = AssignmentRow {
                    id: new.id,
                    plan_id: new.plan_id,
                    person_id,
                    role,
                    starts_on: new.from,
                    ends_on: new.to,
                    created_at: Utc::now(),
                };
                comp_plans::insert_assignment(t, &row)?;
                recalculate(
                    t,
                    row.person_id.map(|p| vec![p]),
                    row.starts_on,
                    "plan assignment created".to_owned(),
                )?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_assignment.created",
                        "comp_assignment",
                        row.id,
                        None,
                        Some(to_json(&row)?),
                    ),
                )?;
                Ok(row)
            },
        )
        .await
}
