//! `tasks`, `task_items` and `task_events` in a tenant schema: tasks with
//! their to-do items, and the history of every change made to them.

use crate::{
    schema::tenant::{task_events, task_items, tasks},
    DbError, TenantConn,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    Serialize,
    utoipa::ToSchema,
)]
#[diesel(table_name = tasks, treat_none_as_null = true)]
pub struct Task {
    pub id: Uuid,
    pub title: String,
    pub owner_id: Uuid,
    pub due_date: NaiveDate,
    pub remind_at: Option<DateTime<Utc>>,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub resources: String,
    pub expected_result: String,
    pub measured_result: Option<String>,
    /// open, done or cancelled.
    pub status: String,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = task_items)]
pub struct TaskItem {
    pub id: Uuid,
    #[serde(skip)]
    pub task_id: Uuid,
    pub text: String,
    pub done: bool,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = task_events)]
pub struct TaskEvent {
    pub id: i64,
    #[serde(skip)]
    pub task_id: Uuid,
    pub at: DateTime<Utc>,
    pub by_user_id: Option<Uuid>,
    pub action: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = task_events)]
pub struct NewTaskEvent {
    pub task_id: Uuid,
    pub at: DateTime<Utc>,
    pub by_user_id: Option<Uuid>,
    pub action: String,
    pub detail: serde_json::Value,
}

pub fn insert(t: &mut TenantConn<'_>, task: &Task) -> Result<(), DbError> {
    diesel::insert_into(tasks::table)
        .values(task)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Task>, DbError> {
    Ok(tasks::table
        .find(id)
        .select(Task::as_select())
        .first(t.conn())
        .optional()?)
}

/// Locks the row for an update in this transaction.
pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Task>, DbError> {
    Ok(tasks::table
        .find(id)
        .for_update()
        .select(Task::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn save(t: &mut TenantConn<'_>, task: &Task) -> Result<(), DbError> {
    diesel::update(tasks::table.find(task.id))
        .set(task)
        .execute(t.conn())?;
    Ok(())
}

/// A task's to-do items in their order.
pub fn items(t: &mut TenantConn<'_>, task_id: Uuid) -> Result<Vec<TaskItem>, DbError> {
    Ok(task_items::table
        .filter(task_items::task_id.eq(task_id))
        .order((task_items::position, task_items::id))
        .select(TaskItem::as_select())
        .load(t.conn())?)
}

pub fn replace_items(
    t: &mut TenantConn<'_>,
    task_id: Uuid,
    items: &[TaskItem],
) -> Result<(), DbError> {
    diesel::delete(task_items::table.filter(task_items::task_id.eq(task_id))).execute(t.conn())?;
    diesel::insert_into(task_items::table)
        .values(items)
        .execute(t.conn())?;
    Ok(())
}

pub fn record_events(t: &mut TenantConn<'_>, events: &[NewTaskEvent]) -> Result<(), DbError> {
    diesel::insert_into(task_events::table)
        .values(events)
        .execute(t.conn())?;
    Ok(())
}

/// A task's history, oldest first.
pub fn events(t: &mut TenantConn<'_>, task_id: Uuid) -> Result<Vec<TaskEvent>, DbError> {
    Ok(task_events::table
        .filter(task_events::task_id.eq(task_id))
        .order((task_events::at, task_events::id))
        .select(TaskEvent::as_select())
        .load(t.conn())?)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TaskSort {
    /// Soonest due first.
    #[default]
    Due,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Only tasks these people own (what the caller may see, narrowed by scope).
    pub owners: Option<Vec<Uuid>>,
    pub owner_id: Option<Uuid>,
    pub status: Option<String>,
    /// `Some(true)`: open and due before `today`; `Some(false)`: anything else.
    pub overdue: Option<bool>,
    pub today: Option<NaiveDate>,
    /// Due strictly before this day.
    pub due_before: Option<NaiveDate>,
    pub sort: TaskSort,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &TaskFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Task>, i64), DbError> {
    let today = filter.today.unwrap_or_else(|| Utc::now().date_naive());
    let build = || {
        let mut query = tasks::table.into_boxed();
        if let Some(owners) = &filter.owners {
            query = query.filter(tasks::owner_id.eq_any(owners.clone()));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(tasks::owner_id.eq(owner));
        }
        if let Some(status) = &filter.status {
            query = query.filter(tasks::status.eq(status.clone()));
        }
        match filter.overdue {
            Some(true) => {
                query = query.filter(tasks::status.eq("open").and(tasks::due_date.lt(today)))
            }
            Some(false) => {
                query = query.filter(tasks::status.ne("open").or(tasks::due_date.ge(today)))
            }
            None => {}
        }
        if let Some(before) = filter.due_before {
            query = query.filter(tasks::due_date.lt(before));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let query = match filter.sort {
        TaskSort::Due => build().order((tasks::due_date.asc(), tasks::created_at.asc(), tasks::id)),
        TaskSort::Newest => build().order((tasks::created_at.desc(), tasks::id)),
    };
    let rows = query
        .limit(limit)
        .offset(offset)
        .select(Task::as_select())
        .load(t.conn())?;
    Ok((rows, total))
}

/// `(task_id, done, total)` item counts for the given tasks (tasks without items are left out).
pub fn item_counts(
    t: &mut TenantConn<'_>,
    task_ids: &[Uuid],
) -> Result<Vec<(Uuid, i64, i64)>, DbError> {
    let rows: Vec<ItemCountRow> = diesel::sql_query(
        "SELECT task_id, count(*) FILTER (WHERE done) AS done, count(*) AS total FROM task_items WHERE task_id = ANY($1) GROUP BY task_id",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(task_ids)
    .load(t.conn())?;
    Ok(rows
        .into_iter()
        .map(|row| (row.task_id, row.done, row.total))
        .collect())
}

#[derive(QueryableByName)]
struct ItemCountRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    task_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    done: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
}

/// `owner`'s open tasks that are overdue, due by `now`'s day, or whose
/// reminder time has come: soonest due first, at most `limit`.
pub fn reminders(
    t: &mut TenantConn<'_>,
    owner: Uuid,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Task>, DbError> {
    Ok(tasks::table
        .filter(tasks::owner_id.eq(owner))
        .filter(tasks::status.eq("open"))
        .filter(
            tasks::due_date
                .le(now.date_naive())
                .or(tasks::remind_at.le(now)),
        )
        .order((tasks::due_date.asc(), tasks::created_at.asc(), tasks::id))
        .limit(limit)
        .select(Task::as_select())
        .load(t.conn())?)
}

/// Open tasks past their due date on `today`, per owner.
pub fn overdue_per_owner(
    t: &mut TenantConn<'_>,
    today: NaiveDate,
) -> Result<std::collections::HashMap<Uuid, i64>, DbError> {
    Ok(tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::due_date.lt(today))
        .group_by(tasks::owner_id)
        .select((tasks::owner_id, diesel::dsl::count_star()))
        .load::<(Uuid, i64)>(t.conn())?
        .into_iter()
        .collect())
}
