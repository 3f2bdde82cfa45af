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

#[derive(Debug, Deserialize)]
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
