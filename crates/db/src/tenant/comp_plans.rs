//! Compensation set-up in a tenant schema: plans and their versions,
//! assignments, quotas, exchange rates and the statement period length.

use crate::{
    schema::tenant::{
        comp_assignments, comp_plan_versions, comp_plans, comp_quotas, comp_settings, fx_rates,
    },
    DbError, TenantConn,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

pub const UNIQUE_PLAN_NAME: &str = "comp_plans_unique_name";

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_plans)]
pub struct PlanRow {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_plan_versions)]
pub struct VersionRow {
    pub plan_id: Uuid,
    pub version: i32,
    /// draft or published.
    pub status: String,
    pub effective_from: NaiveDate,
    #[schema(value_type = attain_comp::PlanRules)]
    pub rules: serde_json::Value,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_assignments)]
pub struct AssignmentRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub person_id: Option<Uuid>,
    pub role: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_quotas)]
pub struct QuotaRow {
    pub person_id: Uuid,
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = fx_rates)]
pub struct RateRow {
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub from_currency: String,
    pub to_currency: String,
    pub rate: Decimal,
}

pub fn set_period_kind(t: &mut TenantConn<'_>, kind: &str) -> Result<(), DbError> {
    diesel::update(comp_settings::table)
        .set((
            comp_settings::period_kind.eq(kind),
            comp_settings::version.eq(comp_settings::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn insert_plan(t: &mut TenantConn<'_>, plan: &PlanRow) -> Result<(), DbError> {
    diesel::insert_into(comp_plans::table)
        .values(plan)
        .execute(t.conn())?;
    Ok(())
}

pub fn list_plans(t: &mut TenantConn<'_>) -> Result<Vec<PlanRow>, DbError> {
    Ok(comp_plans::table
        .select(PlanRow::as_select())
        .order(comp_plans::name)
        .load(t.conn())?)
}

pub fn find_plan(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<PlanRow>, DbError> {
    Ok(comp_plans::table
        .find(id)
        .select(PlanRow::as_select())
        .first(t.conn())
        .optional()?)
}

/// Locks the plan so two people adding versions get consecutive numbers.
pub fn lock_plan(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<PlanRow>, DbError> {
    Ok(comp_plans::table
        .find(id)
        .for_update()
        .select(PlanRow::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn versions(t: &mut TenantConn<'_>, plan_id: Uuid) -> Result<Vec<VersionRow>, DbError> {
    Ok(comp_plan_versions::table
        .filter(comp_plan_versions::plan_id.eq(plan_id))
        .select(VersionRow::as_select())
        .order(comp_plan_versions::version)
        .load(t.conn())?)
}

pub fn all_versions(t: &mut TenantConn<'_>) -> Result<Vec<VersionRow>, DbError> {
    Ok(comp_plan_versions::table
        .select(VersionRow::as_select())
        .order((comp_plan_versions::plan_id, comp_plan_versions::version))
        .load(t.conn())?)
}

pub fn find_version(
    t: &mut TenantConn<'_>,
    plan_id: Uuid,
    version: i32,
) -> Result<Option<VersionRow>, DbError> {
    Ok(comp_plan_versions::table
        .find((plan_id, version))
        .select(VersionRow::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn insert_version(t: &mut TenantConn<'_>, row: &VersionRow) -> Result<(), DbError> {
    diesel::insert_into(comp_plan_versions::table)
        .values(row)
        .execute(t.conn())?;
    Ok(())
}

/// Replaces a draft's date and rules; published versions never change.
pub fn update_draft(
    t: &mut TenantConn<'_>,
    plan_id: Uuid,
    version: i32,
    effective_from: NaiveDate,
    rules: &serde_json::Value,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        comp_plan_versions::table
            .find((plan_id, version))
            .filter(comp_plan_versions::status.eq("draft")),
    )
    .set((
        comp_plan_versions::effective_from.eq(effective_from),
        comp_plan_versions::rules.eq(rules),
    ))
    .execute(t.conn())?;
    Ok(changed == 1)
}

pub fn publish(t: &mut TenantConn<'_>, plan_id: Uuid, version: i32) -> Result<bool, DbError> {
    let changed = diesel::update(
        comp_plan_versions::table
            .find((plan_id, version))
            .filter(comp_plan_versions::status.eq("draft")),
    )
    .set((
        comp_plan_versions::status.eq("published"),
        comp_plan_versions::published_at.eq(Some(Utc::now())),
    ))
    .execute(t.conn())?;
    Ok(changed == 1)
}

pub fn list_assignments(t: &mut TenantConn<'_>) -> Result<Vec<AssignmentRow>, DbError> {
    Ok(comp_assignments::table
        .select(AssignmentRow::as_select())
        .order((comp_assignments::starts_on, comp_assignments::id))
        .load(t.conn())?)
}

/// Serialises assignment changes so two overlapping ones cannot both pass
/// the overlap check.
pub fn lock_assignments(t: &mut TenantConn<'_>) -> Result<(), DbError> {
    diesel::sql_query("LOCK TABLE comp_assignments IN SHARE ROW EXCLUSIVE MODE")
        .execute(t.conn())?;
    Ok(())
}

pub fn insert_assignment(t: &mut TenantConn<'_>, row: &AssignmentRow) -> Result<(), DbError> {
    diesel::insert_into(comp_assignments::table)
        .values(row)
        .execute(t.conn())?;
    Ok(())
}

pub fn delete_assignment(
    t: &mut TenantConn<'_>,
    id: Uuid,
) -> Result<Option<AssignmentRow>, DbError> {
    Ok(diesel::delete(comp_assignments::table.find(id))
        .returning(AssignmentRow::as_returning())
        .get_result(t.conn())
        .optional()?)
}

pub fn quotas(
    t: &mut TenantConn<'_>,
    kind: &str,
    period_start: NaiveDate,
) -> Result<Vec<QuotaRow>, DbError> {
    Ok(comp_quotas::table
        .filter(comp_quotas::period_kind.eq(kind))
        .filter(comp_quotas::period_start.eq(period_start))
        .select(QuotaRow::as_select())
        .order(comp_quotas::person_id)
        .load(t.conn())?)
}

pub fn upsert_quotas(t: &mut TenantConn<'_>, rows: &[QuotaRow]) -> Result<(), DbError> {
    for row in rows {
        diesel::insert_into(comp_quotas::table)
            .values(row)
            .on_conflict((
                comp_quotas::person_id,
                comp_quotas::period_kind,
                comp_quotas::period_start,
            ))
            .do_update()
            .set(comp_quotas::amount.eq(row.amount))
            .execute(t.conn())?;
    }
    Ok(())
}

pub fn rates(t: &mut TenantConn<'_>, kind: &str) -> Result<Vec<RateRow>, DbError> {
    Ok(fx_rates::table
        .filter(fx_rates::period_kind.eq(kind))
        .select(RateRow::as_select())
        .order((
            fx_rates::period_start.desc(),
            fx_rates::from_currency,
            fx_rates::to_currency,
        ))
        .load(t.conn())?)
}

pub fn upsert_rates(t: &mut TenantConn<'_>, rows: &[RateRow]) -> Result<(), DbError> {
    for row in rows {
        diesel::insert_into(fx_rates::table)
            .values(row)
            .on_conflict((
                fx_rates::period_kind,
                fx_rates::period_start,
                fx_rates::from_currency,
                fx_rates::to_currency,
            ))
            .do_update()
            .set(fx_rates::rate.eq(row.rate))
            .execute(t.conn())?;
    }
    Ok(())
}

/// The currencies the tenant's deals are booked in.
pub fn deal_currencies(
    t: &mut TenantConn<'_>,
) -> Result<std::collections::BTreeSet<String>, DbError> {
    use crate::schema::tenant::deals;
    let rows: Vec<String> = deals::table
        .select(deals::currency)
        .distinct()
        .load(t.conn())?;
    Ok(rows.into_iter().map(|c| c.trim().to_owned()).collect())
}
