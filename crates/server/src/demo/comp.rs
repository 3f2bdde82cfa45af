//! Incentive compensation for the demo company: one plan per sales role
//! (hunters on new business with accelerators and a strategic-product
//! SPIFF, farmers on retroactive tiers with a period cap, AEs with a
//! recoverable draw, SDRs paid per new logo, managers on roll-up overrides),
//! assigned by role since the history began, monthly quotas sized from last
//! year's bookings (so attainment varies from well under to well over;
//! managers carry their whole tree's), and
//! monthly EUR and GBP rates. A draft next version of the hunter plan waits
//! for a scenario. The worker computes every statement after the demo.

use super::{deals::History, new_id, org::Org, Clock};
use attain_comp::{
    AttainmentBonus, Crediting, Draw, Measure, PlanRules, RateTable, Spiff, Tier, TierMethod,
};
use attain_db::{
    tenant::{
        comp_inputs,
        comp_plans::{self, AssignmentRow, PlanRow, QuotaRow, RateRow, VersionRow},
    },
    TenantConn,
};
use attain_domain::{
    deal::DealType,
    org::{ProductPriority, SalesRole},
    period::{Period, PeriodKind},
};
use chrono::{Datelike, NaiveDate};
use rand::{rngs::StdRng, Rng};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// What the demo created.
pub struct CompStats {
    pub plans: usize,
    pub quotas: usize,
    pub rates: usize,
}

fn pct(value: i64) -> Decimal {
    Decimal::from(value)
}

/// A rate given in basis points (150 = 1.5%).
fn bp(value: i64) -> Decimal {
    Decimal::new(value, 4)
}

fn tiers(bounds: &[(i64, Option<i64>, i64)]) -> Vec<Tier> {
    bounds
        .iter()
        .map(|(from, to, rate)| Tier {
            from_pct: pct(*from),
            to_pct: to.map(pct),
            rate: bp(*rate),
        })
        .collect()
}

