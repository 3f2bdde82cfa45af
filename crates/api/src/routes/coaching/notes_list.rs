//! `GET /api/v1/people/{person_id}/one-on-ones`: the one-on-one notes about
//! a person, newest meeting first (at most 100), and whether the caller may
//! add one. Who may read them: see [`super`].

use super::note_access;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::one_on_ones::{self, OneOnOneNote};
use serde::Serialize;
use uuid::Uuid;

/// Notes returned at most (years of monthly one-on-ones).
const LIMIT: i64 = 100;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OneOnOneList {
    pub person_id: Uuid,
    /// Whether the caller may add a note about this person.
    pub can_write: bool,
    pub notes: Vec<OneOnOneNote>,
}

#[utoipa::path(
    get,
    path = "/api/v1/people/{person_id}/one-on-ones",
    tag = "coaching",
    operation_id = "one_on_ones_list",
    summary = "A person's one-on-one notes.",
    description = "Newest meeting first. Owners, admins and executives; anyone the person reports to; and the person themself.",
    params(("person_id" = uuid::Uuid, Path, description = "The person's id.")),
    responses(
        (status = 200, description = "The notes.", body = OneOnOneList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not read this person's notes.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/people/{person_id}/one-on-ones")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person_id: Uuid,
) -> Result<OneOnOneList, ApiError> {
    let caller = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let access = note_access(t, &caller, person_id)?;
            if !access.read {
                return Err(ApiError::forbidden(
                    "One-on-one notes are read by the person, those they report to, executives, admins and owners.",
                ));
            }
            Ok(OneOnOneList {
                person_id,
                can_write: access.write,
                notes: one_on_ones::for_person(t, person_id, LIMIT)?,
            })
        })
        .await
}
