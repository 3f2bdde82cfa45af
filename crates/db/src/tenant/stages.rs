//! `stages` in a tenant schema: the ordered pipeline, and the sales model the
//! tenant chose (which set the stages up).

use crate::{
    schema::tenant::{activity_targets, deals, sales_model, stages},
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
#[diesel(table_name = stages)]
pub struct Stage {
    pub id: Uuid,
    pub key: String,
    pub name: String,
    pub position: i32,
    pub probability: i32,
    /// open, won or lost.
    pub kind: String,
    /// new_business or retention.
    pub pipeline: String,
    pub active: bool,
    pub version: i32,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = sales_model)]
pub struct SalesModelChoice {
    #[serde(skip)]
    pub singleton: bool,
    pub template: String,
    #[schema(value_type = Vec<String>)]
    pub kpis: serde_json::Value,
    pub chosen_at: DateTime<Utc>,
    pub version: i32,
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = activity_targets)]
pub struct ActivityTargetRow {
    pub sales_role: String,
    pub kind: String,
    pub per_week: i32,
}

/// The pipeline in order, active and inactive.
pub fn all(t: &mut TenantConn<'_>) -> Result<Vec<Stage>, DbError> {
    Ok(stages::table
        .order((stages::position, stages::id))
        .select(Stage::as_select())
        .load(t.conn())?)
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Stage>, DbError> {
    Ok(stages::table
        .find(id)
        .select(Stage::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Stage>, DbError> {
    Ok(stages::table
        .find(id)
        .for_update()
        .select(Stage::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn insert(t: &mut TenantConn<'_>, stage: &Stage) -> Result<(), DbError> {
    diesel::insert_into(stages::table)
        .values(stage)
        .execute(t.conn())?;
    Ok(())
}

pub fn save(t: &mut TenantConn<'_>, stage: &Stage) -> Result<(), DbError> {
    diesel::update(stages::table.find(stage.id))
        .set(stage)
        .execute(t.conn())?;
    Ok(())
}

/// How many deals sit in each stage.
pub fn deal_counts(t: &mut TenantConn<'_>) -> Result<Vec<(Uuid, i64)>, DbError> {
    Ok(deals::table
        .group_by(deals::stage_id)
        .select((deals::stage_id, diesel::dsl::count_star()))
        .load(t.conn())?)
}

/// Removes stages no deal or milestone refers to; the rest are deactivated.
pub fn retire(t: &mut TenantConn<'_>, ids: &[Uuid]) -> Result<(), DbError> {
    diesel::sql_query(
        "DELETE FROM stages s WHERE s.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.stage_id = s.id) AND NOT EXISTS (SELECT 1 FROM deal_milestones m WHERE m.to_stage_id = s.id OR m.from_stage_id = s.id)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
    .execute(t.conn())?;
    diesel::update(stages::table.filter(stages::id.eq_any(ids)))
        .set((
            stages::active.eq(false),
            stages::version.eq(stages::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn sales_model(t: &mut TenantConn<'_>) -> Result<Option<SalesModelChoice>, DbError> {
    Ok(sales_model::table
        .select(SalesModelChoice::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn save_sales_model(t: &mut TenantConn<'_>, choice: &SalesModelChoice) -> Result<(), DbError> {
    diesel::insert_into(sales_model::table)
        .values(choice)
        .on_conflict(sales_model::singleton)
        .do_update()
        .set((
            sales_model::template.eq(&choice.template),
            sales_model::kpis.eq(&choice.kpis),
            sales_model::chosen_at.eq(choice.chosen_at),
            sales_model::version.eq(sales_model::version + 1),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn activity_targets(t: &mut TenantConn<'_>) -> Result<Vec<ActivityTargetRow>, DbError> {
    Ok(activity_targets::table
        .order((activity_targets::sales_role, activity_targets::kind))
        .select(ActivityTargetRow::as_select())
        .load(t.conn())?)
}

pub fn replace_activity_targets(
    t: &mut TenantConn<'_>,
    targets: &[ActivityTargetRow],
) -> Result<(), DbError> {
    diesel::delete(activity_targets::table).execute(t.conn())?;
    diesel::insert_into(activity_targets::table)
        .values(targets)
        .execute(t.conn())?;
    Ok(())
}
