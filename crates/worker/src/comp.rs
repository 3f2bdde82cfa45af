//! Statements, kept current by the worker.
//!
//! - `deal.changed`: only the statements the deal can touch are recomputed —
//!   its owner's and split people's, their managers' (roll-up), and anyone
//!   whose statement still shows the deal — from the deal's close period to
//!   the current one.
//! - `comp.recalculate`: the given people (or everyone, in chunks with
//!   progress on a run) after a plan, assignment, quota, rate or adjustment
//!   changed, or on an admin's request.
//! - `comp.scenario`: a draft plan version replayed over a past period's
//!   real deals; the result (cost, payout per person, distribution, delta
//!   against the plan in force) is stored on the run.
//!
//! Every job recomputes from the current data, so a redelivered message only
//! repeats work; no inbox is needed. Recalculations of one tenant are
//! serialised by an advisory lock. Each stored statement is cached in Redis
//! under `statement:<person>:<period>` and that key is published, so open
//! pages refresh.

use crate::WorkerContext;
use attain_comp::{on_engine_threads, Engine, Inputs, Statement};
use attain_db::{
    control::tenants,
    tenant::{
        comp_inputs::{self, DealScope},
        comp_statements::{self, Stored},
    },
    DbError, TenantConn,
};
use attain_domain::{
    period::{Period, PeriodKind},
    tenant::TenantRef,
};
use attain_jobs::{
    consumer::{Handler, HandlerError},
    envelope::{kinds, CompRecalculate, CompScenario, DealChanged},
    Envelope,
};
use chrono::{NaiveDate, Utc};
use futures_util::FutureExt;
use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
};
use uuid::Uuid;

/// People recomputed per transaction in a full recalculation.
const CHUNK: usize = 50;
/// At most this many periods back from the current one.
const MAX_PERIODS: usize = 24;

pub fn handler(ctx: WorkerContext) -> Handler {
    Arc::new(move |envelope| {
        let ctx = ctx.clone();
        async move { handle(&ctx, envelope).await }.boxed()
    })
}

fn transient(e: impl std::fmt::Display) -> HandlerError {
    HandlerError::Transient(e.to_string())
}

async fn handle(ctx: &WorkerContext, envelope: Envelope) -> Result<(), HandlerError> {
    let tenant_id = envelope.tenant_id;
    let tenant = ctx
        .db
        .run(move |conn| -> Result<Option<TenantRef>, DbError> {
            tenants::find(conn, tenant_id)?
                .map(|t| t.tenant_ref())
                .transpose()
        })
        .await
        .map_err(transient)?
        .ok_or_else(|| HandlerError::Permanent(format!("no tenant {tenant_id}")))?;
    match envelope.kind.as_str() {
        kinds::DEAL_CHANGED => {
            let change: DealChanged = serde_json::from_value(envelope.payload)
                .map_err(|e| HandlerError::Permanent(format!("bad deal.changed payload: {e}")))?;
            if matches!(change.change.as_str(), "demo" | "import") {
                let today = Utc::now().date_naive();
                let from = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1)
                    .unwrap_or(today);
                recalculate(ctx, tenant, None, from, None).await
            } else {
                deal_changed(ctx, tenant, change.deal_id).await
            }
        }
        kinds::COMP_RECALCULATE => {
            let request: CompRecalculate =
                serde_json::from_value(envelope.payload).map_err(|e| {
                    HandlerError::Permanent(format!("bad comp.recalculate payload: {e}"))
                })?;
            tracing::info!(reason = %request.reason, "recalculating statements");
            recalculate(ctx, tenant, request.people, request.from, request.run_id).await
        }
        kinds::COMP_SCENARIO => {
            let request: CompScenario = serde_json::from_value(envelope.payload)
                .map_err(|e| HandlerError::Permanent(format!("bad comp.scenario payload: {e}")))?;
            crate::comp_scenario::run(ctx, tenant, request.run_id).await
        }
        // Activities share the deal routing keys; statements do not use them.
        _ => Ok(()),
    }
}

