//! Tasks: a title, an owner, a due date, resources, the expected and the
//! measured result, an optional reminder time and a checklist of to-do items.
//! Every change is written to the task's history (`task_events`) in the same
//! transaction.
//!
//! Visibility follows activities (see `routes::activities`): reps see the
//! tasks they own, managers also their reports', owners, admins and
//! executives all; a task the caller may not see is a 404. Reps change their
//! own tasks; managers, admins and owners also others' (a manager only their
//! reports'); executives read. A task is overdue when it is open and its due
//! day (UTC) has passed.

pub mod create;
pub mod get;
pub mod list;
pub mod reminders;
pub mod update;

use super::activities::may_see;
use crate::{auth::Principal, error::ApiError};
use attain_db::{
    tenant::tasks::{self, Task, TaskEvent, TaskItem},
    TenantConn,
};
use attain_domain::task::{is_overdue, TaskStatus};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

/// A task in a list: its fields, whether it is overdue and how far its checklist is.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskSummary {
    #[serde(flatten)]
    pub task: Task,
    pub overdue: bool,
    pub items_done: i64,
    pub items_total: i64,
}

/// One task with its checklist and history (oldest first, newest last).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    #[serde(flatten)]
    pub summary: TaskSummary,
    pub items: Vec<TaskItem>,
    pub history: Vec<TaskEvent>,
}

pub fn overdue(task: &Task, today: NaiveDate) -> bool {
    task.status
        .parse::<TaskStatus>()
        .is_ok_and(|status| is_overdue(status, task.due_date, today))
}

/// The list form of tasks, with their item counts (one query for all).
pub fn summaries(t: &mut TenantConn<'_>, tasks: Vec<Task>) -> Result<Vec<TaskSummary>, ApiError> {
    let today = Utc::now().date_naive();
    let ids: Vec<Uuid> = tasks.iter().map(|task| task.id).collect();
    let counts = tasks::item_counts(t, &ids)?;
    Ok(tasks
        .into_iter()
        .map(|task| {
            let (items_done, items_total) = counts
                .iter()
                .find(|(id, _, _)| *id == task.id)
                .map_or((0, 0), |(_, done, total)| (*done, *total));
            TaskSummary {
                overdue: overdue(&task, today),
                task,
                items_done,
                items_total,
            }
        })
        .collect())
}

/// The full view of a task as it is now in this transaction.
pub fn view(t: &mut TenantConn<'_>, task: Task) -> Result<TaskView, ApiError> {
    let items = tasks::items(t, task.id)?;
    let history = tasks::events(t, task.id)?;
    let items_done = items.iter().filter(|item| item.done).count() as i64;
    Ok(TaskView {
        summary: TaskSummary {
            overdue: overdue(&task, Utc::now().date_naive()),
            items_done,
            items_total: items.len() as i64,
            task,
        },
        items,
        history,
    })
}

/// Loads `task_id` if the caller may see it; otherwise 404.
pub fn visible_task(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    task_id: Uuid,
    for_update: bool,
) -> Result<Task, ApiError> {
    let task = if for_update {
        tasks::find_for_update(t, task_id)?
    } else {
        tasks::find(t, task_id)?
    }
    .ok_or_else(|| ApiError::not_found("task"))?;
    if may_see(t, principal, task.owner_id)? {
        Ok(task)
    } else {
        Err(ApiError::not_found("task"))
    }
}
