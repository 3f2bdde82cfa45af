//! Scenario modelling: a draft plan version replayed over a past period's
//! real deals, against the plan in force. The result is stored on the run:
//! total cost both ways, payout per person, the distribution of payouts, and
//! the delta. Nothing else changes.

use crate::WorkerContext;
use attain_comp::{on_engine_threads, Engine, Inputs, Statement};
use attain_db::{
    tenant::{
        comp_inputs::{self, DealScope},
        comp_statements,
    },
    DbError,
};
use attain_domain::{period::Period, tenant::TenantRef};
use attain_jobs::consumer::HandlerError;
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// People computed between progress reports.
const CHUNK: usize = 100;

#[derive(Debug, Serialize)]
struct PersonResult {
    person_id: Uuid,
    name: String,
    current: Decimal,
    scenario: Decimal,
    delta: Decimal,
    attainment_pct: Option<Decimal>,
}

#[derive(Debug, Serialize)]
struct Bucket {
    from: Decimal,
    to: Decimal,
    current: usize,
    scenario: usize,
}

fn transient(e: impl std::fmt::Display) -> HandlerError {
    HandlerError::Transient(e.to_string())
}

pub async fn run(ctx: &WorkerContext, tenant: TenantRef, run_id: Uuid) -> Result<(), HandlerError> {
    let started = std::time::Instant::now();
    let loaded = ctx
        .db
        .in_tenant(tenant.clone(), move |t| -> Result<_, DbError> {
            let Some(run) = comp_statements::find_run(t, run_id)? else {
                return Ok(None);
            };
            if run.status == "done" {
                return Ok(None);
            }
            let (Some(plan_id), Some(version)) = (run.plan_id, run.plan_version) else {
                return Ok(None);
            };
            let kind = comp_inputs::period_kind(t)?;
            let period = Period::starting(kind, run.period_start)
                .map_err(|e| DbError::Corrupt(e.message))?;
            let year_start =
                chrono::NaiveDate::from_ymd_opt(period.start.year(), 1, 1).unwrap_or(period.start);
            let current = comp_inputs::load(
                t,
                &DealScope::Everyone,
                year_start,
                period.end_exclusive(),
                None,
            )?;
            let mut scenario = current.clone();
            scenario.plans = comp_inputs::plans_with(t, Some((plan_id, version)))?;
            Ok(Some((period, plan_id, current, scenario)))
        })
        .await
        .map_err(transient)?;
    let Some((period, plan_id, current, scenario)) = loaded else {
        return Ok(());
    };
    let people: Vec<(Uuid, String)> = current
        .people
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let total = i32::try_from(people.len()).unwrap_or(i32::MAX);
    let current = std::sync::Arc::new(current);
    let scenario = std::sync::Arc::new(scenario);
    let mut rows = Vec::new();
    for (index, chunk) in people.chunks(CHUNK).enumerate() {
        let chunk = chunk.to_vec();
        let (current, scenario) = (current.clone(), scenario.clone());
        let computed = tokio::task::spawn_blocking(move || {
            compare(&current, &scenario, &chunk, period, plan_id)
        })
        .await
        .map_err(transient)?;
        rows.extend(computed);
        let done = i32::try_from((index + 1) * CHUNK)
            .unwrap_or(total)
            .min(total);
        ctx.db
            .in_tenant(tenant.clone(), move |t| {
                comp_statements::run_progress(t, run_id, done, total)
            })
            .await
            .map_err(transient)?;
    }
    let result = summarise(rows, period, started.elapsed().as_millis());
    ctx.db
        .in_tenant(tenant.clone(), move |t| {
            comp_statements::finish_run(t, run_id, Ok(result))
        })
        .await
        .map_err(transient)?;
    ctx.cache
        .put_snapshot(
            tenant.id,
            &format!("run:{run_id}"),
            &serde_json::json!({ "events_applied": 1 }),
        )
        .await
        .map_err(transient)?;
    Ok(())
}

/// Payouts of the period both ways, for the people whose statement uses
/// the plan under either.
fn compare(
    current: &Inputs,
    scenario: &Inputs,
    people: &[(Uuid, String)],
    period: Period,
    plan_id: Uuid,
) -> Vec<PersonResult> {
    on_engine_threads(|| {
        let now = Engine::new(current);
        let then = Engine::new(scenario);
        let one = |engine: &Engine, person: Uuid| -> Option<Statement> {
            engine.statements_for(person, &[period]).pop()
        };
        people
            .iter()
            .filter_map(|(id, name)| {
                let a = one(&now, *id)?;
                let b = one(&then, *id)?;
                if !a.plan_ids.contains(&plan_id) && !b.plan_ids.contains(&plan_id) {
                    return None;
                }
                Some(PersonResult {
                    person_id: *id,
                    name: name.clone(),
                    current: a.payout,
                    scenario: b.payout,
                    delta: b.payout - a.payout,
                    attainment_pct: b.attainment_pct,
                })
            })
            .collect()
    })
}

