//! `one_on_one_notes`: what a manager noted after meeting a rep (when, what
//! was said, the next steps, the funnel stage they worked on). Notes are
//! kept, newest first; nothing here deletes one.

use crate::{schema::tenant::one_on_one_notes, DbError, TenantConn};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = one_on_one_notes)]
pub struct OneOnOneNote {
    pub id: Uuid,
    /// The rep the note is about.
    pub person_id: Uuid,
    pub author_user_id: Uuid,
    pub author_name: String,
    pub held_on: NaiveDate,
    pub notes: String,
    pub next_steps: String,
    /// The funnel stage worked on, e.g. "Demo → Proposal".
    pub focus_stage: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, note: &OneOnOneNote) -> Result<(), DbError> {
    diesel::insert_into(one_on_one_notes::table)
        .values(note)
        .execute(t.conn())?;
    Ok(())
}

/// A rep's notes, newest meeting first, at most `limit`.
pub fn for_person(
    t: &mut TenantConn<'_>,
    person: Uuid,
    limit: i64,
) -> Result<Vec<OneOnOneNote>, DbError> {
    Ok(one_on_one_notes::table
        .filter(one_on_one_notes::person_id.eq(person))
        .order((
            one_on_one_notes::held_on.desc(),
            one_on_one_notes::created_at.desc(),
        ))
        .limit(limit)
        .select(OneOnOneNote::as_select())
        .load(t.conn())?)
}

/// The day of each rep's latest one-on-one.
pub fn latest_per_person(t: &mut TenantConn<'_>) -> Result<HashMap<Uuid, NaiveDate>, DbError> {
    Ok(one_on_one_notes::table
        .group_by(one_on_one_notes::person_id)
        .select((
            one_on_one_notes::person_id,
            diesel::dsl::max(one_on_one_notes::held_on),
        ))
        .load::<(Uuid, Option<NaiveDate>)>(t.conn())?
        .into_iter()
        .filter_map(|(person, day)| Some((person, day?)))
        .collect())
}

/// Who wrote a note about a meeting held on or after `since`.
pub fn authors_since(t: &mut TenantConn<'_>, since: NaiveDate) -> Result<Vec<Uuid>, DbError> {
    Ok(one_on_one_notes::table
        .filter(one_on_one_notes::held_on.ge(since))
        .select(one_on_one_notes::author_user_id)
        .distinct()
        .load(t.conn())?)
}
