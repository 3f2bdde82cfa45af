//! `attain demo`: a realistic demo company. One login per role, and around
//! them a sales organisation of about 120 people in three regions with two
//! years of seeded history: accounts scored against an ideal customer
//! profile, a product catalogue with priorities, ~30,000 deals with lines,
//! splits and stage milestones, activities, tasks and a goal cascade for the
//! current year, and ten peer companies taking part in benchmarks with it.
//! Everything is generated from fixed seeds relative to today,
//! so every demo looks the same. Re-running keeps an existing demo company.
//!
//! The tenant's data is written in one transaction with `COPY ... FROM STDIN`
//! for the large tables, and a single `deal.changed` event is enqueued at the
//! end so the worker computes the KPI snapshot and every statement once.

mod activities;
mod catalogue;
mod comp;
mod deals;
mod goals;
mod org;
mod peers;
mod tasks;

use attain_api::passwords;
use attain_config::Settings;
use attain_db::{
    control::{memberships, tenants, users},
    provisioning::{provision_tenant, NewTenant, Owner},
    tenant::{
        people,
        stages::{self, ActivityTargetRow, SalesModelChoice, Stage},
    },
    TenantConn,
};
use attain_domain::{sales_model, Role, SchemaName};
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use diesel::Connection;
use rand::{rngs::StdRng, Rng, RngCore, SeedableRng};
use std::{collections::HashMap, time::Instant};
use uuid::Uuid;

pub const DEMO_SLUG: &str = "demo";
pub const DEMO_PASSWORD: &str = "attain-demo-2026";

/// The sales model the demo runs on.
const TEMPLATE: &str = "sales_performance";

/// The seed every generator derives from.
const SEED: u64 = 2026;

/// How far back the history goes.
const HISTORY_DAYS: i64 = 730;

const PEOPLE: [(Role, &str, &str); 9] = [
    (Role::Owner, "Olivia Owner", "owner"),
    (Role::Admin, "Adam Admin", "admin"),
    (Role::Executive, "Erin Executive", "exec"),
    (Role::Manager, "Max Manager", "manager"),
    (Role::Rep, "Ava Thompson", "ava"),
    (Role::Rep, "Jonas Berg", "jonas"),
    (Role::Rep, "Liam Ortiz", "liam"),
    (Role::Rep, "Mia Chen", "mia"),
    (Role::BillingAdmin, "Bill Payer", "billing"),
];

pub fn email(handle: &str) -> String {
    format!("{handle}@demo.attain.test")
}

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let url = settings.database_url.expose().to_owned();
    let hash = passwords::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let created = tokio::task::spawn_blocking(move || create(&url, &hash)).await??;
    println!(
        "{} demo company '{DEMO_SLUG}'. Logins (password {DEMO_PASSWORD}):",
        if created {
            "Created the"
        } else {
            "Kept the existing"
        }
    );
    for (role, name, handle) in PEOPLE {
        println!("  {:<14} {:<28} {name}", role.as_str(), email(handle));
    }
    Ok(())
}

/// Today and the window the history covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The first day of the history.
    pub start: NaiveDate,
}

impl Clock {
    fn new(now: DateTime<Utc>) -> Self {
        let today = now.date_naive();
        Self {
            now,
            today,
            start: today - Duration::days(HISTORY_DAYS),
        }
    }
}

/// Prints a progress line with the time since `started`.
pub(crate) struct Progress {
    started: Instant,
}

impl Progress {
    pub fn step(&self, what: std::fmt::Arguments<'_>) {
        println!("  [{:>6.2}s] {what}", self.started.elapsed().as_secs_f64());
    }
}

/// A login user and the handle it was created from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Login {
    pub handle: &'static str,
    pub user_id: Uuid,
}

/// An id drawn from the seeded generator, so every demo has the same ids.
pub(crate) fn new_id(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

/// A generator for one part of the data (one seller's day, say), so that
/// what is generated for it does not depend on what was generated before.
pub(crate) fn derived_rng(seed: u64, a: u64, b: u64) -> StdRng {
    // splitmix64 over the three inputs.
    let mut x = seed ^ a.rotate_left(32) ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    StdRng::seed_from_u64(x ^ (x >> 31))
}

/// Roughly normal noise with mean 0 and standard deviation 1.
pub(crate) fn gauss(rng: &mut StdRng) -> f64 {
    let sum: f64 = (0..6).map(|_| rng.gen::<f64>()).sum();
    (sum - 3.0) * std::f64::consts::SQRT_2
}

/// One of `items`, drawn in proportion to its weight.
pub(crate) fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, f64)]) -> Option<T> {
    let total: f64 = items.iter().map(|(_, w)| w.max(0.0)).sum();
    if total <= 0.0 {
        return items.first().map(|(item, _)| *item);
    }
    let mut left = rng.gen::<f64>() * total;
    for (item, weight) in items {
        left -= weight.max(0.0);
        if left < 0.0 {
            return Some(*item);
        }
    }
    items.last().map(|(item, _)| *item)
}

