//! Peer companies for the demo's benchmarks: ten other software companies
//! (five of 51-200 employees like the demo, five of 201-1000), each with
//! its own reps, two quarters of won and lost deals at its own win rate,
//! deal size and cycle, and logged activities. They and the demo take part
//! in benchmarks, so the demo's cohorts are published at the worker's first
//! run. Nobody logs in to a peer; its owner is a placeholder login.

use super::{at, derived_rng, gauss, Clock, Progress};
use attain_db::{
    control::benchmarks,
    provisioning::{provision_tenant, NewTenant, Owner},
    schema::tenant::{activities, deals},
    tenant::{
        activities::Activity,
        deals::Deal,
        goals::{self, Goal},
        people::{self, Person},
        stages,
    },
    TenantConn,
};
use attain_domain::{
    period::{Period, PeriodKind},
    SchemaName, TenantRef,
};
use chrono::{Duration, Utc};
use diesel::{prelude::*, PgConnection};
use rand::{Rng, RngCore};
use rust_decimal::Decimal;

/// (name, size band, reps, win rate, average deal in USD, cycle in days, activities a rep a week)
const PEERS: [(&str, &str, u32, f64, f64, f64, f64); 10] = [
    ("Northwind Cloud", "51-200", 95, 0.28, 21_000.0, 48.0, 11.0),
    ("Bluefin Data", "51-200", 120, 0.34, 26_000.0, 55.0, 14.0),
    ("Kestrel Labs", "51-200", 85, 0.22, 17_500.0, 41.0, 9.0),
    ("Quarry Systems", "51-200", 110, 0.31, 30_500.0, 62.0, 12.0),
    ("Lumen Stack", "51-200", 100, 0.26, 19_500.0, 37.0, 16.0),
    (
        "Granite Software",
        "201-1000",
        240,
        0.30,
        42_000.0,
        70.0,
        10.0,
    ),
    ("Harbor Apps", "201-1000", 260, 0.27, 38_000.0, 66.0, 13.0),
    (
        "Summit Analytics",
        "201-1000",
        220,
        0.35,
        51_000.0,
        81.0,
        12.0,
    ),
    (
        "Tidewater Tech",
        "201-1000",
        250,
        0.24,
        35_500.0,
        58.0,
        15.0,
    ),
    (
        "Vantage Platforms",
        "201-1000",
        230,
        0.32,
        46_000.0,
        75.0,
        11.0,
    ),
];

/// Days of history each peer has.
const HISTORY_DAYS: i64 = 200;

/// Rows per INSERT (9 columns × 5,000 stays under PostgreSQL's 65,535 parameters).
const BATCH: usize = 5_000;

/// Creates the peers (inside the demo's transaction) and opts everyone in.
pub fn build(
    conn: &mut PgConnection,
    demo: &TenantRef,
    password_hash: &str,
    seed: u64,
    clock: Clock,
    progress: &Progress,
) -> anyhow::Result<()> {
    for (index, peer) in PEERS.iter().enumerate() {
        let (name, size, ..) = *peer;
        let mut random = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let slug = format!("demo-peer-{}", index + 1);
        let provisioned = provision_tenant(
            conn,
            NewTenant {
                slug: slug.clone(),
                name: format!("{name} (demo peer)"),
                industry: "software".into(),
                company_size: size.into(),
                schema: SchemaName::from_random(random),
            },
            Owner::New {
                email: format!("{slug}@demo.attain.test"),
                name: format!("{name} owner"),
                password_hash: password_hash.into(),
            },
            &|_| true,
        )?;
        people::ensure_for_user(conn, &provisioned.tenant_ref, provisioned.owner_id, true)?;
        let (deal_count, activity_count) =
            TenantConn::transaction(conn, &provisioned.tenant_ref, |t| {
                history(t, peer, seed + index as u64, clock)
            })?;
        benchmarks::set_opt_in(conn, provisioned.tenant_ref.id, true)?;
        progress.step(format_args!(
            "peer '{name}' ({size}): {deal_count} deals, {activity_count} activities"
        ));
    }
    benchmarks::set_opt_in(conn, demo.id, true)?;
    Ok(())
}

