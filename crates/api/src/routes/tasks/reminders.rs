//! `GET /api/v1/tasks/reminders`: what the caller's reminder bell shows:
//! their open tasks that are overdue, due today, or whose reminder time has
//! come, soonest due first, each with its `reason`.

use super::{summaries, TaskSummary};
use crate::{auth::Principal, error::ApiError, routes::deals::caller_person, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::tasks;
use attain_domain::{
    task::{reminder_reason, ReminderReason, TaskStatus},
    Capability,
};
use chrono::Utc;
use serde::Serialize;

/// The bell shows at most this many.
const MAX_REMINDERS: i64 = 100;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reminder {
    #[serde(flatten)]
    pub task: TaskSummary,
    pub reason: ReminderReason,
}

#[utoipa::path(
    get,
    path = "/api/v1/tasks/reminders",
    tag = "tasks",
    operation_id = "tasks_reminders",
    summary = "The caller's reminders.",
    description = "The caller's open tasks that are overdue, due today or whose reminder time has come, soonest due first.",
    responses(
        (status = 200, description = "The reminders.", body = crate::openapi::ReminderList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/tasks/reminders")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": run(&state, &principal).await? })))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<Vec<Reminder>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Vec<Reminder>, ApiError> {
                let Some(me) = caller_person(t, &principal)? else {
                    return Ok(Vec::new());
                };
                let now = Utc::now();
                let due = tasks::reminders(t, me, now, MAX_REMINDERS)?;
                Ok(summaries(t, due)?
                    .into_iter()
                    .filter_map(|task| {
                        let reason = reminder_reason(
                            TaskStatus::Open,
                            task.task.due_date,
                            task.task.remind_at,
                            now,
                        )?;
                        Some(Reminder { task, reason })
                    })
                    .collect())
            },
        )
        .await
}