/// The periods from the one containing `from` to the current one (or to
/// `from`'s, if that is later).
pub(crate) fn periods_since(kind: PeriodKind, from: NaiveDate) -> Vec<Period> {
    let current = Period::containing(kind, Utc::now().date_naive());
    let asked = Period::containing(kind, from);
    // A future period only has adjustments carried into it, but those show.
    let last = asked.max(current);
    let mut period = asked.min(current);
    let mut periods = Vec::new();
    while period <= last {
        periods.push(period);
        period = period.next();
    }
    let skip = periods.len().saturating_sub(MAX_PERIODS);
    periods.split_off(skip)
}

/// A statement stored for the cache and the live push.
struct Published {
    key: String,
    view: serde_json::Value,
}

async fn deal_changed(
    ctx: &WorkerContext,
    tenant: TenantRef,
    deal_id: Uuid,
) -> Result<(), HandlerError> {
    let started = std::time::Instant::now();
    let published = ctx
        .db
        .in_tenant(
            tenant.clone(),
            move |t| -> Result<Vec<Published>, DbError> {
                comp_statements::lock_for_recalculation(t)?;
                let Some((credited, closed, reversed)) = comp_statements::deal_people(t, deal_id)?
                else {
                    return Ok(Vec::new());
                };
                let kind = comp_inputs::period_kind(t)?;
                let people = comp_inputs::people(t)?;
                let managers: BTreeMap<Uuid, Option<Uuid>> =
                    people.iter().map(|p| (p.id, p.manager_id)).collect();
                let mut touched: BTreeSet<Uuid> = BTreeSet::new();
                for person in credited
                    .into_iter()
                    .chain(comp_statements::people_with_deal(t, deal_id)?)
                {
                    let mut current = Some(person);
                    while let Some(id) = current {
                        if !touched.insert(id) {
                            break;
                        }
                        current = managers.get(&id).copied().flatten();
                    }
                }
                let today = Utc::now().date_naive();
                let from = [closed, reversed]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(today);
                let periods = periods_since(kind, from);
                recompute_people(t, &touched, &periods, Some(&people))
            },
        )
        .await
        .map_err(transient)?;
    publish(ctx, tenant.id, &published).await?;
    tracing::info!(%deal_id, statements = published.len(), elapsed_ms = started.elapsed().as_millis() as u64, "statements updated after a deal change");
    Ok(())
}

/// Recomputes and stores `people`'s statements for `periods`; a change
/// carried out of a paid period is folded into the next one by a second pass.
fn recompute_people(
    t: &mut TenantConn<'_>,
    people: &BTreeSet<Uuid>,
    periods: &[Period],
    everyone: Option<&[attain_comp::Person]>,
) -> Result<Vec<Published>, DbError> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok(Vec::new());
    };
    let everyone = match everyone {
        Some(list) => list.to_vec(),
        None => comp_inputs::people(t)?,
    };
    let year_start =
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&first.start), 1, 1).unwrap_or(first.start);
    let mut periods: BTreeSet<Period> = periods.iter().copied().collect();
    let mut published = BTreeMap::new();
    for _pass in 0..2 {
        let end = periods
            .last()
            .map_or(last.end_exclusive(), |p| p.end_exclusive());
        let wanted: Vec<Period> = periods.iter().copied().collect();
        let mut inputs = comp_inputs::load_rules(t, year_start, end, None)?;
        let mut statements = Vec::new();
        // Each person reads deals from their own first day: a rep on a draw
        // from January, their managers only from the changed period on.
        let earliest = wanted.first().copied().unwrap_or(*first);
        let groups = Engine::new(&inputs).by_first_deal_day(people.iter().copied(), earliest);
        for (from, group) in groups {
            let scope = DealScope::People(
                comp_inputs::with_reports(&everyone, &group)
                    .into_iter()
                    .collect(),
            );
            inputs.deals = comp_inputs::won_deals(t, &scope, from, end)?;
            statements.extend(statements_of(&inputs, &group, &wanted));
        }
        statements.sort_by_key(|s| (s.person_id, s.period));
        let mut carried = false;
        for statement in statements {
            // Nothing earned and nothing stored yet: no statement to show.
            let empty = statement.lines.is_empty() && statement.warnings.is_empty();
            if empty && comp_statements::find(t, statement.person_id, statement.period)?.is_none() {
                continue;
            }
            let outcome = comp_statements::store(t, &statement)?;
            if let Stored::Carried {
                into,
                changed: true,
            } = outcome
            {
                carried = true;
                // The period that now holds the difference is recomputed too.
                periods.insert(
                    Period::starting(statement.period.kind, into)
                        .map_err(|e| DbError::Corrupt(e.message))?,
                );
            }
            if outcome != Stored::Unchanged {
                if let Some(row) = comp_statements::find(t, statement.person_id, statement.period)?
                {
                    let key = format!("statement:{}:{}", statement.person_id, statement.period);
                    let view =
                        serde_json::json!({ "statement": row, "events_applied": row.version });
                    published.insert(key.clone(), Published { key, view });
                }
            }
        }
        if !carried {
            break;
        }
    }
    Ok(published.into_values().collect())
}

