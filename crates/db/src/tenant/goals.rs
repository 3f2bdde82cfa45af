//! `goals` in a tenant schema: a target per period, scope and metric, linked
//! to its parent goal (the cascade from the company down to reps).

use crate::{schema::tenant::goals, DbError, TenantConn};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

/// The unique index behind "one goal per scope, period and metric".
pub const UNIQUE_SCOPE_PERIOD_METRIC: &str = "goals_unique_scope_period_metric";

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    QueryableByName,
    Selectable,
    Insertable,
    AsChangeset,
    Serialize,
    utoipa::ToSchema,
)]
#[diesel(table_name = goals, treat_none_as_null = true)]
pub struct Goal {
    pub id: Uuid,
    /// month, quarter or year.
    pub period_kind: String,
    pub period_start: NaiveDate,
    /// company, region, team or rep.
    pub scope_kind: String,
    /// The team (region or team) or person (rep); none for the company.
    pub scope_id: Option<Uuid>,
    /// revenue, new_logos, pipeline_created or activities.
    pub metric: String,
    pub target: Decimal,
    pub currency: Option<String>,
    pub parent_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, goal: &Goal) -> Result<(), DbError> {
    diesel::insert_into(goals::table)
        .values(goal)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Goal>, DbError> {
    Ok(goals::table
        .find(id)
        .select(Goal::as_select())
        .first(t.conn())
        .optional()?)
}

/// Locks the row for an update in this transaction.
pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Goal>, DbError> {
    Ok(goals::table
        .find(id)
        .for_update()
        .select(Goal::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn save(t: &mut TenantConn<'_>, goal: &Goal) -> Result<(), DbError> {
    diesel::update(goals::table.find(goal.id))
        .set(goal)
        .execute(t.conn())?;
    Ok(())
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GoalSort {
    /// By period, then from the company down to reps.
    #[default]
    Period,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct GoalFilter {
    /// `(period_kind, period_start)`.
    pub period: Option<(String, NaiveDate)>,
    pub metric: Option<String>,
    pub scope_kind: Option<String>,
    pub scope_id: Option<Uuid>,
    pub sort: GoalSort,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &GoalFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Goal>, i64), DbError> {
    let build = || {
        let mut query = goals::table.into_boxed();
        if let Some((kind, start)) = &filter.period {
            query = query
                .filter(goals::period_kind.eq(kind.clone()))
                .filter(goals::period_start.eq(*start));
        }
        if let Some(metric) = &filter.metric {
            query = query.filter(goals::metric.eq(metric.clone()));
        }
        if let Some(scope_kind) = &filter.scope_kind {
            query = query.filter(goals::scope_kind.eq(scope_kind.clone()));
        }
        if let Some(scope_id) = filter.scope_id {
            query = query.filter(goals::scope_id.eq(scope_id));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let level = diesel::dsl::sql::<diesel::sql_types::Integer>(
        "CASE scope_kind WHEN 'company' THEN 0 WHEN 'region' THEN 1 WHEN 'team' THEN 2 ELSE 3 END",
    );
    let query = match filter.sort {
        GoalSort::Period => build().order((
            goals::period_start.asc(),
            goals::period_kind.desc(),
            level.asc(),
            goals::created_at.asc(),
            goals::id,
        )),
        GoalSort::Newest => build().order((goals::created_at.desc(), goals::id)),
    };
    let rows = query
        .limit(limit)
        .offset(offset)
        .select(Goal::as_select())
        .load(t.conn())?;
    Ok((rows, total))
}

/// The cascade of `metric` for a period: its goals whose parent is not of
/// the same period (the roots), and everything below them at any depth.
pub fn cascade(
    t: &mut TenantConn<'_>,
    metric: &str,
    period_kind: &str,
    period_start: NaiveDate,
) -> Result<Vec<Goal>, DbError> {
    Ok(diesel::sql_query(
        "WITH RECURSIVE tree AS ( \
           SELECT g.* FROM goals g WHERE g.metric = $1 AND g.period_kind = $2 AND g.period_start = $3 \
             AND NOT EXISTS (SELECT 1 FROM goals p WHERE p.id = g.parent_id AND p.period_kind = $2 AND p.period_start = $3) \
           UNION \
           SELECT c.* FROM goals c JOIN tree ON c.parent_id = tree.id \
         ) SELECT * FROM tree ORDER BY created_at, id",
    )
    .bind::<diesel::sql_types::Text, _>(metric)
    .bind::<diesel::sql_types::Text, _>(period_kind)
    .bind::<diesel::sql_types::Date, _>(period_start)
    .load(t.conn())?)
}

/// The ids of `goal` and every goal above it.
pub fn self_and_ancestors(t: &mut TenantConn<'_>, goal: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM goals WHERE id = $1 \
         UNION SELECT g.id, g.parent_id FROM goals g JOIN up ON g.id = up.parent_id) SELECT id FROM up",
    )
    .bind::<diesel::sql_types::Uuid, _>(goal)
    .load(t.conn())?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}
