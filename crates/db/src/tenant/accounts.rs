//! `accounts` and the ideal customer profile (`icp_criteria`) in a tenant
//! schema. Each account stores its fit score; saving the profile rescores all.

use crate::{
    schema::tenant::{accounts, icp_criteria},
    DbError, TenantConn,
};
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
#[diesel(table_name = accounts, treat_none_as_null = true)]
pub struct Account {
    pub id: Uuid,
    pub external_id: Option<String>,
    pub name: String,
    pub industry: String,
    pub employees: Option<i32>,
    pub segment: String,
    pub region_id: Option<Uuid>,
    pub territory_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub icp_score: i32,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = icp_criteria)]
pub struct CriterionRow {
    pub id: Uuid,
    pub attribute: String,
    pub value: String,
    pub weight: i32,
    pub position: i32,
}

pub fn insert(t: &mut TenantConn<'_>, account: &Account) -> Result<(), DbError> {
    diesel::insert_into(accounts::table)
        .values(account)
        .execute(t.conn())?;
    Ok(())
}

pub fn save(t: &mut TenantConn<'_>, account: &Account) -> Result<(), DbError> {
    diesel::update(accounts::table.find(account.id))
        .set(account)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Account>, DbError> {
    Ok(accounts::table
        .find(id)
        .select(Account::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Account>, DbError> {
    Ok(accounts::table
        .find(id)
        .for_update()
        .select(Account::as_select())
        .first(t.conn())
        .optional()?)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountSort {
    #[default]
    BestFit,
    Name,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub name_contains: Option<String>,
    pub industry: Option<String>,
    pub segment: Option<String>,
    pub region_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub min_score: Option<i32>,
    pub sort: AccountSort,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &AccountFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Account>, i64), DbError> {
    let build = || {
        let mut query = accounts::table.into_boxed();
        if let Some(part) = &filter.name_contains {
            let pattern = format!(
                "%{}%",
                part.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            query = query.filter(accounts::name.ilike(pattern));
        }
        if let Some(industry) = &filter.industry {
            query = query.filter(accounts::industry.ilike(industry.clone()));
        }
        if let Some(segment) = &filter.segment {
            query = query.filter(accounts::segment.eq(segment.clone()));
        }
        if let Some(region) = filter.region_id {
            query = query.filter(accounts::region_id.eq(region));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(accounts::owner_id.eq(owner));
        }
        if let Some(min) = filter.min_score {
            query = query.filter(accounts::icp_score.ge(min));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let query = match filter.sort {
        AccountSort::BestFit => {
            build().order((accounts::icp_score.desc(), accounts::name, accounts::id))
        }
        AccountSort::Name => build().order((accounts::name, accounts::id)),
        AccountSort::Newest => build().order((accounts::created_at.desc(), accounts::id)),
    };
    let rows = query
        .limit(limit)
        .offset(offset)
        .select(Account::as_select())
        .load(t.conn())?;
    Ok((rows, total))
}

/// Every account (for rescoring and imports that match by name).
pub fn all(t: &mut TenantConn<'_>) -> Result<Vec<Account>, DbError> {
    Ok(accounts::table
        .order(accounts::id)
        .select(Account::as_select())
        .load(t.conn())?)
}

pub fn set_scores(t: &mut TenantConn<'_>, scores: &[(Uuid, i32)]) -> Result<(), DbError> {
    for chunk in scores.chunks(2000) {
        let ids: Vec<Uuid> = chunk.iter().map(|(id, _)| *id).collect();
        let values: Vec<i32> = chunk.iter().map(|(_, score)| *score).collect();
        diesel::sql_query(
            "UPDATE accounts a SET icp_score = s.score FROM unnest($1::uuid[], $2::int[]) AS s(id, score) WHERE a.id = s.id AND a.icp_score <> s.score",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Int4>, _>(values)
        .execute(t.conn())?;
    }
    Ok(())
}

pub fn criteria(t: &mut TenantConn<'_>) -> Result<Vec<CriterionRow>, DbError> {
    Ok(icp_criteria::table
        .order(icp_criteria::position)
        .select(CriterionRow::as_select())
        .load(t.conn())?)
}

pub fn replace_criteria(t: &mut TenantConn<'_>, rows: &[CriterionRow]) -> Result<(), DbError> {
    diesel::delete(icp_criteria::table).execute(t.conn())?;
    diesel::insert_into(icp_criteria::table)
        .values(rows)
        .execute(t.conn())?;
    Ok(())
}