/// Statements worth storing: a person with no plan and nothing to show has none.
fn statements_of(inputs: &Inputs, people: &BTreeSet<Uuid>, periods: &[Period]) -> Vec<Statement> {
    on_engine_threads(|| {
        let engine = Engine::new(inputs);
        people
            .iter()
            .flat_map(|person| engine.statements_for(*person, periods))
            .filter(|s| !s.plan_ids.is_empty() || !s.lines.is_empty() || !s.warnings.is_empty())
            .collect()
    })
}

async fn publish(
    ctx: &WorkerContext,
    tenant_id: Uuid,
    published: &[Published],
) -> Result<(), HandlerError> {
    for item in published {
        ctx.cache
            .put_snapshot(tenant_id, &item.key, &item.view)
            .await
            .map_err(transient)?;
    }
    Ok(())
}

/// Recomputes the given people (everyone when `None`) from `from`, in
/// chunks, reporting progress on `run_id`.
async fn recalculate(
    ctx: &WorkerContext,
    tenant: TenantRef,
    people: Option<Vec<Uuid>>,
    from: NaiveDate,
    run_id: Option<Uuid>,
) -> Result<(), HandlerError> {
    let started = std::time::Instant::now();
    let (kind, everyone) = ctx
        .db
        .in_tenant(tenant.clone(), |t| -> Result<_, DbError> {
            Ok((comp_inputs::period_kind(t)?, comp_inputs::people(t)?))
        })
        .await
        .map_err(transient)?;
    let wanted: Vec<Uuid> = match people {
        Some(ids) => ids,
        None => everyone.iter().map(|p| p.id).collect(),
    };
    let periods = periods_since(kind, from);
    let total = i32::try_from(wanted.len()).unwrap_or(i32::MAX);
    let mut done = 0;
    let everyone = Arc::new(everyone);
    for chunk in wanted.chunks(CHUNK) {
        let chunk: BTreeSet<Uuid> = chunk.iter().copied().collect();
        let periods = periods.clone();
        let everyone = everyone.clone();
        let count = chunk.len();
        let published = ctx
            .db
            .in_tenant(
                tenant.clone(),
                move |t| -> Result<Vec<Published>, DbError> {
                    comp_statements::lock_for_recalculation(t)?;
                    recompute_people(t, &chunk, &periods, Some(&everyone))
                },
            )
            .await
            .map_err(transient)?;
        publish(ctx, tenant.id, &published).await?;
        done += i32::try_from(count).unwrap_or(0);
        if let Some(run) = run_id {
            ctx.db
                .in_tenant(tenant.clone(), move |t| {
                    comp_statements::run_progress(t, run, done, total)
                })
                .await
                .map_err(transient)?;
        }
    }
    if let Some(run) = run_id {
        let summary = serde_json::json!({
            "people": total,
            "periods": periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            "elapsed_ms": started.elapsed().as_millis() as u64,
        });
        ctx.db
            .in_tenant(tenant.clone(), move |t| {
                comp_statements::finish_run(t, run, Ok(summary))
            })
            .await
            .map_err(transient)?;
        ctx.cache
            .put_snapshot(
                tenant.id,
                &format!("run:{run}"),
                &serde_json::json!({ "events_applied": 1 }),
            )
            .await
            .map_err(transient)?;
    }
    tracing::info!(
        people = total,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "statements recalculated"
    );
    Ok(())
}
