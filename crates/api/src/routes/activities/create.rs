//! `POST /api/v1/activities`: logs a call, meeting, demo or email, for the
//! caller or (managers, admins, owners) for someone else, optionally against
//! a deal or an account. Activities are things that happened: more than a
//! day in the future is refused (plan those as tasks).

use super::{acting_for, linked_records};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::activities::{self, Activity},
    DbError,
};
use attain_domain::{activity::ActivityKind, validation::bounded_text, Capability, FieldError};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateActivity {
    /// call, meeting, demo or email.
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub subject: Option<String>,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// Defaults to the caller.
    pub person_id: Option<Uuid>,
}

#[utoipa::path(
    post,
    path = "/api/v1/activities",
    tag = "activities",
    operation_id = "activities_create",
    summary = "Log an activity.",
    description = "Logs a call, meeting, demo or email for the caller or (managers and up) someone else; more than a day in the future is refused.",
    request_body = CreateActivity,
    responses(
        (status = 201, description = "The activity.", body = attain_db::tenant::activities::Activity),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/activities")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateActivity>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateActivity,
) -> Result<Activity, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let kind: ActivityKind = body.kind.parse()?;
    let now = Utc::now();
    if body.occurred_at > now + Duration::days(1) {
        return Err(FieldError::new(
            "occurred_at",
            "must not be in the future; plan it as a task",
        )
        .into());
    }
    let subject = bounded_text("subject", body.subject.as_deref().unwrap_or(""), 0, 300)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Activity, ApiError> {
                let person_id = acting_for(t, &actor, "person_id", body.person_id)?;
                let account_id = linked_records(t, body.deal_id, body.account_id)?;
                let activity = Activity {
                    id: Uuid::new_v4(),
                    external_id: None,
                    kind: kind.as_str().to_owned(),
                    person_id,
                    deal_id: body.deal_id,
                    account_id,
                    occurred_at: body.occurred_at,
                    subject,
                    created_at: now,
                };
                activities::insert(t, &activity)?;
                // The KPI worker counts it against the person's targets.
                let tenant_id = t.tenant_id();
                attain_jobs::envelope::enqueue(
                    t.conn(),
                    tenant_id,
                    attain_jobs::envelope::kinds::ACTIVITY_LOGGED,
                    attain_jobs::envelope::ActivityLogged {
                        activity_id: activity.id,
                        person_id: activity.person_id,
                        occurred_on: activity.occurred_at.date_naive(),
                    },
                )?;
                let after =
                    serde_json::to_value(&activity).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "activity.created",
                        "activity",
                        activity.id,
                        None,
                        Some(after),
                    ),
                )?;
                Ok(activity)
            },
        )
        .await
}
