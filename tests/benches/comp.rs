//! Incentive-compensation figures, printed for docs/PERFORMANCE.md. A
//! generated tenant (fixed seed): 10,000 people (12 second-level managers,
//! 988 managers, 9,000 hunters, farmers, AEs, AMs and SDRs), 1,000,000 won
//! deals closed over 2026 (seasonal, 10% with 2-way splits, most with 1–3
//! product lines of strategic, standard or loss-leader products, 80% USD and
//! the rest EUR or GBP at monthly rates, ~1% reversed within 60 days), six
//! plans (hunter, farmer, AE, SDR, manager, director) assigned by role with
//! person overrides and one mid-year version, and a quota per person and
//! month. It measures:
//! - full recalculation: `attain_comp::compute` of the twelve months (three
//!   runs; `Engine::new` indexing included), statements and lines produced,
//!   and the process's peak memory (`VmHWM`) before and during it;
//! - single-deal incremental update, the worker's path: the people the deal
//!   touches (`Engine::people_touched_by`), grouped by the first close date
//!   their statements read (`Engine::by_first_deal_day`: the deal's month, or
//!   January for someone on a draw, reaching back over a clawback window);
//!   per group the inputs taken from the in-memory store (their own and
//!   their reports' deals from that day, by reference, each with the
//!   `DealDigest` the store keeps beside it; their assignments and quotas,
//!   the plans and rates, copied), `Engine::with_digested_deals` over them
//!   and `statements_for` the deal's month; the store taking the change
//!   (finding the deal, making its digest again) is timed too;
//!   for 200 random deals (the
//!   deal's amount raised 10%; the first 20, unchanged, are first checked to
//!   give exactly the full run's statements);
//! - what-if: `attain_comp::whatif::what_if` for a rep with three
//!   hypothetical deals over that rep's inputs, 200 calls;
//! - the same calculation done in PostgreSQL the way an in-house team would:
//!   the same tenant is copied (`COPY … FROM STDIN`) into a throwaway database
//!   and one `INSERT INTO statement_lines … SELECT` computes the direct
//!   commission lines. It does crediting from splits (the owner when there is
//!   none), the plan in force on the close date (person assignment over role,
//!   effective-dated versions), deal-type filters, new-logo and bookings
//!   measures, priority weights per plan version, FX at the month's rate,
//!   running attainment by window function ordered by close date and id,
//!   marginal tier slicing (GREATEST/LEAST against the tiers table),
//!   retroactive tiers, the threshold, and per-line rounding. It does not do
//!   roll-ups, per-deal and per-period caps, bonuses, SPIFFs, clawbacks,
//!   draws, adjustments, rule texts or warnings. The engine is run again on a
//!   plan mix cut down to exactly that (the same plans without those rules),
//!   the two are checked to agree line count, total and every person-month
//!   to the cent, and the ratio is taken between those two runs.
//!
//! It runs with the worker's allocator, mimalloc, and its setting
//! `MIMALLOC_PURGE_DELAY=-1` (freed memory is kept for the next run).
//!
//! Run: `cargo bench -p attain-tests --bench comp` (needs PostgreSQL at
//! `ATTAIN_DATABASE_URL`, a role that may create databases; `COMP_BENCH_SQL=0`
//! or `ATTAIN_BENCH_ENGINE_ONLY=1` skips the PostgreSQL part, and
//! `COMP_BENCH_RUNS=n` sets the number of full runs). Each full run's
//! statements are digested (FNV-1a over their JSON, in order) and the digests
//! printed and checked equal, so a change to the engine can be checked to
//! give byte-identical statements; `COMP_BENCH_EXPECT=<digest>` makes a
//! different digest an error. It prints the load average and each full run's
//! CPU time too, since other work on the machine inflates wall times.

use attain_comp::{
    on_engine_threads, whatif::what_if, Assignment, AssignmentTarget, AttainmentBonus, Crediting,
    Deal, DealDigest, DealLine, Draw, Engine, FxRate, Inputs, LineKind, Measure, Person, Plan,
    PlanRules, PlanVersion, Quota, RateTable, Spiff, Split, Statement, Tier, TierMethod,
};
use attain_domain::{
    deal::DealType,
    org::ProductPriority,
    period::{Period, PeriodKind},
};
use chrono::{Days, NaiveDate};
use diesel::{connection::SimpleConnection, pg::CopyFormat, prelude::*, sql_types};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rust_decimal::{prelude::ToPrimitive, Decimal};
use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    fmt::Write as _,
    time::{Duration, Instant},
};
use uuid::Uuid;

const SEED: u64 = 20_261_122;
const YEAR: i32 = 2026;
const DIRECTORS: usize = 12;
const MANAGERS: usize = 988;
const REPS: usize = 9_000;
const DEALS: usize = 1_000_000;
const PRODUCTS: usize = 40;
const RUNS: usize = 3;
/// FNV-1a digest of every statement's JSON, in order, with the engine as of
/// 2026-11-22 (before the performance work); the statements must not change.
const EXPECTED_DIGEST: Option<&str> = Some("ada0664d8078de3e");
/// The same for the run on the plans cut down to what the SQL does.
const EXPECTED_SUBSET_DIGEST: Option<&str> = Some("c7c98c00f7cccde6");
const SAMPLES: usize = 200;
/// Share of the year's deals closed in each month: quarter ends and December peak.
const SEASON: [u32; 12] = [7, 7, 10, 7, 8, 11, 6, 6, 10, 8, 8, 12];

// ---------------------------------------------------------------- tenant

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, month, day).unwrap_or(NaiveDate::MIN)
}

fn month_period(month: u32) -> Period {
    Period::containing(PeriodKind::Month, day(month, 1))
}

fn days_in(month: u32) -> u32 {
    month_period(month).days() as u32
}

