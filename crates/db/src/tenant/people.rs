//! `people` in a tenant schema: everyone who sells or manages, with their
//! team, manager and sales role. Members of the company have a person whose
//! id is their user id.

use crate::{schema::tenant::people, DbError, TenantConn};
use chrono::{DateTime, Utc};
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
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct Person {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub external_id: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub team_id: Option<Uuid>,
    pub manager_id: Option<Uuid>,
    pub sales_role: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl Person {
    /// The person a member of the company is: same id as the user.
    pub fn for_member(user_id: Uuid, name: &str, email: &str, sales_role: &str) -> Self {
        Self {
            id: user_id,
            user_id: Some(user_id),
            external_id: None,
            name: name.to_owned(),
            email: Some(email.to_owned()),
            team_id: None,
            manager_id: None,
            sales_role: sales_role.to_owned(),
            active: true,
            version: 1,
            created_at: Utc::now(),
        }
    }
}

pub fn insert(t: &mut TenantConn<'_>, person: &Person) -> Result<(), DbError> {
    diesel::insert_into(people::table)
        .values(person)
        .execute(t.conn())?;
    Ok(())
}

/// Gives a member a person, or links the unlinked person with their email
/// (someone imported from the CRM before they were invited).
pub fn ensure_for_member(t: &mut TenantConn<'_>, member: &Person) -> Result<Uuid, DbError> {
    if let Some(existing) = for_user(t, member.user_id.unwrap_or(member.id))? {
        return Ok(existing.id);
    }
    if let Some(email) = &member.email {
        let linked: Option<Uuid> = diesel::update(
            people::table.filter(people::user_id.is_null()).filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>("lower(email) = lower(")
                    .bind::<diesel::sql_types::Text, _>(email)
                    .sql(")"),
            ),
        )
        .set(people::user_id.eq(member.user_id))
        .returning(people::id)
        .get_result(t.conn())
        .optional()?;
        if let Some(id) = linked {
            return Ok(id);
        }
    }
    insert(t, member)?;
    Ok(member.id)
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Person>, DbError> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Person>, DbError> {
    Ok(people::table
        .find(id)
        .for_update()
        .select(Person::as_select())
        .first(t.conn())
        .optional()?)
}

/// The person a logged-in user is in this company.
pub fn for_user(t: &mut TenantConn<'_>, user_id: Uuid) -> Result<Option<Person>, DbError> {
    Ok(people::table
        .filter(people::user_id.eq(user_id))
        .select(Person::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn save(t: &mut TenantConn<'_>, person: &Person) -> Result<(), DbError> {
    diesel::update(people::table.find(person.id))
        .set(person)
        .execute(t.conn())?;
    Ok(())
}

/// Everyone, by name (a company's people: hundreds, not millions).
pub fn all(t: &mut TenantConn<'_>) -> Result<Vec<Person>, DbError> {
    Ok(people::table
        .order((people::name, people::id))
        .select(Person::as_select())
        .load(t.conn())?)
}

/// The ids of `manager` and everyone below them, at any depth.
pub fn reporting_to(t: &mut TenantConn<'_>, manager: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "WITH RECURSIVE below(id) AS (SELECT $1::uuid UNION SELECT p.id FROM people p JOIN below b ON p.manager_id = b.id) SELECT id FROM below",
    )
    .bind::<diesel::sql_types::Uuid, _>(manager)
    .load(t.conn())?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

/// The ids of people in `team` or any team below it.
pub fn in_team_tree(t: &mut TenantConn<'_>, team: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "WITH RECURSIVE tree(id) AS (SELECT $1::uuid UNION SELECT t.id FROM teams t JOIN tree ON t.parent_id = tree.id) SELECT p.id FROM people p JOIN tree ON p.team_id = tree.id",
    )
    .bind::<diesel::sql_types::Uuid, _>(team)
    .load(t.conn())?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

/// Gives the member `user_id` of `tenant` their person in the tenant's
/// schema (or links the imported person with their email).
pub fn ensure_for_user(
    conn: &mut diesel::PgConnection,
    tenant: &attain_domain::TenantRef,
    user_id: Uuid,
    manages: bool,
) -> Result<Uuid, DbError> {
    let user = crate::control::users::find(conn, user_id)?
        .ok_or_else(|| DbError::Corrupt(format!("no user {user_id}")))?;
    let sales_role = if manages { "manager" } else { "ae" };
    TenantConn::transaction(conn, tenant, |t| {
        ensure_for_member(
            t,
            &Person::for_member(user.id, &user.name, &user.email, sales_role),
        )
    })
}
