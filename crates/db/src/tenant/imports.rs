//! `imports` and `import_rejections` in a tenant schema: uploaded CSV files
//! (kept, so nothing uploaded is lost), their mapping, progress and every
//! refused row; and the bulk writes an import makes.

use crate::{
    schema::tenant::{import_rejections, imports},
    DbError, TenantConn,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::{prelude::*, sql_types};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = imports)]
pub struct Import {
    pub id: Uuid,
    pub kind: String,
    pub source: String,
    pub file_name: String,
    #[serde(skip)]
    pub content: Vec<u8>,
    /// The column mapping: CSV column name to field.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub mapping: serde_json::Value,
    /// CRM stage to pipeline stage key.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub stage_mapping: serde_json::Value,
    /// previewed, queued, running, done or failed.
    pub status: String,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub rejected_rows: i32,
    pub error: Option<String>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = import_rejections)]
pub struct RejectionRow {
    pub import_id: Uuid,
    pub line: i64,
    pub column_name: String,
    pub reason: String,
}

pub fn insert(t: &mut TenantConn<'_>, import: &Import) -> Result<(), DbError> {
    diesel::insert_into(imports::table)
        .values(import)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Import>, DbError> {
    Ok(imports::table
        .find(id)
        .select(Import::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Import>, DbError> {
    Ok(imports::table
        .find(id)
        .for_update()
        .select(Import::as_select())
        .first(t.conn())
        .optional()?)
}

/// Newest first, without file contents.
pub fn list(
    t: &mut TenantConn<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Import>, i64), DbError> {
    let total = imports::table.count().get_result(t.conn())?;
    let rows = imports::table
        .order((imports::created_at.desc(), imports::id))
        .limit(limit)
        .offset(offset)
        .select((
            imports::id,
            imports::kind,
            imports::source,
            imports::file_name,
            diesel::dsl::sql::<sql_types::Binary>("''::bytea"),
            imports::mapping,
            imports::stage_mapping,
            imports::status,
            imports::total_rows,
            imports::processed_rows,
            imports::created_rows,
            imports::updated_rows,
            imports::rejected_rows,
            imports::error,
            imports::created_by,
            imports::version,
            imports::created_at,
            imports::finished_at,
        ))
        .load::<Import>(t.conn())?;
    Ok((rows, total))
}

pub fn set_mapping(
    t: &mut TenantConn<'_>,
    id: Uuid,
    mapping: &serde_json::Value,
    stage_mapping: &serde_json::Value,
    total_rows: i32,
    rejected_rows: i32,
) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set((
            imports::mapping.eq(mapping),
            imports::stage_mapping.eq(stage_mapping),
            imports::total_rows.eq(total_rows),
            imports::rejected_rows.eq(rejected_rows),
            imports::version.eq(imports::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn set_status(t: &mut TenantConn<'_>, id: Uuid, status: &str) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set((
            imports::status.eq(status),
            imports::version.eq(imports::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn set_progress(t: &mut TenantConn<'_>, id: Uuid, processed: i32) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set(imports::processed_rows.eq(processed))
        .execute(t.conn())?;
    Ok(())
}

pub fn finish(
    t: &mut TenantConn<'_>,
    id: Uuid,
    created: i32,
    updated: i32,
    rejections: &[RejectionRow],
) -> Result<(), DbError> {
    diesel::delete(import_rejections::table.filter(import_rejections::import_id.eq(id)))
        .execute(t.conn())?;
    for chunk in rejections.chunks(10_000) {
        diesel::insert_into(import_rejections::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .execute(t.conn())?;
    }
    let rejected_rows = {
        let mut lines: Vec<i64> = rejections.iter().map(|r| r.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines.len() as i32
    };
    diesel::update(imports::table.find(id))
        .set((
            imports::status.eq("done"),
            imports::created_rows.eq(created),
            imports::updated_rows.eq(updated),
            imports::rejected_rows.eq(rejected_rows),
            imports::finished_at.eq(Some(Utc::now())),
            imports::error.eq(None::<String>),
            imports::version.eq(imports::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn fail(t: &mut TenantConn<'_>, id: Uuid, error: &str) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set((
            imports::status.eq("failed"),
            imports::error.eq(Some(error)),
            imports::finished_at.eq(Some(Utc::now())),
            imports::version.eq(imports::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn rejections(t: &mut TenantConn<'_>, id: Uuid) -> Result<Vec<RejectionRow>, DbError> {
    Ok(import_rejections::table
        .filter(import_rejections::import_id.eq(id))
        .order((import_rejections::line, import_rejections::column_name))
        .select(RejectionRow::as_select())
        .load(t.conn())?)
}

/// One deal as an import writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DealUpsert {
    pub id: Uuid,
    pub external_id: String,
    pub name: String,
    pub owner_id: Uuid,
    pub amount: Decimal,
    pub currency: String,
    pub status: String,
    pub expected_close_date: Option<NaiveDate>,
    pub closed_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub stage_id: Uuid,
    pub deal_type: String,
    pub loss_reason: Option<String>,
    pub account_id: Option<Uuid>,
    pub stage_entered_at: DateTime<Utc>,
}

#[derive(QueryableByName, Debug)]
pub struct UpsertedDeal {
    #[diesel(sql_type = sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = sql_types::Text)]
    pub external_id: String,
    #[diesel(sql_type = sql_types::Bool)]
    pub inserted: bool,
}

/// Inserts or (by external id) updates deals in one statement per call.
pub fn upsert_deals(
    t: &mut TenantConn<'_>,
    deals: &[DealUpsert],
) -> Result<Vec<UpsertedDeal>, DbError> {
    if deals.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! column {
        ($field:ident) => {
            deals.iter().map(|d| d.$field.clone()).collect::<Vec<_>>()
        };
    }
    Ok(diesel::sql_query(
        "INSERT INTO deals (id, external_id, name, owner_id, amount, currency, status, expected_close_date,
                            closed_date, created_at, updated_at, stage_id, deal_type, loss_reason, account_id,
                            stage_entered_at, version)
         SELECT u.id, u.external_id, u.name, u.owner_id, u.amount, u.currency, u.status, u.expected_close_date,
                u.closed_date, u.created_at, now(), u.stage_id, u.deal_type, u.loss_reason, u.account_id,
                u.stage_entered_at, 1
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::numeric[], $6::text[], $7::text[],
                     $8::date[], $9::date[], $10::timestamptz[], $11::uuid[], $12::text[], $13::text[],
                     $14::uuid[], $15::timestamptz[])
              AS u(id, external_id, name, owner_id, amount, currency, status, expected_close_date, closed_date,
                   created_at, stage_id, deal_type, loss_reason, account_id, stage_entered_at)
         ON CONFLICT (external_id) DO UPDATE SET
             name = excluded.name, owner_id = excluded.owner_id, amount = excluded.amount,
             currency = excluded.currency, status = excluded.status,
             expected_close_date = excluded.expected_close_date, closed_date = excluded.closed_date,
             created_at = excluded.created_at, updated_at = now(), stage_id = excluded.stage_id,
             deal_type = excluded.deal_type, loss_reason = excluded.loss_reason,
             account_id = excluded.account_id, stage_entered_at = excluded.stage_entered_at,
             version = deals.version + 1
         WHERE (deals.name, deals.owner_id, deals.amount, deals.currency, deals.status, deals.expected_close_date,
                deals.closed_date, deals.stage_id, deals.deal_type, deals.loss_reason, deals.account_id)
               IS DISTINCT FROM
               (excluded.name, excluded.owner_id, excluded.amount, excluded.currency, excluded.status,
                excluded.expected_close_date, excluded.closed_date, excluded.stage_id, excluded.deal_type,
                excluded.loss_reason, excluded.account_id)
         RETURNING id, external_id, (xmax = 0) AS inserted",
    )
    .bind::<sql_types::Array<sql_types::Uuid>, _>(column!(id))
    .bind::<sql_types::Array<sql_types::Text>, _>(column!(external_id))
    .bind::<sql_types::Array<sql_types::Text>, _>(column!(name))
    .bind::<sql_types::Array<sql_types::Uuid>, _>(column!(owner_id))
    .bind::<sql_types::Array<sql_types::Numeric>, _>(column!(amount))
    .bind::<sql_types::Array<sql_types::Text>, _>(column!(currency))
    .bind::<sql_types::Array<sql_types::Text>, _>(column!(status))
    .bind::<sql_types::Array<sql_types::Nullable<sql_types::Date>>, _>(column!(expected_close_date))
    .bind::<sql_types::Array<sql_types::Nullable<sql_types::Date>>, _>(column!(closed_date))
    .bind::<sql_types::Array<sql_types::Timestamptz>, _>(column!(created_at))
    .bind::<sql_types::Array<sql_types::Uuid>, _>(column!(stage_id))
    .bind::<sql_types::Array<sql_types::Text>, _>(column!(deal_type))
    .bind::<sql_types::Array<sql_types::Nullable<sql_types::Text>>, _>(column!(loss_reason))
    .bind::<sql_types::Array<sql_types::Nullable<sql_types::Uuid>>, _>(column!(account_id))
    .bind::<sql_types::Array<sql_types::Timestamptz>, _>(column!(stage_entered_at))
    .load(t.conn())?)
}

/// Drops the milestones an earlier import of these deals wrote.
pub fn clear_imported_milestones(t: &mut TenantConn<'_>, deal_ids: &[Uuid]) -> Result<(), DbError> {
    use crate::schema::tenant::deal_milestones;
    diesel::delete(
        deal_milestones::table
            .filter(deal_milestones::deal_id.eq_any(deal_ids))
            .filter(deal_milestones::source.eq("import")),
    )
    .execute(t.conn())?;
    Ok(())
}