fn new_id(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

fn dec(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

fn cents(amount: f64) -> Decimal {
    Decimal::new((amount * 100.0).round() as i64, 2)
}

/// Log-normal around `median`.
fn lognormal(rng: &mut StdRng, median: f64, sigma: f64) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    median * (sigma * normal).exp()
}

struct Product {
    id: Uuid,
    name: String,
    priority: ProductPriority,
    /// Typical line value, in the deal's currency.
    median: f64,
}

struct Tenant {
    inputs: Inputs,
    /// Per person (aligned with `inputs.people`): 0 rep, 1 manager, 2 second-level.
    level: Vec<u8>,
    products: Vec<Product>,
}

const HUNTER: Uuid = Uuid::from_u128(0x01);
const FARMER: Uuid = Uuid::from_u128(0x02);
const AE: Uuid = Uuid::from_u128(0x03);
const SDR: Uuid = Uuid::from_u128(0x04);
const MANAGER: Uuid = Uuid::from_u128(0x05);
const DIRECTOR: Uuid = Uuid::from_u128(0x06);

fn rules(tiers: &[(i64, Option<i64>, Decimal)], method: TierMethod) -> PlanRules {
    PlanRules {
        currency: "USD".to_owned(),
        measure: Measure::Bookings,
        crediting: Crediting::default(),
        priority_weights: BTreeMap::new(),
        product_weights: BTreeMap::new(),
        rate_table: RateTable {
            method,
            tiers: tiers
                .iter()
                .map(|(from, to, rate)| Tier {
                    from_pct: Decimal::from(*from),
                    to_pct: to.map(Decimal::from),
                    rate: *rate,
                })
                .collect(),
        },
        threshold_pct: None,
        cap_per_deal: None,
        cap_per_period: None,
        bonuses: Vec::new(),
        spiffs: Vec::new(),
        clawback_days: None,
        draw: None,
    }
}

fn plan(id: Uuid, name: &str, versions: Vec<(NaiveDate, PlanRules)>) -> Plan {
    Plan {
        id,
        name: name.to_owned(),
        versions: versions
            .into_iter()
            .enumerate()
            .map(|(i, (effective_from, rules))| PlanVersion {
                version: i as i32 + 1,
                effective_from,
                rules,
            })
            .collect(),
    }
}

fn plans(products: &[Product]) -> Vec<Plan> {
    use ProductPriority::{LossLeader, Strategic};
    let strategic: Vec<Uuid> = products
        .iter()
        .filter(|p| p.priority == Strategic)
        .map(|p| p.id)
        .collect();

    let mut hunter = rules(
        &[
            (0, Some(50), dec(5, 2)),
            (50, Some(100), dec(8, 2)),
            (100, Some(150), dec(12, 2)),
            (150, None, dec(6, 2)),
        ],
        TierMethod::Marginal,
    );
    hunter.crediting.deal_types = vec![DealType::NewBusiness];
    hunter.priority_weights = BTreeMap::from([(Strategic, dec(15, 1)), (LossLeader, dec(5, 1))]);
    hunter.spiffs = vec![Spiff {
        name: "Q3 strategic logos".to_owned(),
        from: day(8, 1),
        to: day(9, 30),
        amount_per_deal: Decimal::from(500),
        products: strategic,
        deal_types: vec![DealType::NewBusiness],
        min_amount: Some(Decimal::from(25_000)),
    }];
    // The mid-year version: a richer 100–150% tier and strategic weight.
    let mut hunter_h2 = hunter.clone();
    hunter_h2.rate_table.tiers[2].rate = dec(13, 2);
    hunter_h2.priority_weights.insert(Strategic, dec(175, 2));

    let mut farmer = rules(
        &[
            (0, Some(80), dec(3, 2)),
            (80, Some(100), dec(4, 2)),
            (100, Some(120), dec(5, 2)),
            (120, None, dec(6, 2)),
        ],
        TierMethod::Retroactive,
    );
    farmer.crediting.deal_types = vec![DealType::Expansion, DealType::Renewal];
    farmer.priority_weights = BTreeMap::from([(Strategic, dec(125, 2)), (LossLeader, dec(5, 1))]);
    farmer.cap_per_deal = Some(Decimal::from(3_000));

    let mut ae = rules(
        &[(0, Some(100), dec(7, 2)), (100, None, dec(10, 2))],
        TierMethod::Marginal,
    );
    ae.priority_weights = BTreeMap::from([(Strategic, dec(15, 1)), (LossLeader, dec(5, 1))]);
    ae.threshold_pct = Some(Decimal::from(25));
    ae.bonuses = vec![AttainmentBonus {
        at_pct: Decimal::from(100),
        amount: Decimal::from(1_500),
    }];
    ae.clawback_days = Some(90);
    ae.draw = Some(Draw {
        amount: Decimal::from(2_000),
        recoverable: true,
    });

    let mut sdr = rules(
        &[
            (0, Some(100), Decimal::from(40)),
            (100, None, Decimal::from(60)),
        ],
        TierMethod::Marginal,
    );
    sdr.measure = Measure::NewLogos;

    let mut manager = rules(
        &[(0, Some(100), dec(1, 2)), (100, None, dec(15, 3))],
        TierMethod::Marginal,
    );
    manager.crediting.manager_rollup = true;
    manager.cap_per_period = Some(Decimal::from(20_000));

    let mut director = rules(
        &[(0, Some(100), dec(5, 4)), (100, None, dec(8, 4))],
        TierMethod::Marginal,
    );
    director.crediting.manager_rollup = true;
    director.cap_per_period = Some(Decimal::from(50_000));

    vec![
        plan(
            HUNTER,
            "Hunter",
            vec![(day(1, 1), hunter), (day(7, 1), hunter_h2)],
        ),
        plan(FARMER, "Farmer", vec![(day(1, 1), farmer)]),
        plan(AE, "Account executive", vec![(day(1, 1), ae)]),
        plan(SDR, "SDR", vec![(day(1, 1), sdr)]),
        plan(MANAGER, "Manager", vec![(day(1, 1), manager)]),
        plan(DIRECTOR, "Director", vec![(day(1, 1), director)]),
    ]
}

/// The same plans cut down to what the SQL computes: no roll-ups, caps,
/// bonuses, SPIFFs, clawbacks or draws.
fn sql_subset(plans: &[Plan]) -> Vec<Plan> {
    plans
        .iter()
        .map(|plan| {
            let mut plan = plan.clone();
            for version in &mut plan.versions {
                let r = &mut version.rules;
                r.crediting.manager_rollup = false;
                r.cap_per_deal = None;
                r.cap_per_period = None;
                r.bonuses.clear();
                r.spiffs.clear();
                r.clawback_days = None;
                r.draw = None;
            }
            plan
        })
        .collect()
}

fn generate() -> Tenant {
    let mut rng = StdRng::seed_from_u64(SEED);
    let products: Vec<Product> = (0..PRODUCTS)
        .map(|i| {
            let (priority, median) = match i {
                0..=7 => (ProductPriority::Strategic, 9_000.0),
                8..=33 => (ProductPriority::Standard, 6_000.0),
                _ => (ProductPriority::LossLeader, 2_000.0),
            };
            Product {
                id: new_id(&mut rng),
                name: format!("Product {:02}", i + 1),
                priority,
                median,
            }
        })
        .collect();

    // The organisation: second-level managers, managers, then ~9 reps each.
    let mut people = Vec::with_capacity(DIRECTORS + MANAGERS + REPS);
    let mut level = Vec::with_capacity(people.capacity());
    let mut manager_of: Vec<Option<usize>> = Vec::with_capacity(people.capacity());
    for i in 0..DIRECTORS + MANAGERS + REPS {
        let (lvl, manager, role) = if i < DIRECTORS {
            (2, None, "manager")
        } else if i < DIRECTORS + MANAGERS {
            (1, Some((i - DIRECTORS) % DIRECTORS), "manager")
        } else {
            let rep = i - DIRECTORS - MANAGERS;
            let role = match rng.gen_range(0..100) {
                0..=24 => "hunter",
                25..=44 => "farmer",
                45..=74 => "ae",
                75..=84 => "am",
                _ => "sdr",
            };
            (0, Some(DIRECTORS + rep * MANAGERS / REPS), role)
        };
        level.push(lvl);
        manager_of.push(manager);
        people.push(Person {
            id: new_id(&mut rng),
            name: format!("Person {i:05}"),
            manager_id: None,
            role: role.to_owned(),
        });
    }
    for (i, manager) in manager_of.iter().enumerate() {
        let id = manager.map(|m| people[m].id);
        people[i].manager_id = id;
    }
    let first_rep = DIRECTORS + MANAGERS;
    let mut team: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    for (rep, manager) in manager_of.iter().enumerate().skip(first_rep) {
        if let Some(m) = manager {
            team[*m].push(rep);
        }
    }
    // Deal owners: SDRs close half as many (small inbound new business).
    let owners: Vec<usize> = (first_rep..people.len())
        .flat_map(|rep| {
            let times = if people[rep].role == "sdr" { 1 } else { 2 };
            std::iter::repeat_n(rep, times)
        })
        .collect();

    let plans = plans(&products);
    let start = day(1, 1);
    let mut assignments: Vec<Assignment> = [
        ("hunter", HUNTER),
        ("farmer", FARMER),
        ("am", FARMER),
        ("ae", AE),
        ("sdr", SDR),
        ("manager", MANAGER),
    ]
    .into_iter()
    .map(|(role, plan_id)| Assignment {
        id: new_id(&mut rng),
        plan_id,
        target: AssignmentTarget::Role(role.to_owned()),
        from: start,
        to: None,
    })
    .collect();
    // Person overrides: second-level managers on their own plan, a few AMs
    // on the AE plan, a few hunters moved to it from April.
    for (i, person) in people.iter().enumerate() {
        let over = match (level[i], person.role.as_str()) {
            (2, _) => Some((DIRECTOR, start)),
            (_, "am") if rng.gen_range(0..100) < 5 => Some((AE, start)),
            (_, "hunter") if rng.gen_range(0..100) < 3 => Some((AE, day(4, 1))),
            _ => None,
        };
        if let Some((plan_id, from)) = over {
            assignments.push(Assignment {
                id: new_id(&mut rng),
                plan_id,
                target: AssignmentTarget::Person(person.id),
                from,
                to: None,
            });
        }
    }

    let mut rates = Vec::new();
    let mut fx = [[1.0f64; 3]; 12];
    for m in 1..=12u32 {
        let t = f64::from(m);
        fx[m as usize - 1] = [
            1.0,
            1.08 + 0.02 * (t / 2.0).sin(),
            1.27 + 0.03 * (t / 3.0).cos(),
        ];
        for (c, code) in [(1, "EUR"), (2, "GBP")] {
            rates.push(FxRate {
                period: month_period(m),
                from: code.to_owned(),
                to: "USD".to_owned(),
                rate: Decimal::new((fx[m as usize - 1][c] * 10_000.0).round() as i64, 4),
            });
        }
    }

    // Deals, and each person's credited volume for their quotas.
    let season_total: u32 = SEASON.iter().sum();
    let mut volume = vec![[0f64; 12]; people.len()];
    let mut deals = Vec::with_capacity(DEALS);
    for i in 0..DEALS {
        let mut pick = rng.gen_range(0..season_total);
        let mut month = 1u32;
        for share in SEASON {
            if pick < share {
                break;
            }
            pick -= share;
            month += 1;
        }
        let closed_on = day(month, rng.gen_range(1..=days_in(month)));
        let owner = owners[rng.gen_range(0..owners.len())];
        let role = people[owner].role.as_str();
        let r = rng.gen_range(0..100);
        let (deal_type, scale) = match role {
            "hunter" if r < 85 => (DealType::NewBusiness, 1.0),
            "hunter" => (DealType::Expansion, 0.8),
            "farmer" | "am" if r < 55 => (DealType::Expansion, 0.8),
            "farmer" | "am" => (DealType::Renewal, 0.9),
            "ae" if r < 50 => (DealType::NewBusiness, 1.3),
            "ae" if r < 80 => (DealType::Expansion, 1.0),
            "ae" => (DealType::Renewal, 1.1),
            _ => (DealType::NewBusiness, 0.4),
        };
        let (currency, c) = match rng.gen_range(0..100) {
            0..=79 => ("USD", 0),
            80..=91 => ("EUR", 1),
            _ => ("GBP", 2),
        };
        let line_count = match rng.gen_range(0..100) {
            0..=14 => 0,
            15..=57 => 1,
            58..=82 => 2,
            _ => 3,
        };
        let lines: Vec<DealLine> = (0..line_count)
            .map(|_| {
                let product = &products[rng.gen_range(0..PRODUCTS)];
                let value =
                    lognormal(&mut rng, product.median * scale, 0.7).clamp(100.0, 400_000.0);
                DealLine {
                    product_id: product.id,
                    product_name: product.name.clone(),
                    priority: product.priority,
                    amount: cents(value),
                }
            })
            .collect();
        let amount = if lines.is_empty() {
            cents(lognormal(&mut rng, 8_000.0 * scale, 0.8).clamp(200.0, 500_000.0))
        } else {
            lines.iter().map(|l| l.amount).sum()
        };
        let mut credited: Vec<(usize, f64)> = vec![(owner, 1.0)];
        let splits = if rng.gen_range(0..100) < 10 {
            let mates = manager_of[owner].map(|m| team[m].as_slice()).unwrap_or(&[]);
            let mut partner = owners[rng.gen_range(0..owners.len())];
            if mates.len() > 1 {
                partner = mates[rng.gen_range(0..mates.len())];
            }
            if partner == owner {
                partner = if owner + 1 < people.len() {
                    owner + 1
                } else {
                    first_rep
                };
            }
            let first: i64 = [50, 60, 70, 80][rng.gen_range(0..4)];
            credited = vec![
                (owner, first as f64 / 100.0),
                (partner, (100 - first) as f64 / 100.0),
            ];
            vec![
                Split {
                    person_id: people[owner].id,
                    share_pct: Decimal::from(first),
                },
                Split {
                    person_id: people[partner].id,
                    share_pct: Decimal::from(100 - first),
                },
            ]
        } else {
            Vec::new()
        };
        let reversed_on =
            (rng.gen_range(0..100) == 0).then(|| closed_on + Days::new(rng.gen_range(1..=60)));
        let usd = amount.to_f64().unwrap_or_default() * fx[month as usize - 1][c];
        for (person, share) in credited {
            let logos = people[person].role == "sdr";
            let value = if logos {
                if deal_type == DealType::NewBusiness {
                    share
                } else {
                    0.0
                }
            } else {
                usd * share
            };
            volume[person][month as usize - 1] += value;
            let mut up = manager_of[person];
            while let Some(m) = up {
                volume[m][month as usize - 1] += usd * share;
                up = manager_of[m];
            }
        }
        deals.push(Deal {
            id: new_id(&mut rng),
            name: format!("Deal {i:07}"),
            closed_on,
            currency: currency.to_owned(),
            amount,
            deal_type,
            territory_id: None,
            term_months: Some([12, 12, 24, 36][rng.gen_range(0..4)]),
            lines,
            splits,
            owner_id: people[owner].id,
            reversed_on,
        });
    }

    // Quotas: a person's year spread by season, set 20% below to 30% above
    // what they will sell, with ±10% noise per month.
    let mut quotas = Vec::with_capacity(people.len() * 12);
    for (i, person) in people.iter().enumerate() {
        let year: f64 = volume[i].iter().sum();
        let stretch = rng.gen_range(0.8..1.3);
        for (m, share) in SEASON.iter().enumerate() {
            let target = year * f64::from(*share) / f64::from(season_total)
                * stretch
                * rng.gen_range(0.9..1.1);
            let amount = if person.role == "sdr" {
                Decimal::new((target.max(1.0) * 10.0).round() as i64, 1)
            } else {
                Decimal::new(target.max(1_000.0).round() as i64 * 100, 2)
            };
            quotas.push(Quota {
                person_id: person.id,
                period: month_period(m as u32 + 1),
                amount,
            });
        }
    }

    Tenant {
        inputs: Inputs {
            period_kind: PeriodKind::Month,
            people,
            plans,
            assignments,
            quotas,
            rates,
            adjustments: Vec::new(),
            deals,
        },
        level,
        products,
    }
}

/// The allocator the `attain` binary (the worker) runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ---------------------------------------------------------------- subsets

/// What a worker would look up in the database, kept in memory.
struct Index {
    position: HashMap<Uuid, u32>,
    reports: Vec<Vec<u32>>,
    /// Each person's deals (owner or split) with their close dates, by close
    /// date, as a database index on (person, closed_on) holds them.
    deals_of: Vec<Vec<(NaiveDate, u32)>>,
    /// Each person's reversed deals.
    reversed_of: Vec<Vec<u32>>,
    quotas_of: Vec<Vec<u32>>,
    own_assignments: HashMap<Uuid, Vec<u32>>,
    role_assignments: Vec<u32>,
    person_mark: Vec<u32>,
    deal_mark: Vec<u32>,
    stamp: u32,
    /// Each deal's digest, kept beside it and made again when it changes.
    digests: Vec<DealDigest>,
    deal_at: HashMap<Uuid, u32>,
}

impl Index {
    fn new(inputs: &Inputs) -> Self {
        let position: HashMap<Uuid, u32> = inputs
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i as u32))
            .collect();
        let mut reports = vec![Vec::new(); inputs.people.len()];
        for (i, p) in inputs.people.iter().enumerate() {
            if let Some(m) = p.manager_id.and_then(|m| position.get(&m)) {
                reports[*m as usize].push(i as u32);
            }
        }
        let mut deals_of = vec![Vec::new(); inputs.people.len()];
        let mut reversed_of = vec![Vec::new(); inputs.people.len()];
        for (d, deal) in inputs.deals.iter().enumerate() {
            for (person, _) in deal.credit_shares() {
                if let Some(p) = position.get(&person) {
                    deals_of[*p as usize].push((deal.closed_on, d as u32));
                    if deal.reversed_on.is_some() {
                        reversed_of[*p as usize].push(d as u32);
                    }
                }
            }
        }
        for list in &mut deals_of {
            list.sort_by_key(|(day, _)| *day);
        }
        let mut quotas_of = vec![Vec::new(); inputs.people.len()];
        for (q, quota) in inputs.quotas.iter().enumerate() {
            if let Some(p) = position.get(&quota.person_id) {
                quotas_of[*p as usize].push(q as u32);
            }
        }
        let mut own_assignments: HashMap<Uuid, Vec<u32>> = HashMap::new();
        let mut role_assignments = Vec::new();
        for (a, assignment) in inputs.assignments.iter().enumerate() {
            match assignment.target {
                AssignmentTarget::Person(p) => own_assignments.entry(p).or_default().push(a as u32),
                AssignmentTarget::Role(_) => role_assignments.push(a as u32),
            }
        }
        Self {
            position,
            reports,
            deals_of,
            reversed_of,
            quotas_of,
            own_assignments,
            role_assignments,
            person_mark: vec![0; inputs.people.len()],
            deal_mark: vec![0; inputs.deals.len()],
            stamp: 0,
            digests: inputs.deals.iter().map(DealDigest::of).collect(),
            deal_at: inputs
                .deals
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id, i as u32))
                .collect(),
        }
    }

    /// The deals at `positions` with their digests, as
    /// `Engine::with_digested_deals` reads them; `changed` (a deal at
    /// `changed_at`, with its new digest) in place of its stored version.
    fn digested<'d>(
        &'d self,
        inputs: &'d Inputs,
        positions: &[u32],
        changed: Option<(u32, &'d Deal, &'d DealDigest)>,
    ) -> Vec<(&'d Deal, &'d DealDigest)> {
        positions
            .iter()
            .map(|d| match changed {
                Some((at, deal, digest)) if at == *d => (deal, digest),
                _ => (&inputs.deals[*d as usize], &self.digests[*d as usize]),
            })
            .collect()
    }

    /// The inputs `people`'s statements up to `through` (exclusive) depend on,
    /// as the worker loads them: them and everyone below them, those
    /// people's deals closed or reversed from `from`, their assignments and
    /// quotas, every plan and rate.
    fn subset(
        &mut self,
        inputs: &Inputs,
        people: &BTreeSet<Uuid>,
        from: NaiveDate,
        through: NaiveDate,
    ) -> Inputs {
        let (mut rules, deals) = self.pick(inputs, people, from, through);
        rules.deals = deals
            .into_iter()
            .map(|d| inputs.deals[d as usize].clone())
            .collect();
        rules
    }

    /// As `subset`, but the deals as their positions in the store, not
    /// copied out of it.
    fn pick(
        &mut self,
        inputs: &Inputs,
        people: &BTreeSet<Uuid>,
        from: NaiveDate,
        through: NaiveDate,
    ) -> (Inputs, Vec<u32>) {
        self.stamp += 1;
        let stamp = self.stamp;
        let mut stack: Vec<u32> = people
            .iter()
            .filter_map(|p| self.position.get(p).copied())
            .collect();
        let mut members = Vec::new();
        while let Some(p) = stack.pop() {
            if self.person_mark[p as usize] == stamp {
                continue;
            }
            self.person_mark[p as usize] = stamp;
            members.push(p);
            stack.extend_from_slice(&self.reports[p as usize]);
        }
        let mut deals = Vec::new();
        let in_range = |day: NaiveDate| from <= day && day < through;
        for p in &members {
            let list = &self.deals_of[*p as usize];
            let start = list.partition_point(|(day, _)| *day < from);
            let end = list.partition_point(|(day, _)| *day < through);
            let reversed = self.reversed_of[*p as usize]
                .iter()
                .filter(|d| inputs.deals[**d as usize].reversed_on.is_some_and(in_range));
            let closed = list[start..end.max(start)].iter().map(|(_, d)| d);
            for d in closed.chain(reversed) {
                if self.deal_mark[*d as usize] == stamp {
                    continue;
                }
                self.deal_mark[*d as usize] = stamp;
                deals.push(*d);
            }
        }
        let mut assignments: Vec<Assignment> = self
            .role_assignments
            .iter()
            .map(|a| inputs.assignments[*a as usize].clone())
            .collect();
        let mut quotas = Vec::new();
        for p in people {
            for a in self.own_assignments.get(p).into_iter().flatten() {
                assignments.push(inputs.assignments[*a as usize].clone());
            }
            if let Some(i) = self.position.get(p) {
                quotas.extend(
                    self.quotas_of[*i as usize]
                        .iter()
                        .map(|q| inputs.quotas[*q as usize].clone()),
                );
            }
        }
        let rules = Inputs {
            period_kind: inputs.period_kind,
            people: members
                .iter()
                .map(|p| inputs.people[*p as usize].clone())
                .collect(),
            plans: inputs.plans.clone(),
            assignments,
            quotas,
            rates: inputs.rates.clone(),
            adjustments: Vec::new(),
            deals: Vec::new(),
        };
        (rules, deals)
    }
}

