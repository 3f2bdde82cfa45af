//! Statements in a tenant schema and what happens to them: storing the
//! engine's results (a paid statement is never rewritten: the difference is
//! carried into the next open period as an adjustment), approval and
//! payment, manual adjustments, disputes with their threads, and background
//! runs with progress.

use crate::{
    schema::tenant::{
        comp_adjustments, comp_dispute_messages, comp_disputes, comp_runs, comp_statements,
    },
    DbError, TenantConn,
};
use attain_comp::Statement;
use attain_domain::period::Period;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_statements)]
pub struct StatementRow {
    pub person_id: Uuid,
    pub period_kind: String,
    pub period_start: NaiveDate,
    /// draft, approved or paid.
    pub status: String,
    pub currency: String,
    pub payout: Decimal,
    pub attainment_pct: Option<Decimal>,
    #[schema(value_type = attain_comp::Statement)]
    pub body: serde_json::Value,
    /// For a paid statement: what it would be now (the difference is carried).
    #[schema(value_type = Option<attain_comp::Statement>)]
    pub recalculated_body: Option<serde_json::Value>,
    pub version: i32,
    pub computed_at: DateTime<Utc>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_by: Option<Uuid>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// What storing a freshly computed statement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Unchanged,
    /// Written; `reopened` when an approved statement went back to draft.
    Updated {
        reopened: bool,
    },
    /// The period was paid: its difference now sits in `into`'s adjustments.
    Carried {
        into: NaiveDate,
        changed: bool,
    },
}

fn statement_json(statement: &Statement) -> Result<serde_json::Value, DbError> {
    serde_json::to_value(statement).map_err(|e| DbError::Corrupt(e.to_string()))
}

