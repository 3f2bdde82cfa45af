//! `PATCH /api/v1/tasks/{task_id}`: changes a task. The body carries the
//! `version` last seen (409 `version_conflict` if the task changed since).
//! `remind_at` and `measured_result` may be `null` to clear them; `items`,
//! when given, is the whole checklist (items with an `id` keep it, items
//! without one are new, items left out are removed). Completing sets
//! `completed_at`, reopening or cancelling clears it. Every change writes
//! one history event with what it was before and after; a PATCH that
//! changes nothing writes nothing and keeps the version.

use super::{view, visible_task, TaskView};
use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    routes::{activities::acting_for, deals::caller_person},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::tasks::{self, NewTaskEvent, Task, TaskItem},
    DbError,
};
use attain_domain::{
    task::{
        check_item_count, completed_at_after, diff_items, parse_item_text, parse_notes,
        parse_title, status_action, ItemState, TaskStatus,
    },
    Capability, FieldError,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

/// Tells "absent" (keep) apart from `null` (clear).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// An existing item's id; none for a new item.
    pub id: Option<Uuid>,
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    pub version: i32,
    pub title: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub owner_id: Option<Uuid>,
    /// `null` clears the reminder.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub remind_at: Option<Option<DateTime<Utc>>>,
    pub resources: Option<String>,
    pub expected_result: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub measured_result: Option<Option<String>>,
    /// open, done or cancelled.
    pub status: Option<String>,
    /// The whole checklist: items with an `id` keep it, items without one are new, items left out are removed.
    pub items: Option<Vec<ItemInput>>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/tasks/{task_id}",
    tag = "tasks",
    operation_id = "tasks_update",
    summary = "Change a task.",
    description = "Changes the fields given, writing one history event per change; `items` replaces the checklist. Carries the `version` last read.",
    params(("task_id" = uuid::Uuid, Path, description = "The task's id.")),
    request_body = UpdateTask,
    responses(
        (status = 200, description = "The task as changed.", body = crate::routes::tasks::TaskView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such task, or not one the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale: the record changed since it was read (`version_conflict`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/tasks/{task_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateTask>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

/// History events for one PATCH: `(action, detail)`.
#[derive(Default)]
struct Changes(Vec<(String, Value)>);

impl Changes {
    fn field<T: Serialize + PartialEq>(&mut self, field: &str, before: &T, after: &T) {
        if before != after {
            self.0.push((
                format!("{field}_changed"),
                json!({ "field": field, "before": before, "after": after }),
            ));
        }
    }

    fn push(&mut self, action: &str, detail: Value) {
        self.0.push((action.to_owned(), detail));
    }
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    task_id: Uuid,
    body: UpdateTask,
) -> Result<TaskView, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let title = body.title.as_deref().map(parse_title).transpose()?;
    let resources = body
        .resources
        .as_deref()
        .map(|r| parse_notes("resources", r))
        .transpose()?;
    let expected_result = body
        .expected_result
        .as_deref()
        .map(|r| parse_notes("expected_result", r))
        .transpose()?;
    let measured_result = body
        .measured_result
        .map(|m| {
            m.as_deref()
                .map(|r| parse_notes("measured_result", r))
                .transpose()
        })
        .transpose()?;
    let status: Option<TaskStatus> = body.status.as_deref().map(str::parse).transpose()?;
    if let Some(items) = &body.items {
        check_item_count(items.len())?;
    }
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<TaskView, ApiError> {
            let before = visible_task(t, &actor, task_id, true)?;
            if caller_person(t, &actor)? != Some(before.owner_id) {
                actor.require(Capability::EditAnyDeal)?;
            }
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This task was changed by someone else (now version {}). Reload it and apply your change again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            let mut changes = Changes::default();
            if let Some(title) = title {
                after.title = title;
            }
            if let Some(due_date) = body.due_date {
                after.due_date = due_date;
            }
            if let Some(owner) = body.owner_id.filter(|owner| *owner != before.owner_id) {
                after.owner_id = acting_for(t, &actor, "owner_id", Some(owner))?;
            }
            if let Some(remind_at) = body.remind_at {
                after.remind_at = remind_at;
            }
            if let Some(resources) = resources {
                after.resources = resources;
            }
            if let Some(expected_result) = expected_result {
                after.expected_result = expected_result;
            }
            if let Some(measured_result) = measured_result {
                after.measured_result = measured_result;
            }
            changes.field("title", &before.title, &after.title);
            changes.field("due_date", &before.due_date, &after.due_date);
            changes.field("owner", &before.owner_id, &after.owner_id);
            changes.field("remind_at", &before.remind_at, &after.remind_at);
            changes.field("resources", &before.resources, &after.resources);
            changes.field("expected_result", &before.expected_result, &after.expected_result);
            changes.field("measured_result", &before.measured_result, &after.measured_result);
            let now = Utc::now();
            if let Some(status) = status {
                let was: TaskStatus = before.status.parse().map_err(|e: FieldError| DbError::Corrupt(e.to_string()))?;
                if status != was {
                    after.status = status.as_str().to_owned();
                    after.completed_at = completed_at_after(was, status, before.completed_at, now);
                    changes.push(status_action(status), json!({ "before": was, "after": status }));
                }
            }
            if let Some(inputs) = &body.items {
                let old = tasks::items(t, task_id)?;
                let new = checklist(task_id, &old, inputs)?;
                let state = |items: &[TaskItem]| -> Vec<ItemState> {
                    items.iter().map(|i| ItemState { id: i.id, text: i.text.clone(), done: i.done }).collect()
                };
                let diff = diff_items(&state(&old), &state(&new));
                for change in &diff {
                    let detail = serde_json::to_value(change).map_err(|e| DbError::Corrupt(e.to_string()))?;
                    changes.push(change.action(), detail);
                }
                let order = |items: &[TaskItem]| items.iter().map(|i| i.id).collect::<Vec<_>>();
                let reordered = order(&old) != order(&new);
                if diff.is_empty() && reordered {
                    changes.push("items_reordered", json!({ "before": order(&old), "after": order(&new) }));
                }
                if !diff.is_empty() || reordered {
                    tasks::replace_items(t, task_id, &new)?;
                }
            }
            if changes.0.is_empty() {
                return view(t, before);
            }
            after.version += 1;
            tasks::save(t, &after)?;
            let events: Vec<NewTaskEvent> = changes
                .0
                .into_iter()
                .map(|(action, detail)| NewTaskEvent { task_id, at: now, by_user_id: Some(actor.user_id), action, detail })
                .collect();
            tasks::record_events(t, &events)?;
            let json = |task: &Task| serde_json::to_value(task).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("task.updated", "task", task_id, Some(json(&before)?), Some(json(&after)?)))?;
            view(t, after)
        })
        .await
}

/// The new checklist: known ids keep their item, items without an id are new.
fn checklist(
    task_id: Uuid,
    old: &[TaskItem],
    inputs: &[ItemInput],
) -> Result<Vec<TaskItem>, ApiError> {
    let mut items: Vec<TaskItem> = Vec::with_capacity(inputs.len());
    for (position, input) in inputs.iter().enumerate() {
        let id = match input.id {
            Some(id) if !old.iter().any(|item| item.id == id) => {
                return Err(
                    FieldError::new("items", format!("{id} is not an item of this task")).into(),
                )
            }
            Some(id) if items.iter().any(|item| item.id == id) => {
                return Err(FieldError::new("items", format!("{id} appears more than once")).into())
            }
            Some(id) => id,
            None => Uuid::new_v4(),
        };
        items.push(TaskItem {
            id,
            task_id,
            text: parse_item_text(&input.text)?,
            done: input.done,
            position: position as i32,
        });
    }
    Ok(items)
}