// ---------------------------------------------------------------- figures

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix(field)?
                    .strip_prefix(':')?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// User + system CPU time of the whole process so far (clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[index])
}

fn spread(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        percentile(&samples, 1.0)
    )
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// min and median of the runs.
fn min_median(runs: &[Duration]) -> (Duration, Duration) {
    let mut sorted = runs.to_vec();
    sorted.sort();
    (sorted[0], sorted[sorted.len() / 2])
}

struct Table(Vec<(String, String)>);

impl Table {
    fn row(&mut self, figure: impl Into<String>, value: impl Into<String>) {
        let (figure, value) = (figure.into(), value.into());
        println!("  {figure}: {value}");
        self.0.push((figure, value));
    }

    fn print(&self) {
        println!("\n| figure | value |\n|---|---|");
        for (figure, value) in &self.0 {
            println!("| {figure} | {value} |");
        }
    }
}

/// 64-bit FNV-1a, written to as JSON is produced.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A stable digest of the statements as serialized, in order.
fn digest(statements: &[Statement]) -> anyhow::Result<String> {
    let mut fnv = Fnv(0xcbf2_9ce4_8422_2325);
    for statement in statements {
        serde_json::to_writer(&mut fnv, statement)?;
        std::io::Write::write_all(&mut fnv, b"\n")?;
    }
    Ok(format!("{:016x}", fnv.0))
}

