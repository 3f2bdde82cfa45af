//! `activities` in a tenant schema: calls, meetings, demos and emails people
//! log, optionally against a deal or an account. Filtered lists and the
//! per-kind counts that weekly targets are measured with.

use crate::{schema::tenant::activities, DbError, TenantConn};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: Uuid,
    pub external_id: Option<String>,
    /// call, meeting, demo or email.
    pub kind: String,
    pub person_id: Uuid,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub occurred_at: DateTime<Utc>,
    pub subject: String,
    pub created_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, activity: &Activity) -> Result<(), DbError> {
    diesel::insert_into(activities::table)
        .values(activity)
        .execute(t.conn())?;
    Ok(())
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivitySort {
    #[default]
    Newest,
    Oldest,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Only activities of these people (what the caller may see, narrowed by scope).
    pub people: Option<Vec<Uuid>>,
    pub person_id: Option<Uuid>,
    pub kind: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to_exclusive: Option<DateTime<Utc>>,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub sort: ActivitySort,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &ActivityFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Activity>, i64), DbError> {
    let build = || {
        let mut query = activities::table.into_boxed();
        if let Some(people) = &filter.people {
            query = query.filter(activities::person_id.eq_any(people.clone()));
        }
        if let Some(person) = filter.person_id {
            query = query.filter(activities::person_id.eq(person));
        }
        if let Some(kind) = &filter.kind {
            query = query.filter(activities::kind.eq(kind.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(activities::occurred_at.ge(from));
        }
        if let Some(to) = filter.to_exclusive {
            query = query.filter(activities::occurred_at.lt(to));
        }
        if let Some(deal) = filter.deal_id {
            query = query.filter(activities::deal_id.eq(deal));
        }
        if let Some(account) = filter.account_id {
            query = query.filter(activities::account_id.eq(account));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let query = match filter.sort {
        ActivitySort::Newest => build().order((activities::occurred_at.desc(), activities::id)),
        ActivitySort::Oldest => build().order((activities::occurred_at.asc(), activities::id)),
    };
    let rows = query
        .limit(limit)
        .offset(offset)
        .select(Activity::as_select())
        .load(t.conn())?;
    Ok((rows, total))
}

/// How many activities of each kind `person` logged in `[from, to_exclusive)`.
pub fn counts_by_kind(
    t: &mut TenantConn<'_>,
    person: Uuid,
    from: DateTime<Utc>,
    to_exclusive: DateTime<Utc>,
) -> Result<Vec<(String, i64)>, DbError> {
    Ok(activities::table
        .filter(activities::person_id.eq(person))
        .filter(activities::occurred_at.ge(from))
        .filter(activities::occurred_at.lt(to_exclusive))
        .group_by(activities::kind)
        .select((activities::kind, diesel::dsl::count_star()))
        .load(t.conn())?)
}
