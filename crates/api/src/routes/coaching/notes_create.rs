//! `POST /api/v1/people/{person_id}/one-on-ones`: notes a one-on-one with a
//! person: the day it was held (not in the future), what was said, the
//! next steps and the funnel stage worked on. Written by owners, admins and
//! anyone the person reports to; kept as written.

use super::note_access;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::tenant::one_on_ones::{self, OneOnOneNote};
use attain_domain::{validation::bounded_text, FieldError};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOneOnOne {
    /// The day of the meeting (YYYY-MM-DD), today or earlier.
    pub held_on: String,
    /// What was said (1 to 10,000 characters).
    pub notes: String,
    /// What the rep does next (up to 4,000 characters).
    #[serde(default)]
    pub next_steps: String,
    /// The funnel stage worked on, e.g. "Demo → Proposal".
    pub focus_stage: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{person_id}/one-on-ones",
    tag = "coaching",
    operation_id = "one_on_ones_create",
    summary = "Note a one-on-one.",
    description = "Owners, admins and anyone the person reports to.",
    params(("person_id" = uuid::Uuid, Path, description = "The person's id.")),
    request_body = NewOneOnOne,
    responses(
        (status = 201, description = "The note as stored.", body = OneOnOneNote),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not write notes about this person, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/people/{person_id}/one-on-ones")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<NewOneOnOne>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person_id: Uuid,
    body: NewOneOnOne,
) -> Result<OneOnOneNote, ApiError> {
    let today = Utc::now().date_naive();
    let held_on = NaiveDate::parse_from_str(body.held_on.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new("held_on", "must be a day written YYYY-MM-DD"))?;
    if held_on > today {
        return Err(FieldError::new(
            "held_on",
            format!("is in the future ({held_on}): note a one-on-one once it has been held"),
        )
        .into());
    }
    let notes = bounded_text("notes", &body.notes, 1, 10_000)?;
    let next_steps = bounded_text("next_steps", &body.next_steps, 0, 4_000)?;
    let focus_stage = body
        .focus_stage
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| bounded_text("focus_stage", s, 1, 120))
        .transpose()?;
    let caller = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let access = note_access(t, &caller, person_id)?;
            if !access.write {
                return Err(ApiError::forbidden(
                    "One-on-one notes are written by those the person reports to, admins and owners, and never about oneself.",
                ));
            }
            let author_name = attain_db::tenant::people::for_user(t, caller.user_id)?
                .map(|me| me.name)
                .unwrap_or_else(|| "Someone".to_owned());
            let note = OneOnOneNote {
                id: Uuid::new_v4(),
                person_id,
                author_user_id: caller.user_id,
                author_name,
                held_on,
                notes,
                next_steps,
                focus_stage,
                created_at: Utc::now(),
            };
            one_on_ones::insert(t, &note)?;
            Ok(note)
        })
        .await
}
