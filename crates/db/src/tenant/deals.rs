//! `deals` in a tenant schema.

use crate::{schema::tenant::deals, DbError, TenantConn};
use attain_domain::{
    deal::{Currency, DealStatus},
    kpi::DealAggregate,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = deals)]
pub struct Deal {
    pub id: Uuid,
    pub name: String,
    pub owner_user_id: Uuid,
    pub amount: Decimal,
    pub currency: String,
    pub status: String,
    pub close_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, deal: &Deal) -> Result<(), DbError> {
    diesel::insert_into(deals::table)
        .values(deal)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Deal>, DbError> {
    Ok(deals::table
        .find(id)
        .select(Deal::as_select())
        .first(t.conn())
        .optional()?)
}

/// Locks the row for an update in this transaction.
pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Deal>, DbError> {
    Ok(deals::table
        .find(id)
        .for_update()
        .select(Deal::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn save(t: &mut TenantConn<'_>, deal: &Deal) -> Result<(), DbError> {
    diesel::update(deals::table.find(deal.id))
        .set(deal)
        .execute(t.conn())?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    pub status: Option<DealStatus>,
    pub owner_user_id: Option<Uuid>,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &DealFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Deal>, i64), DbError> {
    let build = || {
        let mut query = deals::table.into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(deals::status.eq(status.as_str()));
        }
        if let Some(owner) = filter.owner_user_id {
            query = query.filter(deals::owner_user_id.eq(owner));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let rows = build()
        .order((deals::created_at.desc(), deals::id))
        .limit(limit)
        .offset(offset)
        .select(Deal::as_select())
        .load(t.conn())?;
    Ok((rows, total))
}

/// Deal counts and amounts grouped by status and currency.
pub fn aggregates(t: &mut TenantConn<'_>) -> Result<Vec<DealAggregate>, DbError> {
    let rows: Vec<(String, String, i64, Option<Decimal>)> = deals::table
        .group_by((deals::status, deals::currency))
        .select((
            deals::status,
            deals::currency,
            diesel::dsl::count_star(),
            diesel::dsl::sum(deals::amount),
        ))
        .load(t.conn())?;
    rows.into_iter()
        .map(|(status, currency, count, amount)| {
            Ok(DealAggregate {
                status: status
                    .parse()
                    .map_err(|e: attain_domain::FieldError| DbError::Corrupt(e.to_string()))?,
                currency: Currency::parse(&currency)
                    .map_err(|e| DbError::Corrupt(e.to_string()))?,
                count,
                amount: amount.unwrap_or_default(),
            })
        })
        .collect()
}