pub fn find(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
) -> Result<Option<StatementRow>, DbError> {
    Ok(comp_statements::table
        .find((person, period.kind.as_str(), period.start))
        .select(StatementRow::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
) -> Result<Option<StatementRow>, DbError> {
    Ok(comp_statements::table
        .find((person, period.kind.as_str(), period.start))
        .for_update()
        .select(StatementRow::as_select())
        .first(t.conn())
        .optional()?)
}

/// Statements of a period, for everyone or the given people.
pub fn list(
    t: &mut TenantConn<'_>,
    period: Period,
    people: Option<&[Uuid]>,
) -> Result<Vec<StatementRow>, DbError> {
    let mut query = comp_statements::table
        .filter(comp_statements::period_kind.eq(period.kind.as_str()))
        .filter(comp_statements::period_start.eq(period.start))
        .select(StatementRow::as_select())
        .order(comp_statements::person_id)
        .into_boxed();
    if let Some(ids) = people {
        query = query.filter(comp_statements::person_id.eq_any(ids.to_vec()));
    }
    Ok(query.load(t.conn())?)
}

/// Stores what the engine computed, respecting the workflow.
pub fn store(t: &mut TenantConn<'_>, statement: &Statement) -> Result<Stored, DbError> {
    let body = statement_json(statement)?;
    let period = statement.period;
    let existing = find_for_update(t, statement.person_id, period)?;
    match existing {
        Some(row) if row.status == "paid" => carry(t, &row, statement, body),
        Some(row) if row.body == body => Ok(Stored::Unchanged),
        Some(row) => {
            let reopened = row.status == "approved";
            diesel::update(comp_statements::table.find((
                row.person_id,
                row.period_kind.as_str(),
                row.period_start,
            )))
            .set((
                comp_statements::status.eq("draft"),
                comp_statements::currency.eq(&statement.currency),
                comp_statements::payout.eq(statement.payout),
                comp_statements::attainment_pct.eq(statement.attainment_pct),
                comp_statements::body.eq(&body),
                comp_statements::version.eq(row.version + 1),
                comp_statements::computed_at.eq(Utc::now()),
                comp_statements::approved_by.eq(None::<Uuid>),
                comp_statements::approved_at.eq(None::<DateTime<Utc>>),
            ))
            .execute(t.conn())?;
            Ok(Stored::Updated { reopened })
        }
        None => {
            diesel::insert_into(comp_statements::table)
                .values(StatementRow {
                    person_id: statement.person_id,
                    period_kind: period.kind.as_str().to_owned(),
                    period_start: period.start,
                    status: "draft".into(),
                    currency: statement.currency.clone(),
                    payout: statement.payout,
                    attainment_pct: statement.attainment_pct,
                    body,
                    recalculated_body: None,
                    version: 1,
                    computed_at: Utc::now(),
                    approved_by: None,
                    approved_at: None,
                    paid_by: None,
                    paid_at: None,
                })
                .execute(t.conn())?;
            Ok(Stored::Updated { reopened: false })
        }
    }
}

/// A paid period keeps what was paid; the difference goes into the next
/// period that is not paid yet, as one adjustment per paid period.
fn carry(
    t: &mut TenantConn<'_>,
    row: &StatementRow,
    statement: &Statement,
    body: serde_json::Value,
) -> Result<Stored, DbError> {
    diesel::update(comp_statements::table.find((
        row.person_id,
        row.period_kind.as_str(),
        row.period_start,
    )))
    .set(comp_statements::recalculated_body.eq(Some(&body)))
    .execute(t.conn())?;
    let delta = statement.payout - row.payout;
    let mut into = statement.period.next();
    while find(t, row.person_id, into)?.is_some_and(|r| r.status == "paid") {
        into = into.next();
    }
    let existing: Option<(Uuid, Decimal, NaiveDate)> = comp_adjustments::table
        .filter(comp_adjustments::person_id.eq(row.person_id))
        .filter(comp_adjustments::period_kind.eq(&row.period_kind))
        .filter(comp_adjustments::carried_from.eq(row.period_start))
        .select((
            comp_adjustments::id,
            comp_adjustments::amount,
            comp_adjustments::period_start,
        ))
        .first(t.conn())
        .optional()?;
    let reason = format!(
        "Correction to {} (already paid): recalculated payout {} {} against {} paid",
        statement.period, statement.payout, statement.currency, row.payout
    );
    let changed = match existing {
        Some((_, amount, start)) if amount == delta && start == into.start => false,
        Some((id, _, _)) if delta.is_zero() => {
            diesel::delete(comp_adjustments::table.find(id)).execute(t.conn())?;
            true
        }
        Some((id, _, start)) => {
            // Keep it where it was unless that period has been paid since.
            let target = if find(
                t,
                row.person_id,
                Period {
                    kind: into.kind,
                    start,
                },
            )?
            .is_some_and(|r| r.status == "paid")
            {
                into.start
            } else {
                start
            };
            diesel::update(comp_adjustments::table.find(id))
                .set((
                    comp_adjustments::amount.eq(delta),
                    comp_adjustments::reason.eq(&reason),
                    comp_adjustments::period_start.eq(target),
                ))
                .execute(t.conn())?;
            true
        }
        None if delta.is_zero() => false,
        None => {
            diesel::insert_into(comp_adjustments::table)
                .values((
                    comp_adjustments::id.eq(Uuid::new_v4()),
                    comp_adjustments::person_id.eq(row.person_id),
                    comp_adjustments::period_kind.eq(&row.period_kind),
                    comp_adjustments::period_start.eq(into.start),
                    comp_adjustments::amount.eq(delta),
                    comp_adjustments::reason.eq(&reason),
                    comp_adjustments::carried_from.eq(Some(row.period_start)),
                ))
                .execute(t.conn())?;
            true
        }
    };
    Ok(Stored::Carried {
        into: into.start,
        changed,
    })
}

/// Moves a statement along draft → approved → paid if it is still at
/// `expected_version`; returns the updated row, or `None` on a conflict.
pub fn transition(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
    expected_version: i32,
    to: &str,
    by: Uuid,
) -> Result<Option<StatementRow>, DbError> {
    let target = comp_statements::table
        .find((person, period.kind.as_str(), period.start))
        .filter(comp_statements::version.eq(expected_version));
    let now = Some(Utc::now());
    let query = diesel::update(target);
    let row = match to {
        "approved" => query
            .set((
                comp_statements::status.eq("approved"),
                comp_statements::approved_by.eq(Some(by)),
                comp_statements::approved_at.eq(now),
                comp_statements::version.eq(comp_statements::version + 1),
            ))
            .returning(StatementRow::as_returning())
            .get_result(t.conn())
            .optional()?,
        "paid" => query
            .set((
                comp_statements::status.eq("paid"),
                comp_statements::paid_by.eq(Some(by)),
                comp_statements::paid_at.eq(now),
                comp_statements::version.eq(comp_statements::version + 1),
            ))
            .returning(StatementRow::as_returning())
            .get_result(t.conn())
            .optional()?,
        other => {
            return Err(DbError::Corrupt(format!(
                "unknown statement status {other}"
            )))
        }
    };
    Ok(row)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_adjustments)]
pub struct AdjustmentRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub amount: Decimal,
    pub reason: String,
    pub carried_from: Option<NaiveDate>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub fn add_adjustment(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
    amount: Decimal,
    reason: &str,
    by: Uuid,
) -> Result<AdjustmentRow, DbError> {
    Ok(diesel::insert_into(comp_adjustments::table)
        .values((
            comp_adjustments::id.eq(Uuid::new_v4()),
            comp_adjustments::person_id.eq(person),
            comp_adjustments::period_kind.eq(period.kind.as_str()),
            comp_adjustments::period_start.eq(period.start),
            comp_adjustments::amount.eq(amount),
            comp_adjustments::reason.eq(reason),
            comp_adjustments::created_by.eq(Some(by)),
        ))
        .returning(AdjustmentRow::as_returning())
        .get_result(t.conn())?)
}

pub fn adjustments(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
) -> Result<Vec<AdjustmentRow>, DbError> {
    Ok(comp_adjustments::table
        .filter(comp_adjustments::person_id.eq(person))
        .filter(comp_adjustments::period_kind.eq(period.kind.as_str()))
        .filter(comp_adjustments::period_start.eq(period.start))
        .select(AdjustmentRow::as_select())
        .order(comp_adjustments::created_at)
        .load(t.conn())?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_disputes)]
pub struct DisputeRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub line_index: i32,
    #[schema(value_type = attain_comp::Line)]
    pub line: serde_json::Value,
    /// open, resolved or rejected.
    pub status: String,
    pub resolution: Option<String>,
    pub opened_by: Uuid,
    pub opened_at: DateTime<Utc>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_dispute_messages)]