/// `day` at `seconds` past midnight, UTC.
pub(crate) fn at(day: NaiveDate, seconds: i64) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc() + Duration::seconds(seconds)
}

/// Splits `total` whole units in proportion to `weights`; the parts add up
/// to `total` exactly (largest remainder).
pub(crate) fn split_whole(total: i64, weights: &[f64]) -> Vec<i64> {
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if weights.is_empty() {
        return Vec::new();
    }
    let shares: Vec<f64> = if sum <= 0.0 {
        vec![total as f64 / weights.len() as f64; weights.len()]
    } else {
        weights
            .iter()
            .map(|w| total as f64 * w.max(0.0) / sum)
            .collect()
    };
    let mut parts: Vec<i64> = shares.iter().map(|s| s.floor() as i64).collect();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = shares[a] - shares[a].floor();
        let rb = shares[b] - shares[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut left = total - parts.iter().sum::<i64>();
    for index in order.iter().cycle().take(order.len() * 2) {
        if left <= 0 {
            break;
        }
        parts[*index] += 1;
        left -= 1;
    }
    parts
}

fn create(url: &str, password_hash: &str) -> anyhow::Result<bool> {
    let progress = Progress {
        started: Instant::now(),
    };
    let mut conn = diesel::PgConnection::establish(url)?;
    if tenants::find_by_slug(&mut conn, DEMO_SLUG)?.is_some() {
        return Ok(false);
    }
    let clock = Clock::new(Utc::now());
    // One transaction: a demo that fails half-way leaves nothing behind.
    conn.transaction(|conn| -> anyhow::Result<()> {
        let mut random = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let owner = PEOPLE[0];
        let provisioned = provision_tenant(
            conn,
            NewTenant {
                slug: DEMO_SLUG.into(),
                name: "Acme Analytics (demo)".into(),
                industry: "software".into(),
                company_size: "51-200".into(),
                schema: SchemaName::from_random(random),
            },
            Owner::New {
                email: email(owner.2),
                name: owner.1.into(),
                password_hash: password_hash.into(),
            },
            &|_| true,
        )?;
        let tenant = provisioned.tenant_ref;
        let mut logins = vec![Login {
            handle: owner.2,
            user_id: provisioned.owner_id,
        }];
        people::ensure_for_user(conn, &tenant, provisioned.owner_id, true)?;
        for (role, name, handle) in &PEOPLE[1..] {
            let user = users::User {
                id: Uuid::new_v4(),
                email: email(handle),
                name: (*name).into(),
                password_hash: password_hash.into(),
                created_at: Utc::now(),
            };
            users::insert(conn, &user)?;
            memberships::insert(
                conn,
                &memberships::Membership {
                    tenant_id: tenant.id,
                    user_id: user.id,
                    role: role.as_str().into(),
                    active: true,
                    created_at: Utc::now(),
                },
            )?;
            people::ensure_for_user(conn, &tenant, user.id, *role == Role::Manager)?;
            logins.push(Login {
                handle,
                user_id: user.id,
            });
        }
        progress.step(format_args!(
            "tenant '{DEMO_SLUG}' provisioned with {} logins",
            logins.len()
        ));
        TenantConn::transaction(conn, &tenant, |t| generate(t, &logins, clock, &progress))?;
        peers::build(conn, &tenant, password_hash, SEED + 20, clock, &progress)?;
        Ok(())
    })?;
    progress.step(format_args!("committed"));
    Ok(true)
}

fn generate(
    t: &mut TenantConn<'_>,
    logins: &[Login],
    clock: Clock,
    progress: &Progress,
) -> anyhow::Result<()> {
    let stage_ids = apply_sales_model(t)?;
    progress.step(format_args!(
        "sales model '{TEMPLATE}': {} stages, activity targets",
        stage_ids.len()
    ));

    let mut rng = StdRng::seed_from_u64(SEED + 1);
    let org = org::build(t, &mut rng, logins, clock)?;
    progress.step(format_args!(
        "organisation: {} regions, {} teams, {} people in the tree, {} territories",
        org.regions.len(),
        org.teams.len(),
        org.members.len(),
        org.territories.len()
    ));

    let mut rng = StdRng::seed_from_u64(SEED + 2);
    let catalogue = catalogue::build(t, &mut rng, &org, clock)?;
    progress.step(format_args!(
        "catalogue: {} products; {} accounts scored against the ICP",
        catalogue.products.len(),
        catalogue.accounts.len()
    ));

    let history = deals::build(t, SEED + 3, &org, &catalogue, &stage_ids, clock)?;
    progress.step(format_args!(
        "deals: {} ({} won, {} lost, {} open), {} lines, {} split deals, {} milestones",
        history.stats.deals,
        history.stats.won,
        history.stats.lost,
        history.stats.open,
        history.stats.lines,
        history.stats.split_deals,
        history.stats.milestones
    ));

    let targets = stages::activity_targets(t)?;
    let logged = activities::build(t, SEED + 4, &org, &catalogue, &history, &targets, clock)?;
    progress.step(format_args!(
        "activities: {} (full volume for the last {} weeks, logging adoption ramping up before)",
        logged.rows, logged.full_weeks
    ));

    let mut rng = StdRng::seed_from_u64(SEED + 5);
    let (task_count, item_count) = tasks::build(t, &mut rng, &org, &catalogue, &history, clock)?;
    progress.step(format_args!(
        "tasks: {task_count} with {item_count} to-do items"
    ));

    let mut rng = StdRng::seed_from_u64(SEED + 6);
    let goal_count = goals::build(t, &mut rng, &org, &history, &targets, clock)?;
    goals::target_mix(t)?;
    progress.step(format_args!(
        "goals: {goal_count} for {} and its quarters, and a target mix of 70% strategic, 25% standard, 5% loss leader",
        clock.today.format("%Y")
    ));

    let mut rng = StdRng::seed_from_u64(SEED + 7);
    let comp = comp::build(t, &mut rng, &org, &history, clock)?;
    progress.step(format_args!(
        "compensation: {} plans assigned by role, {} monthly quotas, {} exchange rates",
        comp.plans, comp.quotas, comp.rates
    ));

    // One event: the worker computes the tenant's snapshot and statements once.
    if let Some(deal_id) = history.last_deal {
        let tenant_id = t.tenant_id();
        enqueue(
            t.conn(),
            tenant_id,
            kinds::DEAL_CHANGED,
            DealChanged {
                deal_id,
                change: "demo".into(),
            },
        )?;
    }
    Ok(())
}

/// Sets up the template's stages (updating those the migration created),
/// its weekly activity targets and the sales-model choice. Returns the stage
/// ids by key.
pub(crate) fn apply_sales_model(t: &mut TenantConn<'_>) -> anyhow::Result<HashMap<String, Uuid>> {
    let model = sales_model::template(TEMPLATE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let existing = stages::all(t)?;
    for (index, template) in model.stages.iter().enumerate() {
        let wanted = |id: Uuid, version: i32| Stage {
            id,
            key: template.key.to_owned(),
            name: template.name.to_owned(),
            position: index as i32 + 1,
            probability: template.probability,
            kind: template.kind.to_owned(),
            pipeline: template.pipeline.as_str().to_owned(),
            active: true,
            version,
        };
        match existing.iter().find(|s| s.key == template.key) {
            Some(current) => {
                let updated = wanted(current.id, current.version);
                if &updated != current {
                    stages::save(
                        t,
                        &Stage {
                            version: current.version + 1,
                            ..updated
                        },
                    )?;
                }
            }
            None => stages::insert(t, &wanted(Uuid::new_v4(), 1))?,
        }
    }
    let targets: Vec<ActivityTargetRow> = model
        .activity_targets
        .iter()
        .map(|a| ActivityTargetRow {
            sales_role: a.sales_role.as_str().to_owned(),
            kind: a.kind.as_str().to_owned(),
            per_week: a.per_week,
        })
        .collect();
    stages::replace_activity_targets(t, &targets)?;
    stages::save_sales_model(
        t,
        &SalesModelChoice {
            singleton: true,
            template: model.key.to_owned(),
            kpis: serde_json::json!(model.kpis),
            chosen_at: Utc::now(),
            version: 1,
        },
    )?;
    Ok(stages::all(t)?
        .into_iter()
        .map(|stage| (stage.key, stage.id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_splits_add_up_exactly() {
        let parts = split_whole(1_000_001, &[1.0, 1.0, 1.0]);
        assert_eq!(parts.iter().sum::<i64>(), 1_000_001);
        assert_eq!(split_whole(10, &[0.0, 0.0]), vec![5, 5]);
        assert_eq!(split_whole(7, &[3.0, 1.0]).iter().sum::<i64>(), 7);
    }

    #[test]
    fn weighted_draws_follow_weights() {
        let mut rng = StdRng::seed_from_u64(1);
        let picks: Vec<u8> = (0..1000)
            .filter_map(|_| weighted(&mut rng, &[(0u8, 1.0), (1u8, 3.0)]))
            .collect();
        let ones = picks.iter().filter(|p| **p == 1).count();
        assert!((650..850).contains(&ones), "{ones}");
    }
}