fn base(method: TierMethod, bounds: &[(i64, Option<i64>, i64)]) -> PlanRules {
    PlanRules {
        currency: "USD".into(),
        measure: Measure::Bookings,
        crediting: Crediting::default(),
        priority_weights: BTreeMap::new(),
        product_weights: BTreeMap::new(),
        rate_table: RateTable {
            method,
            tiers: tiers(bounds),
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

fn priority_weights() -> BTreeMap<ProductPriority, Decimal> {
    BTreeMap::from([
        (ProductPriority::Strategic, Decimal::new(15, 1)),
        (ProductPriority::LossLeader, Decimal::new(5, 1)),
    ])
}

/// (plan name, description, roles, rules).
fn plans(clock: Clock) -> Vec<(&'static str, &'static str, Vec<SalesRole>, PlanRules)> {
    let quarter = Period::containing(PeriodKind::Quarter, clock.today);
    let mut hunter = base(
        TierMethod::Marginal,
        &[
            (0, Some(50), 500),
            (50, Some(100), 800),
            (100, Some(150), 1200),
            (150, None, 600),
        ],
    );
    hunter.crediting.deal_types = vec![DealType::NewBusiness];
    hunter.priority_weights = priority_weights();
    hunter.threshold_pct = Some(pct(25));
    hunter.cap_per_deal = Some(Decimal::from(25_000));
    hunter.clawback_days = Some(90);
    hunter.bonuses = vec![AttainmentBonus {
        at_pct: pct(100),
        amount: Decimal::from(2_000),
    }];
    hunter.spiffs = vec![Spiff {
        name: "Strategic push".into(),
        from: quarter.start,
        to: quarter.end_exclusive().pred_opt().unwrap_or(quarter.start),
        amount_per_deal: Decimal::from(500),
        products: Vec::new(),
        deal_types: vec![DealType::NewBusiness],
        min_amount: Some(Decimal::from(20_000)),
    }];

    let mut farmer = base(
        TierMethod::Retroactive,
        &[(0, Some(80), 400), (80, Some(100), 600), (100, None, 800)],
    );
    farmer.crediting.deal_types = vec![DealType::Expansion, DealType::Renewal];
    farmer.cap_per_period = Some(Decimal::from(30_000));
    farmer.clawback_days = Some(60);

    let mut ae = base(
        TierMethod::Marginal,
        &[(0, Some(100), 600), (100, None, 900)],
    );
    ae.priority_weights = priority_weights();
    ae.clawback_days = Some(90);
    ae.draw = Some(Draw {
        amount: Decimal::from(1_500),
        recoverable: true,
    });
    ae.cap_per_deal = Some(Decimal::from(30_000));

    let mut sdr = base(
        TierMethod::Marginal,
        &[(0, Some(100), 1_500_000), (100, None, 2_500_000)],
    );
    sdr.measure = Measure::NewLogos;

    let mut manager = base(
        TierMethod::Marginal,
        &[(0, Some(100), 150), (100, None, 250)],
    );
    manager.crediting.manager_rollup = true;
    manager.cap_per_period = Some(Decimal::from(20_000));

    vec![
        ("Hunter new business", "New logos only; accelerates above quota, decelerates past 150%; strategic products count 1.5×.", vec![SalesRole::Hunter], hunter),
        ("Farmer expansion", "Expansion and renewals on retroactive tiers, capped per month.", vec![SalesRole::Farmer, SalesRole::Am], farmer),
        ("Account executive", "All bookings with a recoverable draw while ramping.", vec![SalesRole::Ae], ae),
        ("SDR new logos", "Paid per new logo sourced, more above target.", vec![SalesRole::Sdr], sdr),
        ("Sales manager override", "Roll-up credit for the whole team, capped per month.", vec![SalesRole::Manager], manager),
    ]
}

pub fn build(
    t: &mut TenantConn<'_>,
    rng: &mut StdRng,
    org: &Org,
    history: &History,
    clock: Clock,
) -> anyhow::Result<CompStats> {
    let year = clock.today.year();
    let first_day = NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(clock.start);
    let plans = plans(clock);
    let mut hunter_plan = None;
    for (name, description, roles, rules) in &plans {
        let id = new_id(rng);
        comp_plans::insert_plan(
            t,
            &PlanRow {
                id,
                name: (*name).into(),
                description: (*description).into(),
                created_at: clock.now,
            },
        )?;
        comp_plans::insert_version(
            t,
            &VersionRow {
                plan_id: id,
                version: 1,
                status: "published".into(),
                effective_from: first_day,
                rules: serde_json::to_value(rules)?,
                created_by: None,
                created_at: clock.now,
                published_at: Some(clock.now),
            },
        )?;
        for role in roles {
            comp_plans::insert_assignment(
                t,
                &AssignmentRow {
                    id: new_id(rng),
                    plan_id: id,
                    person_id: None,
                    role: Some(role.as_str().into()),
                    starts_on: first_day,
                    ends_on: None,
                    created_at: clock.now,
                },
            )?;
        }
        if roles.contains(&SalesRole::Hunter) {
            hunter_plan = Some((id, rules.clone()));
        }
    }
    // Next quarter's proposal: a steeper accelerator, to model before publishing.
    if let Some((id, mut rules)) = hunter_plan {
        rules.rate_table.tiers = tiers(&[
            (0, Some(50), 400),
            (50, Some(100), 800),
            (100, Some(150), 1500),
            (150, None, 900),
        ]);
        let next = Period::containing(PeriodKind::Quarter, clock.today).next();
        comp_plans::insert_version(
            t,
            &VersionRow {
                plan_id: id,
                version: 2,
                status: "draft".into(),
                effective_from: next.start,
                rules: serde_json::to_value(&rules)?,
                created_by: None,
                created_at: clock.now,
                published_at: None,
            },
        )?;
    }

    let months: Vec<Period> = (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .map(|d| Period::containing(PeriodKind::Month, d))
        .collect();
    // Reps first, from their own bookings last year with a stretch; then
    // every manager carries the quotas of everyone below them.
    let mut monthly: Vec<Decimal> = vec![Decimal::ZERO; org.members.len()];
    for (index, member) in org.members.iter().enumerate() {
        let last_year = history
            .won_by_year
            .get(&(index, year - 1))
            .copied()
            .unwrap_or(0.0);
        let stretch = match member.role {
            SalesRole::Farmer | SalesRole::Am => rng.gen_range(0.85..1.15),
            _ => rng.gen_range(1.3..1.7),
        };
        let basis = if last_year > 0.0 {
            last_year * stretch / 12.0
        } else {
            40_000.0
        };
        monthly[index] = match member.role {
            SalesRole::Sdr => Decimal::from(rng.gen_range(3..=6)),
            _ => Decimal::from(((basis / 1_000.0).round() as i64).max(5) * 1_000),
        };
    }
    let ids: HashMap<uuid::Uuid, usize> = org
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    let managers: HashMap<uuid::Uuid, Option<uuid::Uuid>> = comp_inputs::people(t)?
        .into_iter()
        .map(|p| (p.id, p.manager_id))
        .collect();
    let mut carried = monthly.clone();
    for (index, member) in org.members.iter().enumerate() {
        if member.role == SalesRole::Sdr {
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        let mut current = managers.get(&member.id).copied().flatten();
        while let Some(manager) = current {
            if !seen.insert(manager) {
                break;
            }
            if let Some(&m) = ids.get(&manager) {
                carried[m] += monthly[index];
            }
            current = managers.get(&manager).copied().flatten();
        }
    }
    let mut quotas = Vec::new();
    for (index, member) in org.members.iter().enumerate() {
        let amount = if member.role == SalesRole::Manager {
            carried[index]
        } else {
            monthly[index]
        };
        for month in &months {
            quotas.push(QuotaRow {
                person_id: member.id,
                period_kind: "month".into(),
                period_start: month.start,
                amount,
            });
        }
    }
    comp_plans::upsert_quotas(t, &quotas)?;

    let mut rates = Vec::new();
    for y in [year - 1, year] {
        for m in 1..=12 {
            let Some(start) = NaiveDate::from_ymd_opt(y, m, 1) else {
                continue;
            };
            let drift = Decimal::new(i64::from(m) * 3, 3);
            rates.push(RateRow {
                period_kind: "month".into(),
                period_start: start,
                from_currency: "EUR".into(),
                to_currency: "USD".into(),
                rate: Decimal::new(1060, 3) + drift,
            });
            rates.push(RateRow {
                period_kind: "month".into(),
                period_start: start,
                from_currency: "GBP".into(),
                to_currency: "USD".into(),
                rate: Decimal::new(1250, 3) + drift,
            });
        }
    }
    comp_plans::upsert_rates(t, &rates)?;
    Ok(CompStats {
        plans: plans.len(),
        quotas: quotas.len(),
        rates: rates.len(),
    })
}