fn run_count() -> usize {
    std::env::var("COMP_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(RUNS)
}

fn count_lines(statements: &[Statement]) -> usize {
    statements.iter().map(|s| s.lines.len()).sum()
}

fn find(statements: &[Statement], person: Uuid, period: Period) -> Option<&Statement> {
    statements
        .binary_search_by(|s| (s.person_id, s.period).cmp(&(person, period)))
        .ok()
        .map(|i| &statements[i])
}

/// A deal with its amount (and lines) 10% higher: the change being recalculated.
fn bumped(deal: &Deal) -> Deal {
    let mut deal = deal.clone();
    let factor = dec(11, 1);
    for line in &mut deal.lines {
        line.amount = (line.amount * factor).round_dp(2);
    }
    deal.amount = if deal.lines.is_empty() {
        (deal.amount * factor).round_dp(2)
    } else {
        deal.lines.iter().map(|l| l.amount).sum()
    };
    deal
}

fn main() -> anyhow::Result<()> {
    // The worker runs with MIMALLOC_PURGE_DELAY=-1 (scripts/run.sh,
    // docker-compose.yml). mimalloc reads it as the process starts, so the
    // bench restarts itself with it.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        use std::os::unix::process::CommandExt;
        let error = std::process::Command::new(std::env::current_exe()?)
            .args(std::env::args_os().skip(1))
            .env("MIMALLOC_PURGE_DELAY", "-1")
            .exec();
        return Err(error.into());
    }
    let mut table = Table(Vec::new());
    println!("load average at start: {}", load_average());
    println!(
        "allocator: mimalloc, as the worker; MIMALLOC_PURGE_DELAY={}",
        std::env::var("MIMALLOC_PURGE_DELAY").unwrap_or_default()
    );
    let periods: Vec<Period> = (1..=12).map(month_period).collect();

    // ---- generation
    let started = Instant::now();
    let mut tenant = generate();
    let generated = started.elapsed();
    let inputs = &tenant.inputs;
    let lines: usize = inputs.deals.iter().map(|d| d.lines.len()).sum();
    let split = inputs.deals.iter().filter(|d| !d.splits.is_empty()).count();
    let reversed = inputs
        .deals
        .iter()
        .filter(|d| d.reversed_on.is_some())
        .count();
    let non_usd = inputs.deals.iter().filter(|d| d.currency != "USD").count();
    let overrides = inputs
        .assignments
        .iter()
        .filter(|a| matches!(a.target, AssignmentTarget::Person(_)))
        .count();
    for plan in &inputs.plans {
        for version in &plan.versions {
            let problems = attain_comp::validate_plan(
                &version.rules,
                &["USD", "EUR", "GBP"].map(str::to_owned).into(),
                &inputs.rates,
            );
            anyhow::ensure!(
                problems.is_empty(),
                "{} v{}: {problems:?}",
                plan.name,
                version.version
            );
        }
    }
    println!(
        "tenant: {} people ({DIRECTORS} second-level managers, {MANAGERS} managers, {REPS} reps), {} won deals ({} split, {} lines, {} not in USD, {} reversed), {} products, {} plans, {} assignments ({overrides} person overrides), {} quotas, {} rates",
        thousands(inputs.people.len()),
        thousands(inputs.deals.len()),
        thousands(split),
        thousands(lines),
        thousands(non_usd),
        thousands(reversed),
        tenant.products.len(),
        inputs.plans.len(),
        inputs.assignments.len(),
        thousands(inputs.quotas.len()),
        inputs.rates.len(),
    );
    let after_generation = (status_kib("VmRSS"), status_kib("VmHWM"));
    table.row(
        "generation: 10,000 people, 1,000,000 won deals, quotas, rates, plans (seeded)",
        format!(
            "{} (RSS {}, peak {})",
            secs(generated),
            mib(after_generation.0),
            mib(after_generation.1)
        ),
    );

    // ---- full recalculation
    let peak_resets = reset_peak();
    let mut runs = Vec::new();
    let mut cpu = Vec::new();
    let mut full = Vec::new();
    let mut digests = Vec::new();
    for run in 0..run_count() {
        drop(std::mem::take(&mut full));
        let (started, cpu_before) = (Instant::now(), cpu_time());
        let statements = attain_comp::compute(inputs, &periods);
        runs.push(started.elapsed());
        cpu.push(cpu_time().saturating_sub(cpu_before));
        println!(
            "  full run {}: {:.2} s (CPU {:.2} s; load average {})",
            run + 1,
            runs[run].as_secs_f64(),
            cpu[run].as_secs_f64(),
            load_average()
        );
        full = statements;
        if run == 0 {
            // Streamed: digesting adds nothing to the peak.
            digests.push(digest(&full)?);
            println!("  digest of run 1's statements: {}", digests[0]);
        }
    }
    let peak_full = status_kib("VmHWM");
    let full_digest = digest(&full)?;
    anyhow::ensure!(
        digests.iter().all(|d| *d == full_digest),
        "runs gave different statements: {digests:?} then {full_digest}"
    );
    let expected = std::env::var("COMP_BENCH_EXPECT")
        .ok()
        .or(EXPECTED_DIGEST.map(str::to_owned));
    let digest_check = match &expected {
        Some(want) if *want == full_digest => "matches the expected digest".to_owned(),
        Some(want) => anyhow::bail!("statements digest {full_digest}, expected {want}"),
        None => "no expected digest given".to_owned(),
    };
    table.row(
        "statements digest (FNV-1a of every statement's JSON, in order)",
        format!("{full_digest} ({digest_check})"),
    );
    let (min, median) = min_median(&runs);
    let line_total = count_lines(&full);
    let mut by_kind: BTreeMap<LineKind, usize> = BTreeMap::new();
    for line in full.iter().flat_map(|s| &s.lines) {
        *by_kind.entry(line.kind).or_default() += 1;
    }
    let payout: Decimal = full.iter().map(|s| s.payout).sum();
    table.row(
        "full recalculation, `compute` of 12 months (Engine::new included), 3 runs",
        format!(
            "min {}, median {}, CPU {} per run ({} statements, {} lines, payout {} USD)",
            secs(min),
            secs(median),
            secs(min_median(&cpu).0),
            thousands(full.len()),
            thousands(line_total),
            payout.round_dp(0)
        ),
    );
    table.row(
        "lines by kind",
        by_kind
            .iter()
            .map(|(k, n)| format!("{k:?} {}", thousands(*n)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    table.row(
        "peak memory (VmHWM)",
        if peak_resets {
            format!(
                "{} during the recalculations, from {} resident before (the generated inputs; generation itself peaked at {})",
                mib(peak_full),
                mib(after_generation.0),
                mib(after_generation.1)
            )
        } else {
            format!(
                "{} after the recalculations, {} after generation (peak not resettable here)",
                mib(peak_full),
                mib(after_generation.1)
            )
        },
    );

    // ---- where the time goes
    let started = Instant::now();
    let engine = Engine::new(inputs);
    let indexing = started.elapsed();
    let started = Instant::now();
    let all = engine.all_statements(&periods);
    let statements_time = started.elapsed();
    drop(all);
    let mut by_level = [Duration::ZERO; 3];
    let mut people_at = [0usize; 3];
    for (i, person) in inputs.people.iter().enumerate() {
        let started = Instant::now();
        let statements = engine.statements_for(person.id, &periods);
        drop(statements);
        by_level[tenant.level[i] as usize] += started.elapsed();
        people_at[tenant.level[i] as usize] += 1;
    }
    drop(engine);
    table.row(
        "phases: Engine::new (sort, index, crediting) / all_statements (2 threads)",
        format!("{} / {}", secs(indexing), secs(statements_time)),
    );
    table.row(
        "statements_for on one thread, by level",
        format!(
            "{} reps {}, {} managers {}, {} second-level {} (per second-level manager {:.0} ms)",
            thousands(people_at[0]),
            secs(by_level[0]),
            people_at[1],
            secs(by_level[1]),
            people_at[2],
            secs(by_level[2]),
            ms(by_level[2]) / people_at[2].max(1) as f64
        ),
    );

    // ---- incremental
    let started = Instant::now();
    let mut index = Index::new(inputs);
    let org = Inputs {
        period_kind: inputs.period_kind,
        people: inputs.people.clone(),
        plans: inputs.plans.clone(),
        assignments: inputs.assignments.clone(),
        quotas: Vec::new(),
        rates: Vec::new(),
        adjustments: Vec::new(),
        deals: Vec::new(),
    };
    let org_engine = Engine::new(&org);
    let index_time = started.elapsed();
    let started = Instant::now();
    let _ = Engine::new(&org);
    let org_time = started.elapsed();
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    let samples: Vec<usize> = (0..SAMPLES)
        .map(|_| rng.gen_range(0..inputs.deals.len()))
        .collect();
    let mut checked = 0;
    for &d in samples.iter().take(20) {
        let deal = &inputs.deals[d];
        let period = Period::containing(PeriodKind::Month, deal.closed_on);
        for (from, group) in
            org_engine.by_first_deal_day(org_engine.people_touched_by(deal), period)
        {
            let (rules, positions) = index.pick(inputs, &group, from, period.end_exclusive());
            let deals = index.digested(inputs, &positions, None);
            let engine = Engine::with_digested_deals(&rules, &deals);
            for person in &group {
                let mine = engine.statements_for(*person, &[period]);
                let expected = find(&full, *person, period);
                anyhow::ensure!(
                    mine.first() == expected,
                    "incremental statement of {person} for {period} (deals from {from}) differs from the full run"
                );
                checked += 1;
            }
        }
    }
    let mut totals = Vec::new();
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    let mut per_level: [Vec<Duration>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut subset_deals = Vec::new();
    for &d in &samples {
        let changed = bumped(&inputs.deals[d]);
        let period = Period::containing(PeriodKind::Month, changed.closed_on);
        let started = Instant::now();
        // The store takes the change: the deal's digest is made again.
        let changed_at = index.deal_at.get(&changed.id).copied().unwrap_or(u32::MAX);
        let changed_digest = DealDigest::of(&changed);
        let mut out = Vec::new();
        let (mut extracted, mut indexed, mut computed) =
            (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let mut deals_read = 0;
        for (from, group) in
            org_engine.by_first_deal_day(org_engine.people_touched_by(&changed), period)
        {
            let t = Instant::now();
            let (rules, positions) = index.pick(inputs, &group, from, period.end_exclusive());
            let deals = index.digested(
                inputs,
                &positions,
                Some((changed_at, &changed, &changed_digest)),
            );
            extracted += t.elapsed();
            // As the worker runs it: on the engine's threads.
            on_engine_threads(|| {
                let t = Instant::now();
                let engine = Engine::with_digested_deals(&rules, &deals);
                indexed += t.elapsed();
                for person in &group {
                    let t = Instant::now();
                    out.extend(engine.statements_for(*person, &[period]));
                    let took = t.elapsed();
                    computed += took;
                    if let Some(i) = index.position.get(person) {
                        per_level[tenant.level[*i as usize] as usize].push(took);
                    }
                }
            });
            deals_read += deals.len();
        }
        subset_deals.push(deals_read);
        drop(out);
        let total = started.elapsed();
        totals.push(total);
        parts[0].push(extracted);
        parts[1].push(indexed);
        parts[2].push(computed);
    }
    subset_deals.sort_unstable();
    table.row(
        "incremental: one deal changed, its people's statements for its month (the store redoes its digest + people_touched_by + reads_deals_from + inputs from memory + Engine::with_digested_deals + statements_for, the engine on its threads), 200 random deals",
        spread(totals.clone()),
    );
    table.row(
        "incremental, by part",
        format!(
            "inputs {}; Engine::with_digested_deals {}; statements_for {}",
            spread(parts[0].clone()),
            spread(parts[1].clone()),
            spread(parts[2].clone())
        ),
    );
    table.row(
        "incremental, statements_for by person level",
        format!(
            "rep {}; manager {}; second-level {}",
            spread(per_level[0].clone()),
            spread(per_level[1].clone()),
            spread(per_level[2].clone())
        ),
    );
    table.row(
        "incremental, deals in the inputs (all groups; a second-level manager's org from the deal's month)",
        format!(
            "p50 {}, max {}; {checked} statements checked equal to the full run; org index (Engine::new over people, plans and assignments; built once) {:.1} ms, lookup indexes and deal digests {}",
            thousands(subset_deals[subset_deals.len() / 2]),
            thousands(subset_deals[subset_deals.len() - 1]),
            ms(org_time),
            secs(index_time)
        ),
    );

    // ---- what-if
    let reps: Vec<usize> = (0..inputs.people.len())
        .filter(|i| tenant.level[*i] == 0)
        .collect();
    let mut latencies = Vec::new();
    let mut extraction = Vec::new();
    let mut changes = 0usize;
    for _ in 0..SAMPLES {
        let rep = reps[rng.gen_range(0..reps.len())];
        let person = &inputs.people[rep];
        let month = rng.gen_range(1..=12u32);
        let period = month_period(month);
        let deal_type = match person.role.as_str() {
            "farmer" | "am" => DealType::Expansion,
            _ => DealType::NewBusiness,
        };
        let hypothetical: Vec<Deal> = (0..3)
            .map(|i| {
                let product = &tenant.products[rng.gen_range(0..PRODUCTS)];
                let amount = cents(rng.gen_range(5_000.0..60_000.0));
                Deal {
                    id: new_id(&mut rng),
                    name: format!("What-if {}", i + 1),
                    closed_on: day(month, rng.gen_range(1..=days_in(month))),
                    currency: "USD".to_owned(),
                    amount,
                    deal_type,
                    territory_id: None,
                    term_months: Some(12),
                    lines: vec![DealLine {
                        product_id: product.id,
                        product_name: product.name.clone(),
                        priority: product.priority,
                        amount,
                    }],
                    splits: Vec::new(),
                    owner_id: person.id,
                    reversed_on: None,
                }
            })
            .collect();
        let started = Instant::now();
        let from = org_engine.reads_deals_from(person.id, period);
        let sub = index.subset(
            inputs,
            &BTreeSet::from([person.id]),
            from,
            period.end_exclusive(),
        );
        extraction.push(started.elapsed());
        let started = Instant::now();
        let result = what_if(&sub, person.id, period, hypothetical);
        latencies.push(started.elapsed());
        if result.is_some_and(|r| !r.payout_change.is_zero()) {
            changes += 1;
        }
    }
    table.row(
        "what-if: a rep's month with 3 hypothetical deals (`what_if` over the rep's inputs), 200 calls",
        format!(
            "{} ({changes} of 200 change the payout; taking the rep's inputs from memory: {})",
            spread(latencies.clone()),
            spread(extraction)
        ),
    );
    drop(org_engine);
    drop(index);

    // ---- the SQL subset, in the engine
    let cut_down = sql_subset(&tenant.inputs.plans);
    let full_plans = std::mem::replace(&mut tenant.inputs.plans, cut_down);
    let inputs = &tenant.inputs;
    drop(full);
    let mut subset_runs = Vec::new();
    let mut subset = Vec::new();
    for _ in 0..run_count() {
        drop(std::mem::take(&mut subset));
        let started = Instant::now();
        let statements = attain_comp::compute(inputs, &periods);
        subset_runs.push(started.elapsed());
        subset = statements;
    }
    let (subset_min, subset_median) = min_median(&subset_runs);
    let subset_digest = digest(&subset)?;
    let subset_expected = std::env::var("COMP_BENCH_EXPECT_SUBSET")
        .ok()
        .or(EXPECTED_SUBSET_DIGEST.map(str::to_owned));
    if let Some(want) = &subset_expected {
        anyhow::ensure!(
            *want == subset_digest,
            "cut-down statements digest {subset_digest}, expected {want}"
        );
    }
    table.row(
        "statements digest, cut-down plans",
        format!(
            "{subset_digest} ({})",
            if subset_expected.is_some() {
                "matches the expected digest"
            } else {
                "no expected digest given"
            }
        ),
    );
    let engine_lines = count_lines(&subset);
    let engine_total: Decimal = subset.iter().map(|s| s.payout).sum();
    let other_kinds = subset
        .iter()
        .flat_map(|s| &s.lines)
        .filter(|l| l.kind != LineKind::Commission)
        .count();
    anyhow::ensure!(
        other_kinds == 0,
        "{other_kinds} non-commission lines in the SQL subset"
    );
    table.row(
        "engine, the plan mix cut to what the SQL does (commission lines only), 3 runs",
        format!(
            "min {}, median {} ({} lines, total {engine_total} USD)",
            secs(subset_min),
            secs(subset_median),
            thousands(engine_lines)
        ),
    );

    // ---- the SQL way
    let mut summary_sql = "SQL skipped".to_owned();
    let engine_only = std::env::var("COMP_BENCH_SQL").as_deref() == Ok("0")
        || std::env::var("ATTAIN_BENCH_ENGINE_ONLY").as_deref() == Ok("1");
    if !engine_only {
        table.row(
            "PostgreSQL: what the SQL computes",
            "credits from splits (the owner without), the plan in force on the close date (person over role, effective-dated versions), deal-type filter, bookings or new-logo value, priority weights, FX at the month's rate, running attainment (window ordered by close date, id), marginal (GREATEST/LEAST) and retroactive tiers, threshold, per-line rounding; not roll-ups, caps, bonuses, SPIFFs, clawbacks, draws, adjustments, rule texts or warnings",
        );
        let sql = sql_way(inputs, &tenant.products, &subset)?;
        table.row(
            "PostgreSQL: load (COPY of people, products, deals, splits, lines, quotas, rates, plan tables; indexes; ANALYZE)",
            format!(
                "{} ({} deal rows, {} line rows, {} split rows)",
                secs(sql.load),
                thousands(inputs.deals.len()),
                thousands(sql.line_rows),
                thousands(sql.split_rows)
            ),
        );
        for (setting, time, rows) in &sql.runs {
            table.row(
                format!("PostgreSQL: one `INSERT INTO statement_lines … SELECT`, {setting}"),
                format!("{} ({} lines)", secs(*time), thousands(*rows)),
            );
        }
        let best = sql.runs.iter().map(|r| r.1).min().unwrap_or_default();
        table.row(
            "SQL and engine agree",
            format!(
                "lines {} vs {}, total {} vs {} USD, person-months differing: {} of {}",
                thousands(sql.lines),
                thousands(engine_lines),
                sql.total,
                engine_total,
                sql.differing,
                thousands(sql.person_months)
            ),
        );
        let ratio = best.as_secs_f64() / subset_min.as_secs_f64();
        table.row(
            "engine vs SQL on the same work (best SQL run ÷ fastest engine run)",
            format!("{ratio:.1}× ({} vs {})", secs(best), secs(subset_min)),
        );
        summary_sql = format!(
            "sql {:.2} s = {ratio:.1}× the engine on the same commission-only work ({})",
            best.as_secs_f64(),
            if sql.differing == 0 && sql.total == engine_total {
                "totals agree"
            } else {
                "TOTALS DIFFER"
            }
        );
    }
    tenant.inputs.plans = full_plans;

    table.print();
    println!("\nload average at the end: {}", load_average());
    println!(
        "\nsummary: full recalculation min {:.2} s (target ≤ 2 s), peak {}; incremental p50 {:.2} ms p99 {:.2} ms (target ≤ 5 ms); what-if p50 {:.2} ms p99 {:.2} ms; {summary_sql} (target ≥ 10×)",
        min.as_secs_f64(),
        mib(peak_full),
        percentile(&sorted(totals.clone()), 0.5),
        percentile(&sorted(totals), 0.99),
        percentile(&sorted(latencies.clone()), 0.5),
        percentile(&sorted(latencies), 0.99),
    );
    Ok(())
}

fn sorted(mut v: Vec<Duration>) -> Vec<Duration> {
    v.sort();
    v
}

// ---------------------------------------------------------------- the SQL way

mod schema {
    diesel::table! { people (id) { id -> Uuid, manager_id -> Nullable<Uuid>, role -> Text, } }
    diesel::table! { products (id) { id -> Uuid, name -> Text, priority -> Text, } }
    diesel::table! {
        deals (id) {
            id -> Uuid, name -> Text, closed_on -> Date, currency -> Text, amount -> Numeric,
            deal_type -> Text, owner_id -> Uuid, reversed_on -> Nullable<Date>,
        }
    }
    diesel::table! { deal_splits (deal_id, person_id) { deal_id -> Uuid, person_id -> Uuid, share_pct -> Numeric, } }
    diesel::table! { deal_lines (deal_id, line_no) { deal_id -> Uuid, line_no -> Int4, product_id -> Uuid, amount -> Numeric, } }
    diesel::table! { quotas (person_id, period_start) { person_id -> Uuid, period_start -> Date, amount -> Numeric, } }
    diesel::table! {
        fx_rates (period_start, from_currency, to_currency) {
            period_start -> Date, from_currency -> Text, to_currency -> Text, rate -> Numeric,
        }
    }
    diesel::table! {
        plan_versions (plan_id, version) {
            plan_id -> Uuid, version -> Int4, valid_from -> Date, valid_to -> Date, currency -> Text,
            measure -> Text, method -> Text, deal_types -> Array<Text>, threshold_pct -> Nullable<Numeric>,
        }
    }
    diesel::table! { plan_weights (plan_id, version, priority) { plan_id -> Uuid, version -> Int4, priority -> Text, weight -> Numeric, } }
    diesel::table! {
        plan_tiers (plan_id, version, tier) {
            plan_id -> Uuid, version -> Int4, tier -> Int4, from_pct -> Numeric, to_pct -> Nullable<Numeric>, rate -> Numeric,
        }
    }
    diesel::table! {
        plan_assignments (id) {
            id -> Uuid, plan_id -> Uuid, person_id -> Nullable<Uuid>, role -> Nullable<Text>, valid_from -> Date, valid_to -> Date,
        }
    }
}

const SCHEMA: &str = r#"
CREATE TABLE people (id uuid PRIMARY KEY, manager_id uuid, role text NOT NULL);
CREATE TABLE products (id uuid PRIMARY KEY, name text NOT NULL, priority text NOT NULL);
CREATE TABLE deals (
    id uuid PRIMARY KEY, name text NOT NULL, closed_on date NOT NULL, currency text NOT NULL,
    amount numeric NOT NULL, deal_type text NOT NULL, owner_id uuid NOT NULL, reversed_on date);
CREATE TABLE deal_splits (deal_id uuid NOT NULL, person_id uuid NOT NULL, share_pct numeric NOT NULL);
CREATE TABLE deal_lines (deal_id uuid NOT NULL, line_no int NOT NULL, product_id uuid NOT NULL, amount numeric NOT NULL);
CREATE TABLE quotas (person_id uuid NOT NULL, period_start date NOT NULL, amount numeric NOT NULL);
CREATE TABLE fx_rates (period_start date NOT NULL, from_currency text NOT NULL, to_currency text NOT NULL, rate numeric NOT NULL);
CREATE TABLE plan_versions (
    plan_id uuid NOT NULL, version int NOT NULL, valid_from date NOT NULL, valid_to date NOT NULL,
    currency text NOT NULL, measure text NOT NULL, method text NOT NULL, deal_types text[] NOT NULL,
    threshold_pct numeric, PRIMARY KEY (plan_id, version));
CREATE TABLE plan_weights (plan_id uuid NOT NULL, version int NOT NULL, priority text NOT NULL, weight numeric NOT NULL);
CREATE TABLE plan_tiers (
    plan_id uuid NOT NULL, version int NOT NULL, tier int NOT NULL, from_pct numeric NOT NULL,
    to_pct numeric, rate numeric NOT NULL);
CREATE TABLE plan_assignments (
    id uuid PRIMARY KEY, plan_id uuid NOT NULL, person_id uuid, role text,
    valid_from date NOT NULL, valid_to date NOT NULL);
CREATE TABLE statement_lines (
    person_id uuid NOT NULL, period_start date NOT NULL, deal_id uuid NOT NULL, plan_id uuid NOT NULL,
    plan_version int NOT NULL, tier int NOT NULL, base numeric NOT NULL, rate numeric NOT NULL,
    amount numeric NOT NULL);
"#;

const INDEXES: &str = r#"
CREATE INDEX ON deal_splits (deal_id);
CREATE INDEX ON deal_splits (person_id);
CREATE INDEX ON deal_lines (deal_id);
CREATE INDEX ON deals (closed_on);
ALTER TABLE quotas ADD PRIMARY KEY (person_id, period_start);
ALTER TABLE fx_rates ADD PRIMARY KEY (period_start, from_currency, to_currency);
CREATE INDEX ON plan_assignments (person_id);
ANALYZE;
"#;

/// Per person and month, the direct commission lines: credit from splits (or
/// the owner), the plan in force on the close date (own assignment over the
/// role's; the version effective that day), deal-type filter, value (one
/// logo × share for new-logo plans, else the deal's lines summed per product
/// priority × the version's priority weight, or the amount without lines,
/// × share × the month's FX rate), running attainment in (close date, id)
/// order, marginal tier slices or the retroactive tier of the final
/// attainment, nothing below the threshold, each line rounded to cents half
/// away from zero. Assumes one payout currency with cents and a quota for
/// every person and month (true of the generated tenant). A first version
/// joining `deal_lines` to a CTE used twice ran 20% slower (the planner
/// misjudged the CTE at 731 rows and probed the lines index a million times).
const COMMISSIONS: &str = r#"
INSERT INTO statement_lines (person_id, period_start, deal_id, plan_id, plan_version, tier, base, rate, amount)
WITH credits AS (
    SELECT s.deal_id, s.person_id, s.share_pct FROM deal_splits s
    UNION ALL
    SELECT d.id, d.owner_id, 100 FROM deals d
    WHERE NOT EXISTS (SELECT 1 FROM deal_splits s WHERE s.deal_id = d.id)
),
planned AS (
    SELECT c.person_id, c.share_pct, d.id AS deal_id, d.closed_on, d.currency, d.amount, d.deal_type,
           date_trunc('month', d.closed_on::timestamp)::date AS period_start,
           v.plan_id, v.version, v.currency AS pay_currency, v.measure, v.method, v.threshold_pct
    FROM credits c
    JOIN deals d ON d.id = c.deal_id
    JOIN people p ON p.id = c.person_id
    LEFT JOIN plan_assignments own ON own.person_id = c.person_id
         AND d.closed_on BETWEEN own.valid_from AND own.valid_to
    LEFT JOIN plan_assignments by_role ON by_role.person_id IS NULL AND by_role.role = p.role
         AND d.closed_on BETWEEN by_role.valid_from AND by_role.valid_to
    JOIN plan_versions v ON v.plan_id = COALESCE(own.plan_id, by_role.plan_id)
         AND d.closed_on >= v.valid_from AND d.closed_on < v.valid_to
    WHERE (cardinality(v.deal_types) = 0 OR d.deal_type = ANY (v.deal_types))
      AND (v.measure <> 'new_logos' OR d.deal_type = 'new_business')
),
line_sums AS (
    SELECT l.deal_id, pr.priority, sum(l.amount) AS amount
    FROM deal_lines l JOIN products pr ON pr.id = l.product_id
    GROUP BY l.deal_id, pr.priority
),
valued AS (
    SELECT pl.person_id, pl.deal_id, pl.closed_on, pl.period_start, pl.plan_id, pl.version, pl.method,
           pl.threshold_pct,
           CASE WHEN pl.measure = 'new_logos' THEN pl.share_pct / 100
                ELSE COALESCE(sum(ls.amount * COALESCE(w.weight, 1)), pl.amount) * (pl.share_pct / 100)
                     * CASE WHEN pl.currency = pl.pay_currency THEN 1 ELSE fx.rate END
           END AS value
    FROM planned pl
    LEFT JOIN line_sums ls ON ls.deal_id = pl.deal_id AND pl.measure = 'bookings'
    LEFT JOIN plan_weights w ON w.plan_id = pl.plan_id AND w.version = pl.version AND w.priority = ls.priority
    LEFT JOIN fx_rates fx ON fx.period_start = pl.period_start
         AND fx.from_currency = pl.currency AND fx.to_currency = pl.pay_currency
    GROUP BY pl.person_id, pl.deal_id, pl.closed_on, pl.period_start, pl.plan_id, pl.version, pl.method,
             pl.threshold_pct, pl.measure, pl.share_pct, pl.amount, pl.currency, pl.pay_currency, fx.rate
),
running AS (
    SELECT v.*, q.amount AS quota,
           sum(v.value) OVER (PARTITION BY v.person_id, v.period_start
                              ORDER BY v.closed_on, v.deal_id ROWS UNBOUNDED PRECEDING) AS run_to,
           sum(v.value) OVER (PARTITION BY v.person_id, v.period_start) AS credited
    FROM valued v
    JOIN quotas q ON q.person_id = v.person_id AND q.period_start = v.period_start
)
SELECT r.person_id, r.period_start, r.deal_id, r.plan_id, r.version, t.tier, s.base, t.rate,
       CASE WHEN r.threshold_pct IS NOT NULL AND r.credited * 100 < r.threshold_pct * r.quota THEN 0
            ELSE round(s.base * t.rate, 2) END
FROM running r
JOIN plan_tiers t ON t.plan_id = r.plan_id AND t.version = r.version
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.method = 'marginal'
                THEN LEAST(r.run_to, COALESCE(t.to_pct * r.quota / 100, r.run_to))
                     - GREATEST(r.run_to - r.value, t.from_pct * r.quota / 100)
                ELSE r.value END AS base
) s
WHERE CASE WHEN r.method = 'marginal' THEN s.base > 0
           ELSE t.from_pct * r.quota <= r.credited * 100
                AND (t.to_pct IS NULL OR r.credited * 100 < t.to_pct * r.quota) END
"#;

struct SqlFigures {
    load: Duration,
    line_rows: usize,
    split_rows: usize,
    runs: Vec<(String, Duration, usize)>,
    lines: usize,
    total: Decimal,
    person_months: usize,
    differing: usize,
}

/// The throwaway database, dropped however the bench ends.
struct Scratch {
    name: String,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&database_url_for("postgres")) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `ATTAIN_DATABASE_URL` with another database name.
fn database_url_for(name: &str) -> String {
    let base = std::env::var("ATTAIN_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://attain:attain@127.0.0.1:5432/attain".to_owned());
    let cut = base.rfind('/').map_or(base.len(), |i| i + 1);
    format!("{}{name}", &base[..cut])
}

fn io_error(e: std::io::Error) -> diesel::result::Error {
    diesel::result::Error::SerializationError(Box::new(e))
}

/// Sends `text` (COPY text format) in 1 MiB pieces.
fn send(out: &mut dyn std::io::Write, text: &str) -> Result<(), diesel::result::Error> {
    for chunk in text.as_bytes().chunks(1 << 20) {
        out.write_all(chunk).map_err(io_error)?;
    }
    Ok(())
}

fn null_or<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "\\N".to_owned(), |v| v.to_string())
}

#[derive(QueryableByName)]
struct PersonMonth {
    #[diesel(sql_type = sql_types::Uuid)]
    person_id: Uuid,
    #[diesel(sql_type = sql_types::Date)]
    period_start: NaiveDate,
    #[diesel(sql_type = sql_types::Numeric)]
    total: Decimal,
    #[diesel(sql_type = sql_types::BigInt)]
    lines: i64,
}

fn sql_way(
    inputs: &Inputs,
    products: &[Product],
    engine: &[Statement],
) -> anyhow::Result<SqlFigures> {
    let scratch = Scratch {
        name: format!("attain_bench_comp_{}", std::process::id()),
    };
    let mut admin = PgConnection::establish(&database_url_for("postgres"))?;
    admin.batch_execute(&format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        scratch.name
    ))?;
    admin.batch_execute(&format!("CREATE DATABASE {}", scratch.name))?;
    drop(admin);
    let mut conn = PgConnection::establish(&database_url_for(&scratch.name))?;
    // The role's search_path names no schema (tenant schemas are explicit).
    conn.batch_execute("CREATE SCHEMA comp_bench; SET search_path = comp_bench")?;
    conn.batch_execute(SCHEMA)?;

    let started = Instant::now();
    let mut text = String::new();
    for p in &inputs.people {
        let _ = writeln!(text, "{}\t{}\t{}", p.id, null_or(p.manager_id), p.role);
    }
    diesel::copy_from(schema::people::table)
        .from_raw_data(schema::people::table, |out: &mut dyn std::io::Write| {
            send(out, &text)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    text.clear();
    for p in products {
        let _ = writeln!(text, "{}\t{}\t{}", p.id, p.name, p.priority.as_str());
    }
    diesel::copy_from(schema::products::table)
        .from_raw_data(schema::products::table, |out: &mut dyn std::io::Write| {
            send(out, &text)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;

    let (mut deals, mut splits, mut lines) = (String::new(), String::new(), String::new());
    let (mut split_rows, mut line_rows) = (0, 0);
    for d in &inputs.deals {
        let _ = writeln!(
            deals,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            d.id,
            d.name,
            d.closed_on,
            d.currency,
            d.amount,
            d.deal_type.as_str(),
            d.owner_id,
            null_or(d.reversed_on)
        );
        for s in &d.splits {
            let _ = writeln!(splits, "{}\t{}\t{}", d.id, s.person_id, s.share_pct);
            split_rows += 1;
        }
        for (n, l) in d.lines.iter().enumerate() {
            let _ = writeln!(lines, "{}\t{}\t{}\t{}", d.id, n + 1, l.product_id, l.amount);
            line_rows += 1;
        }
    }
    diesel::copy_from(schema::deals::table)
        .from_raw_data(schema::deals::table, |out: &mut dyn std::io::Write| {
            send(out, &deals)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    diesel::copy_from(schema::deal_splits::table)
        .from_raw_data(
            schema::deal_splits::table,
            |out: &mut dyn std::io::Write| send(out, &splits),
        )
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    diesel::copy_from(schema::deal_lines::table)
        .from_raw_data(schema::deal_lines::table, |out: &mut dyn std::io::Write| {
            send(out, &lines)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    drop((deals, splits, lines));

    text.clear();
    for q in &inputs.quotas {
        let _ = writeln!(text, "{}\t{}\t{}", q.person_id, q.period.start, q.amount);
    }
    diesel::copy_from(schema::quotas::table)
        .from_raw_data(schema::quotas::table, |out: &mut dyn std::io::Write| {
            send(out, &text)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    text.clear();
    for r in &inputs.rates {
        let _ = writeln!(text, "{}\t{}\t{}\t{}", r.period.start, r.from, r.to, r.rate);
    }
    diesel::copy_from(schema::fx_rates::table)
        .from_raw_data(schema::fx_rates::table, |out: &mut dyn std::io::Write| {
            send(out, &text)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;

    // The plans, flattened into tables as an in-house team would keep them.
    let (mut versions, mut weights, mut tiers) = (String::new(), String::new(), String::new());
    for plan in &inputs.plans {
        for (i, v) in plan.versions.iter().enumerate() {
            let r = &v.rules;
            let valid_to = plan
                .versions
                .get(i + 1)
                .map_or("infinity".to_owned(), |next| {
                    next.effective_from.to_string()
                });
            let types: Vec<&str> = r.crediting.deal_types.iter().map(|t| t.as_str()).collect();
            let measure = match r.measure {
                Measure::Bookings => "bookings",
                Measure::Arr => "arr",
                Measure::NewLogos => "new_logos",
            };
            let method = match r.rate_table.method {
                TierMethod::Marginal => "marginal",
                TierMethod::Retroactive => "retroactive",
            };
            let _ = writeln!(
                versions,
                "{}\t{}\t{}\t{valid_to}\t{}\t{measure}\t{method}\t{{{}}}\t{}",
                plan.id,
                v.version,
                v.effective_from,
                r.currency,
                types.join(","),
                null_or(r.threshold_pct)
            );
            for (priority, weight) in &r.priority_weights {
                let _ = writeln!(
                    weights,
                    "{}\t{}\t{}\t{weight}",
                    plan.id,
                    v.version,
                    priority.as_str()
                );
            }
            for (n, t) in r.rate_table.tiers.iter().enumerate() {
                let _ = writeln!(
                    tiers,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    plan.id,
                    v.version,
                    n + 1,
                    t.from_pct,
                    null_or(t.to_pct),
                    t.rate
                );
            }
        }
    }
    diesel::copy_from(schema::plan_versions::table)
        .from_raw_data(
            schema::plan_versions::table,
            |out: &mut dyn std::io::Write| send(out, &versions),
        )
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    diesel::copy_from(schema::plan_weights::table)
        .from_raw_data(
            schema::plan_weights::table,
            |out: &mut dyn std::io::Write| send(out, &weights),
        )
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    diesel::copy_from(schema::plan_tiers::table)
        .from_raw_data(schema::plan_tiers::table, |out: &mut dyn std::io::Write| {
            send(out, &tiers)
        })
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    text.clear();
    for a in &inputs.assignments {
        let (person, role) = match &a.target {
            AssignmentTarget::Person(p) => (p.to_string(), "\\N".to_owned()),
            AssignmentTarget::Role(r) => ("\\N".to_owned(), r.clone()),
        };
        let _ = writeln!(
            text,
            "{}\t{}\t{person}\t{role}\t{}\t{}",
            a.id,
            a.plan_id,
            a.from,
            a.to.map_or("infinity".to_owned(), |d| d.to_string())
        );
    }
    diesel::copy_from(schema::plan_assignments::table)
        .from_raw_data(
            schema::plan_assignments::table,
            |out: &mut dyn std::io::Write| send(out, &text),
        )
        .with_format(CopyFormat::Text)
        .execute(&mut conn)?;
    conn.batch_execute(INDEXES)?;
    let load = started.elapsed();
    println!("  PostgreSQL load: {:.2} s", load.as_secs_f64());

    let mut runs = Vec::new();
    for (setting, sql) in [
        ("default settings (work_mem 4MB)", "RESET work_mem"),
        ("work_mem 256MB", "SET work_mem = '256MB'"),
    ] {
        conn.batch_execute(&format!("TRUNCATE statement_lines; {sql}"))?;
        let started = Instant::now();
        let rows = diesel::sql_query(COMMISSIONS).execute(&mut conn)?;
        let elapsed = started.elapsed();
        println!(
            "  PostgreSQL INSERT … SELECT, {setting}: {:.2} s, {rows} lines",
            elapsed.as_secs_f64()
        );
        runs.push((setting.to_owned(), elapsed, rows));
    }

    let months: Vec<PersonMonth> = diesel::sql_query(
        "SELECT person_id, period_start, sum(amount) AS total, count(*) AS lines
         FROM statement_lines GROUP BY person_id, period_start",
    )
    .load(&mut conn)?;
    let mut by_month: HashMap<(Uuid, NaiveDate), (Decimal, usize)> = months
        .iter()
        .map(|m| ((m.person_id, m.period_start), (m.total, m.lines as usize)))
        .collect();
    let mut differing = 0;
    let mut person_months = 0;
    for s in engine {
        let sql = by_month
            .remove(&(s.person_id, s.period.start))
            .unwrap_or_default();
        if !s.lines.is_empty() || sql.1 > 0 {
            person_months += 1;
            if sql != (s.payout, s.lines.len()) {
                differing += 1;
            }
        }
    }
    differing += by_month.len();
    person_months += by_month.len();
    let lines = months.iter().map(|m| m.lines as usize).sum();
    let total = months.iter().map(|m| m.total).sum();
    drop(conn);
    drop(scratch);
    Ok(SqlFigures {
        load,
        line_rows,
        split_rows,
        runs,
        lines,
        total,
        person_months,
        differing,
    })
}
