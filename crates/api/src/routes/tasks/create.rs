//! `POST /api/v1/tasks`: creates a task with its to-do items, for the caller
//! or (managers, admins, owners) for someone else, and starts its history
//! with a `created` event. A due date in the past is allowed: it is overdue
//! from the start.

use super::view;
use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    routes::activities::{acting_for, linked_records},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::tasks::{self, NewTaskEvent, Task, TaskItem},
    DbError,
};
use attain_domain::{
    task::{check_item_count, parse_item_text, parse_notes, parse_title, TaskStatus},
    Capability,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    pub title: String,
    pub due_date: NaiveDate,
    /// Defaults to the caller.
    pub owner_id: Option<Uuid>,
    pub remind_at: Option<DateTime<Utc>>,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub resources: Option<String>,
    pub expected_result: Option<String>,
    /// The to-do items' texts, in order.
    #[serde(default)]
    pub items: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/tasks",
    tag = "tasks",
    operation_id = "tasks_create",
    summary = "Create a task.",
    description = "Creates a task with its to-do items for the caller or (managers and up) someone else, and starts its history.",
    request_body = CreateTask,
    responses(
        (status = 201, description = "The task.", body = crate::routes::tasks::TaskView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/tasks")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateTask>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateTask,
) -> Result<super::TaskView, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let title = parse_title(&body.title)?;
    let resources = parse_notes("resources", body.resources.as_deref().unwrap_or(""))?;
    let expected_result = parse_notes(
        "expected_result",
        body.expected_result.as_deref().unwrap_or(""),
    )?;
    check_item_count(body.items.len())?;
    let texts = body
        .items
        .iter()
        .map(|text| parse_item_text(text))
        .collect::<Result<Vec<_>, _>>()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<super::TaskView, ApiError> {
                let owner_id = acting_for(t, &actor, "owner_id", body.owner_id)?;
                let account_id = linked_records(t, body.deal_id, body.account_id)?;
                let now = Utc::now();
                let task = Task {
                    id: Uuid::new_v4(),
                    title,
                    owner_id,
                    due_date: body.due_date,
                    remind_at: body.remind_at,
                    deal_id: body.deal_id,
                    account_id,
                    resources,
                    expected_result,
                    measured_result: None,
                    status: TaskStatus::Open.as_str().to_owned(),
                    completed_at: None,
                    created_by: Some(actor.user_id),
                    version: 1,
                    created_at: now,
                };
                let items: Vec<TaskItem> = texts
                    .into_iter()
                    .enumerate()
                    .map(|(position, text)| TaskItem {
                        id: Uuid::new_v4(),
                        task_id: task.id,
                        text,
                        done: false,
                        position: position as i32,
                    })
                    .collect();
                tasks::insert(t, &task)?;
                tasks::replace_items(t, task.id, &items)?;
                tasks::record_events(
                    t,
                    &[NewTaskEvent {
                        task_id: task.id,
                        at: now,
                        by_user_id: Some(actor.user_id),
                        action: "created".into(),
                        detail: json!({
                            "title": task.title,
                            "owner_id": task.owner_id,
                            "due_date": task.due_date,
                            "items": items.iter().map(|item| &item.text).collect::<Vec<_>>(),
                        }),
                    }],
                )?;
                let view = view(t, task)?;
                let after = serde_json::to_value(&view.summary)
                    .map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "task.created",
                        "task",
                        view.summary.task.id,
                        None,
                        Some(after),
                    ),
                )?;
                Ok(view)
            },
        )
        .await
}