fn summarise(mut rows: Vec<PersonResult>, period: Period, elapsed_ms: u128) -> serde_json::Value {
    rows.sort_by(|a, b| b.delta.cmp(&a.delta).then(a.person_id.cmp(&b.person_id)));
    let current_total: Decimal = rows.iter().map(|r| r.current).sum();
    let scenario_total: Decimal = rows.iter().map(|r| r.scenario).sum();
    let highest = rows
        .iter()
        .map(|r| r.current.max(r.scenario))
        .max()
        .unwrap_or_default();
    let buckets = distribution(&rows, highest);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        let key = match r.delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => "better_off",
            std::cmp::Ordering::Less => "worse_off",
            std::cmp::Ordering::Equal => "unchanged",
        };
        *counts.entry(key).or_default() += 1;
    }
    serde_json::json!({
        "period": period.to_string(),
        "people": rows.len(),
        "current_total": current_total,
        "scenario_total": scenario_total,
        "delta": scenario_total - current_total,
        "counts": counts,
        "distribution": buckets,
        "rows": rows,
        "elapsed_ms": elapsed_ms as u64,
    })
}

/// At most ten payout bands from zero to the highest payout either way, of a
/// round width (1, 2, 2.5 or 5 times a power of ten, at least a cent) so
/// every band's edges read exactly: 0–2k, 2k–4k, not 0–1.5k, 1.5k–3k.
fn distribution(rows: &[PersonResult], highest: Decimal) -> Vec<Bucket> {
    const MOST_BANDS: i64 = 10;
    if highest <= Decimal::ZERO {
        return Vec::new();
    }
    let width = round_width(highest / Decimal::from(MOST_BANDS));
    let bands = i64::try_from((highest / width).ceil())
        .unwrap_or(MOST_BANDS)
        .clamp(1, MOST_BANDS);
    // The highest payout may sit on the last band's upper edge: it counts in it.
    let band = |amount: Decimal| -> usize {
        let index = i64::try_from((amount.max(Decimal::ZERO) / width).floor()).unwrap_or(bands);
        usize::try_from(index.clamp(0, bands - 1)).unwrap_or(0)
    };
    let mut buckets: Vec<Bucket> = (0..bands)
        .map(|i| Bucket {
            from: width * Decimal::from(i),
            to: width * Decimal::from(i + 1),
            current: 0,
            scenario: 0,
        })
        .collect();
    for r in rows {
        buckets[band(r.current)].current += 1;
        buckets[band(r.scenario)].scenario += 1;
    }
    buckets
}

/// The smallest round width (1, 2, 2.5 or 5 times a power of ten, at least
/// a cent) no smaller than `at_least`.
fn round_width(at_least: Decimal) -> Decimal {
    let mut power = Decimal::new(1, 2);
    while power * Decimal::TEN <= at_least {
        power *= Decimal::TEN;
    }
    [
        Decimal::ONE,
        Decimal::TWO,
        Decimal::new(25, 1),
        Decimal::new(5, 0),
    ]
    .into_iter()
    .map(|multiple| power * multiple)
    .find(|width| *width >= at_least)
    .unwrap_or(power * Decimal::TEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(current: i64, scenario: i64) -> PersonResult {
        PersonResult {
            person_id: Uuid::nil(),
            name: String::new(),
            current: Decimal::from(current),
            scenario: Decimal::from(scenario),
            delta: Decimal::from(scenario - current),
            attainment_pct: None,
        }
    }

    fn edges(buckets: &[Bucket]) -> Vec<(String, String)> {
        buckets
            .iter()
            .map(|b| (b.from.normalize().to_string(), b.to.normalize().to_string()))
            .collect()
    }

    #[test]
    fn band_widths_are_round_and_cover_the_highest_payout() {
        // 15,000 / 10 = 1,500, rounded up to 2,000: eight bands to 16,000.
        let rows = [paid(13_000, 15_000), paid(0, 1_999), paid(-200, 2_000)];
        let buckets = distribution(&rows, Decimal::from(15_000));
        assert_eq!(buckets.len(), 8);
        assert_eq!(edges(&buckets)[0], ("0".into(), "2000".into()));
        assert_eq!(edges(&buckets)[7], ("14000".into(), "16000".into()));
        let now: Vec<usize> = buckets.iter().map(|b| b.current).collect();
        let then: Vec<usize> = buckets.iter().map(|b| b.scenario).collect();
        // A clawback's negative payout counts in the first band.
        assert_eq!(now, [2, 0, 0, 0, 0, 0, 1, 0]);
        assert_eq!(then, [1, 1, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn the_highest_payout_on_an_edge_counts_in_the_last_band() {
        let buckets = distribution(&[paid(20_000, 20_000)], Decimal::from(20_000));
        assert_eq!(buckets.len(), 10);
        assert_eq!(edges(&buckets)[9], ("18000".into(), "20000".into()));
        assert_eq!((buckets[9].current, buckets[9].scenario), (1, 1));
    }

    #[test]
    fn round_widths() {
        let width = |raw: &str| {
            round_width(raw.parse().unwrap_or_default())
                .normalize()
                .to_string()
        };
        assert_eq!(width("1500"), "2000");
        assert_eq!(width("2000"), "2000");
        assert_eq!(width("2001"), "2500");
        assert_eq!(width("25"), "25");
        assert_eq!(width("30"), "50");
        assert_eq!(width("51"), "100");
        assert_eq!(width("0.73"), "1");
        assert_eq!(width("0.005"), "0.01");
        assert!(distribution(&[], Decimal::ZERO).is_empty());
    }
}
