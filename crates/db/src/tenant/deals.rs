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
#[diesel(table_name = deals, treat_none_as_null = true)]
pub struct Deal {
    pub id: Uuid,
    pub name: String,
    pub owner_id: Uuid,
    pub amount: Decimal,
    pub currency: String,
    /// open, won or lost: the kind of the deal's stage.
    pub status: String,
    pub expected_close_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub external_id: Option<String>,
    pub account_id: Option<Uuid>,
    pub stage_id: Uuid,
    pub deal_type: String,
    pub closed_date: Option<NaiveDate>,
    pub loss_reason: Option<String>,
    pub stage_entered_at: DateTime<Utc>,
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DealSort {
    #[default]
    Newest,
    AmountDesc,
    ExpectedClose,
    Name,
}

#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    pub status: Option<DealStatus>,
    pub owner_id: Option<Uuid>,
    /// Only deals these people own or share (a rep's own, a manager's team).
    pub visible_to: Option<Vec<Uuid>>,
    pub stage_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub deal_type: Option<String>,
    /// Case-insensitive part of the name.
    pub name_contains: Option<String>,
    pub sort: DealSort,
}

pub fn list(
    t: &mut TenantConn<'_>,
    filter: &DealFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Deal>, i64), DbError> {
    use crate::schema::tenant::deal_splits;
    let build = || {
        let mut query = deals::table.into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(deals::status.eq(status.as_str()));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(deals::owner_id.eq(owner));
        }
        if let Some(people) = &filter.visible_to {
            let shared = deal_splits::table
                .filter(deal_splits::person_id.eq_any(people.clone()))
                .select(deal_splits::deal_id);
            query = query.filter(
                deals::owner_id
                    .eq_any(people.clone())
                    .or(deals::id.eq_any(shared)),
            );
        }
        if let Some(stage) = filter.stage_id {
            query = query.filter(deals::stage_id.eq(stage));
        }
        if let Some(account) = filter.account_id {
            query = query.filter(deals::account_id.eq(account));
        }
        if let Some(deal_type) = &filter.deal_type {
            query = query.filter(deals::deal_type.eq(deal_type.clone()));
        }
        if let Some(part) = &filter.name_contains {
            let pattern = format!(
                "%{}%",
                part.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            query = query.filter(deals::name.ilike(pattern));
        }
        query
    };
    let total = build().count().get_result(t.conn())?;
    let query = build();
    let query = match filter.sort {
        DealSort::Newest => query.order((deals::created_at.desc(), deals::id)),
        DealSort::AmountDesc => query.order((deals::amount.desc(), deals::id)),
        DealSort::ExpectedClose => {
            query.order((deals::expected_close_date.asc().nulls_last(), deals::id))
        }
        DealSort::Name => query.order((deals::name.asc(), deals::id)),
    };
    let rows = query
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

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = crate::schema::tenant::deal_splits)]
pub struct Split {
    pub deal_id: Uuid,
    pub person_id: Uuid,
    pub share: Decimal,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = crate::schema::tenant::deal_lines)]
pub struct Line {
    pub id: Uuid,
    pub deal_id: Uuid,
    pub product_id: Uuid,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = crate::schema::tenant::deal_milestones)]
pub struct Milestone {
    pub id: i64,
    pub deal_id: Uuid,
    pub from_stage_id: Option<Uuid>,
    pub to_stage_id: Uuid,
    pub at: DateTime<Utc>,
    pub by_user_id: Option<Uuid>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::tenant::deal_milestones)]
pub struct NewMilestone {
    pub deal_id: Uuid,
    pub from_stage_id: Option<Uuid>,
    pub to_stage_id: Uuid,
    pub at: DateTime<Utc>,
    pub by_user_id: Option<Uuid>,
    pub source: String,
}

pub fn splits(t: &mut TenantConn<'_>, deal_id: Uuid) -> Result<Vec<Split>, DbError> {
    use crate::schema::tenant::deal_splits;
    Ok(deal_splits::table
        .filter(deal_splits::deal_id.eq(deal_id))
        .order(deal_splits::share.desc())
        .select(Split::as_select())
        .load(t.conn())?)
}

pub fn replace_splits(
    t: &mut TenantConn<'_>,
    deal_id: Uuid,
    splits: &[Split],
) -> Result<(), DbError> {
    use crate::schema::tenant::deal_splits;
    diesel::delete(deal_splits::table.filter(deal_splits::deal_id.eq(deal_id)))
        .execute(t.conn())?;
    diesel::insert_into(deal_splits::table)
        .values(splits)
        .execute(t.conn())?;
    Ok(())
}

pub fn lines(t: &mut TenantConn<'_>, deal_id: Uuid) -> Result<Vec<Line>, DbError> {
    use crate::schema::tenant::deal_lines;
    Ok(deal_lines::table
        .filter(deal_lines::deal_id.eq(deal_id))
        .order(deal_lines::position)
        .select(Line::as_select())
        .load(t.conn())?)
}

pub fn replace_lines(t: &mut TenantConn<'_>, deal_id: Uuid, lines: &[Line]) -> Result<(), DbError> {
    use crate::schema::tenant::deal_lines;
    diesel::delete(deal_lines::table.filter(deal_lines::deal_id.eq(deal_id))).execute(t.conn())?;
    diesel::insert_into(deal_lines::table)
        .values(lines)
        .execute(t.conn())?;
    Ok(())
}

/// A deal's stage changes, oldest first.
pub fn milestones(t: &mut TenantConn<'_>, deal_id: Uuid) -> Result<Vec<Milestone>, DbError> {
    use crate::schema::tenant::deal_milestones;
    Ok(deal_milestones::table
        .filter(deal_milestones::deal_id.eq(deal_id))
        .order((deal_milestones::at, deal_milestones::id))
        .select(Milestone::as_select())
        .load(t.conn())?)
}

pub fn record_milestones(
    t: &mut TenantConn<'_>,
    milestones: &[NewMilestone],
) -> Result<(), DbError> {
    use diesel::sql_types::{Array, Nullable, Text, Timestamptz, Uuid as SqlUuid};
    // One statement per chunk of arrays: imports write hundreds of thousands.
    for chunk in milestones.chunks(20_000) {
        diesel::sql_query(
            "INSERT INTO deal_milestones (deal_id, from_stage_id, to_stage_id, at, by_user_id, source)
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::text[])",
        )
        .bind::<Array<SqlUuid>, _>(chunk.iter().map(|m| m.deal_id).collect::<Vec<_>>())
        .bind::<Array<Nullable<SqlUuid>>, _>(chunk.iter().map(|m| m.from_stage_id).collect::<Vec<_>>())
        .bind::<Array<SqlUuid>, _>(chunk.iter().map(|m| m.to_stage_id).collect::<Vec<_>>())
        .bind::<Array<Timestamptz>, _>(chunk.iter().map(|m| m.at).collect::<Vec<_>>())
        .bind::<Array<Nullable<SqlUuid>>, _>(chunk.iter().map(|m| m.by_user_id).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(chunk.iter().map(|m| m.source.clone()).collect::<Vec<_>>())
        .execute(t.conn())?;
    }
    Ok(())
}