/// One peer's reps, deals and activities; returns how many deals and activities.
fn history(
    t: &mut TenantConn<'_>,
    peer: &(&str, &str, u32, f64, f64, f64, f64),
    seed: u64,
    clock: Clock,
) -> anyhow::Result<(usize, usize)> {
    let (_, _, reps, win_rate, deal_size, cycle, weekly) = *peer;
    super::apply_sales_model(t)?;
    let all = stages::all(t)?;
    let stage = |kind: &str| {
        all.iter()
            .find(|s| s.kind == kind && s.pipeline == "new_business")
            .map(|s| s.id)
            .ok_or_else(|| anyhow::anyhow!("no {kind} stage"))
    };
    let (open, won, lost) = (stage("open")?, stage("won")?, stage("lost")?);
    let mut rng = derived_rng(seed, 1, 0);
    let start = clock.today - Duration::days(HISTORY_DAYS);
    let mut deal_rows = Vec::new();
    let mut activity_rows = Vec::new();
    for rep in 0..reps {
        let id = super::new_id(&mut rng);
        people::insert(
            t,
            &Person {
                name: format!("Rep {}", rep + 1),
                email: None,
                user_id: None,
                sales_role: "ae".into(),
                ..Person::for_member(id, "", "", "ae")
            },
        )?;
        let skill = (1.0 + 0.25 * gauss(&mut rng)).clamp(0.4, 1.8);
        for n in 0..8 {
            let created = start + Duration::days(rng.gen_range(0..HISTORY_DAYS - 10));
            let length = (cycle * (0.5 + rng.gen::<f64>())).round() as i64;
            let closes = created + Duration::days(length.max(1));
            let amount = (deal_size * skill * (0.4 + 1.2 * rng.gen::<f64>())).round();
            let (status, stage_id, closed) = if closes > clock.today {
                ("open", open, None)
            } else if rng.gen::<f64>() < (win_rate * skill).min(0.9) {
                ("won", won, Some(closes))
            } else {
                ("lost", lost, Some(closes))
            };
            let created_at = at(created, 9 * 3600);
            deal_rows.push(Deal {
                id: super::new_id(&mut rng),
                name: format!("Deal {}-{}", rep + 1, n + 1),
                owner_id: id,
                amount: Decimal::from(amount as i64),
                currency: "USD".into(),
                status: status.into(),
                expected_close_date: Some(closes),
                version: 1,
                created_at,
                updated_at: created_at,
                external_id: None,
                account_id: None,
                stage_id,
                deal_type: "new_business".into(),
                closed_date: closed,
                loss_reason: (status == "lost").then(|| "price".to_owned()),
                stage_entered_at: closed.map_or(created_at, |day| at(day, 15 * 3600)),
            });
        }
        let per_week = (weekly * skill).round() as i64;
        for week in 0..(HISTORY_DAYS / 7) {
            for k in 0..per_week {
                let day = start + Duration::days(week * 7 + k % 5);
                activity_rows.push(Activity {
                    id: super::new_id(&mut rng),
                    external_id: None,
                    kind: ["call", "email", "meeting", "demo"][(k % 4) as usize].into(),
                    person_id: id,
                    deal_id: None,
                    account_id: None,
                    occurred_at: at(day, 10 * 3600 + k * 600),
                    subject: "Follow-up".into(),
                    created_at: Utc::now(),
                });
            }
        }
    }
    for chunk in deal_rows.chunks(BATCH / 2) {
        diesel::insert_into(deals::table)
            .values(chunk)
            .execute(t.conn())?;
    }
    for chunk in activity_rows.chunks(BATCH) {
        diesel::insert_into(activities::table)
            .values(chunk)
            .execute(t.conn())?;
    }
    company_goals(t, &deal_rows, &mut rng, clock)?;
    Ok((deal_rows.len(), activity_rows.len()))
}

/// A company revenue goal for this quarter and the last, set so the peer
/// lands somewhere between 70% and 120% of its pace.
fn company_goals(
    t: &mut TenantConn<'_>,
    deals: &[Deal],
    rng: &mut rand::rngs::StdRng,
    clock: Clock,
) -> anyhow::Result<()> {
    let current = Period::containing(PeriodKind::Quarter, clock.today);
    for period in [current.previous(), current] {
        let range = period.range();
        let won: Decimal = deals
            .iter()
            .filter(|d| d.status == "won" && d.closed_date.is_some_and(|day| range.contains(day)))
            .map(|d| d.amount)
            .sum();
        let days = (period.end_exclusive() - period.start).num_days();
        let elapsed = (clock.today - period.start).num_days().clamp(1, days);
        let pace = 0.7 + 0.5 * rng.gen::<f64>();
        let target = won * Decimal::from(days) / Decimal::from(elapsed) / Decimal::try_from(pace)?;
        goals::insert(
            t,
            &Goal {
                id: super::new_id(rng),
                period_kind: "quarter".into(),
                period_start: period.start,
                scope_kind: "company".into(),
                scope_id: None,
                metric: "revenue".into(),
                target: target.round(),
                currency: Some("USD".into()),
                parent_id: None,
                version: 1,
                created_at: Utc::now(),
            },
        )?;
    }
    Ok(())
}