pub struct DisputeMessage {
    pub id: i64,
    pub dispute_id: Uuid,
    pub author_user_id: Uuid,
    pub body: String,
    pub at: DateTime<Utc>,
}

pub fn open_dispute(
    t: &mut TenantConn<'_>,
    row: &DisputeRow,
    message: &str,
) -> Result<(), DbError> {
    diesel::insert_into(comp_disputes::table)
        .values(row)
        .execute(t.conn())?;
    add_message(t, row.id, row.opened_by, message)?;
    Ok(())
}

pub fn add_message(
    t: &mut TenantConn<'_>,
    dispute: Uuid,
    author: Uuid,
    body: &str,
) -> Result<DisputeMessage, DbError> {
    Ok(diesel::insert_into(comp_dispute_messages::table)
        .values((
            comp_dispute_messages::dispute_id.eq(dispute),
            comp_dispute_messages::author_user_id.eq(author),
            comp_dispute_messages::body.eq(body),
        ))
        .returning(DisputeMessage::as_returning())
        .get_result(t.conn())?)
}

pub fn find_dispute(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<DisputeRow>, DbError> {
    Ok(comp_disputes::table
        .find(id)
        .select(DisputeRow::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn messages(t: &mut TenantConn<'_>, dispute: Uuid) -> Result<Vec<DisputeMessage>, DbError> {
    Ok(comp_dispute_messages::table
        .filter(comp_dispute_messages::dispute_id.eq(dispute))
        .select(DisputeMessage::as_select())
        .order(comp_dispute_messages::id)
        .load(t.conn())?)
}

/// Disputes, newest first: everyone's, or the given people's.
pub fn disputes(
    t: &mut TenantConn<'_>,
    people: Option<&[Uuid]>,
    status: Option<&str>,
) -> Result<Vec<DisputeRow>, DbError> {
    let mut query = comp_disputes::table
        .select(DisputeRow::as_select())
        .order(comp_disputes::opened_at.desc())
        .into_boxed();
    if let Some(ids) = people {
        query = query.filter(comp_disputes::person_id.eq_any(ids.to_vec()));
    }
    if let Some(status) = status {
        query = query.filter(comp_disputes::status.eq(status.to_owned()));
    }
    Ok(query.limit(500).load(t.conn())?)
}

pub fn resolve_dispute(
    t: &mut TenantConn<'_>,
    id: Uuid,
    expected_version: i32,
    status: &str,
    resolution: &str,
    by: Uuid,
) -> Result<Option<DisputeRow>, DbError> {
    Ok(diesel::update(
        comp_disputes::table
            .find(id)
            .filter(comp_disputes::version.eq(expected_version))
            .filter(comp_disputes::status.eq("open")),
    )
    .set((
        comp_disputes::status.eq(status),
        comp_disputes::resolution.eq(Some(resolution)),
        comp_disputes::resolved_by.eq(Some(by)),
        comp_disputes::resolved_at.eq(Some(Utc::now())),
        comp_disputes::version.eq(comp_disputes::version + 1),
    ))
    .returning(DisputeRow::as_returning())
    .get_result(t.conn())
    .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = comp_runs)]
pub struct RunRow {
    pub id: Uuid,
    /// recalculation or scenario.
    pub kind: String,
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub plan_id: Option<Uuid>,
    pub plan_version: Option<i32>,
    /// queued, running, done or failed.
    pub status: String,
    pub done: i32,
    pub total: i32,
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    pub requested_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub fn insert_run(t: &mut TenantConn<'_>, row: &RunRow) -> Result<(), DbError> {
    diesel::insert_into(comp_runs::table)
        .values(row)
        .execute(t.conn())?;
    Ok(())
}

pub fn find_run(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<RunRow>, DbError> {
    Ok(comp_runs::table
        .find(id)
        .select(RunRow::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn recent_runs(t: &mut TenantConn<'_>, kind: &str) -> Result<Vec<RunRow>, DbError> {
    Ok(comp_runs::table
        .filter(comp_runs::kind.eq(kind))
        .select(RunRow::as_select())
        .order(comp_runs::created_at.desc())
        .limit(20)
        .load(t.conn())?)
}

pub fn run_progress(
    t: &mut TenantConn<'_>,
    id: Uuid,
    done: i32,
    total: i32,
) -> Result<(), DbError> {
    diesel::update(comp_runs::table.find(id))
        .set((
            comp_runs::status.eq("running"),
            comp_runs::done.eq(done),
            comp_runs::total.eq(total),
        ))
        .execute(t.conn())?;
    Ok(())
}

pub fn finish_run(
    t: &mut TenantConn<'_>,
    id: Uuid,
    result: Result<serde_json::Value, String>,
) -> Result<(), DbError> {
    let (status, result, error) = match result {
        Ok(value) => ("done", Some(value), None),
        Err(e) => ("failed", None, Some(e)),
    };
    diesel::update(comp_runs::table.find(id))
        .set((
            comp_runs::status.eq(status),
            comp_runs::result.eq(result),
            comp_runs::error.eq(error),
            comp_runs::finished_at.eq(Some(Utc::now())),
            comp_runs::done.eq(comp_runs::total),
        ))
        .execute(t.conn())?;
    Ok(())
}

/// People whose stored statements have a line for this deal (so a deal that
/// moved away from them is taken off their statements too).
pub fn people_with_deal(t: &mut TenantConn<'_>, deal_id: Uuid) -> Result<Vec<Uuid>, DbError> {
    let needle = serde_json::json!([{ "deal_id": deal_id }]);
    Ok(comp_statements::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("body->'lines' @> ")
                .bind::<diesel::sql_types::Jsonb, _>(needle),
        )
        .select(comp_statements::person_id)
        .distinct()
        .load(t.conn())?)
}

/// A deal's owner and split people, its close day and its reversal day.
pub type DealPeople = (Vec<Uuid>, Option<NaiveDate>, Option<NaiveDate>);

/// The deal's owner and split people, and the day it counts from.
pub fn deal_people(t: &mut TenantConn<'_>, deal_id: Uuid) -> Result<Option<DealPeople>, DbError> {
    use crate::schema::tenant::{deal_splits, deals};
    let deal: Option<(Uuid, Option<NaiveDate>, Option<NaiveDate>)> = deals::table
        .find(deal_id)
        .select((deals::owner_id, deals::closed_date, deals::reversed_on))
        .first(t.conn())
        .optional()?;
    let Some((owner, closed, reversed)) = deal else {
        return Ok(None);
    };
    let mut people: Vec<Uuid> = deal_splits::table
        .filter(deal_splits::deal_id.eq(deal_id))
        .select(deal_splits::person_id)
        .load(t.conn())?;
    people.push(owner);
    people.sort();
    people.dedup();
    Ok(Some((people, closed, reversed)))
}

/// Serialises statement recalculations of one tenant until the transaction ends.
pub fn lock_for_recalculation(t: &mut TenantConn<'_>) -> Result<(), DbError> {
    let key = format!("comp_statements:{}", t.tenant_id());
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<diesel::sql_types::Text, _>(key)
        .execute(t.conn())?;
    Ok(())
}
