//! Property tests: random teams, plans and deals. Whatever the inputs,
//! statements add up, do not depend on the order the inputs arrive in,
//! splitting a deal changes no total under a linear plan, a bigger deal
//! never pays less under marginal tiers, a statement needs only the deals
//! it reads, lines made in runs on several threads equal lines made in
//! one pass, an engine over digests kept beside the deals equals one that
//! reads the deals, and what-if's projection is the statement with the
//! hypothetical deals real.

mod common;

use attain_comp::{
    compute,
    plan::{AttainmentBonus, Crediting, Draw, Spiff},
    Assignment, AssignmentTarget, Deal, DealDigest, Inputs, LineKind, PlanRules, Statement, Tier,
    TierMethod,
};
use attain_domain::{deal::DealType, org::ProductPriority, period::Period};
use chrono::{Days, NaiveDate};
use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const MIA: u128 = 1;
const REPS: [u128; 3] = [2, 3, 4];
const DEE: u128 = 5;

fn q1() -> Period {
    quarter(2026, 1)
}

/// Day `offset` of Q1 2026 (0 = 1 January; Q1 has 90 days).
fn q1_day(offset: u32) -> NaiveDate {
    day(2026, 1, 1) + Days::new(u64::from(offset))
}

fn cents(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

/// A rate in basis points: 1,250 → 0.1250.
fn bp(n: u32) -> Decimal {
    Decimal::new(i64::from(n), 4)
}

/// Contiguous tiers from 0%: `widths` percentage points each, then an
/// open-ended one; one rate per tier.
fn tiers_from(widths: &[u32], rates: &[u32]) -> Vec<Tier> {
    let mut from = 0;
    let mut tiers = Vec::new();
    for (width, rate) in widths.iter().zip(rates) {
        tiers.push(tier(
            Decimal::from(from),
            Some(Decimal::from(from + width)),
            bp(*rate),
        ));
        from += width;
    }
    let last = rates.get(widths.len()).copied().unwrap_or_default();
    tiers.push(tier(Decimal::from(from), None, bp(last)));
    tiers
}

fn tiers_strategy() -> impl Strategy<Value = Vec<Tier>> {
    (
        prop::collection::vec(1u32..=120, 0..4),
        prop::collection::vec(0u32..=3000, 4),
    )
        .prop_map(|(widths, rates)| tiers_from(&widths, &rates))
}

/// Plan rules with every feature switched on or off at random.
fn rules_strategy() -> impl Strategy<Value = PlanRules> {
    (
        (tiers_strategy(), any::<bool>(), prop::option::of(0u32..=80)),
        (
            prop::option::of(100i64..=2_000_000),
            prop::option::of(1_000i64..=6_000_000),
        ),
        prop::option::of((50u32..=200, 100i64..=500_000)),
        prop::option::of((0u32..90, 0u32..40, 1i64..=100_000)),
        prop::option::of(0u32..=120),
        prop::option::of((100i64..=2_000_000, any::<bool>())),
        any::<bool>(),
    )
        .prop_map(
            |(
                (tiers, retro, threshold),
                (cap_deal, cap_period),
                bonus,
                spiff,
                clawback,
                draw,
                weighted,
            )| {
                let method = if retro {
                    TierMethod::Retroactive
                } else {
                    TierMethod::Marginal
                };
                PlanRules {
                    threshold_pct: threshold.map(Decimal::from),
                    cap_per_deal: cap_deal.map(cents),
                    cap_per_period: cap_period.map(cents),
                    bonuses: bonus
                        .map(|(at, amount)| AttainmentBonus {
                            at_pct: Decimal::from(at),
                            amount: cents(amount),
                        })
                        .into_iter()
                        .collect(),
                    spiffs: spiff
                        .map(|(start, len, amount)| Spiff {
                            name: "Push".into(),
                            from: q1_day(start),
                            to: q1_day(start + len),
                            amount_per_deal: cents(amount),
                            products: Vec::new(),
                            deal_types: Vec::new(),
                            min_amount: None,
                        })
                        .into_iter()
                        .collect(),
                    clawback_days: clawback,
                    draw: draw.map(|(amount, recoverable)| Draw {
                        amount: cents(amount),
                        recoverable,
                    }),
                    priority_weights: if weighted {
                        [
                            (ProductPriority::Strategic, Decimal::new(15, 1)),
                            (ProductPriority::LossLeader, Decimal::new(5, 1)),
                        ]
                        .into()
                    } else {
                        Default::default()
                    },
                    ..rules_in("USD", method, tiers)
                }
            },
        )
}

/// One random deal, before it is given an id.
#[derive(Debug, Clone)]
struct DealSpec {
    cents: i64,
    day: u32,
    owner: usize,
    /// Cut points in 1..100: the split shares are the gaps between them.
    cuts: Vec<u32>,
    euro: bool,
    reversed_after: Option<u32>,
    expansion: bool,
    priority: Option<ProductPriority>,
}

fn deal_strategy() -> impl Strategy<Value = DealSpec> {
    (
        (1i64..=50_000_000, 0u32..90, 0usize..REPS.len()),
        prop::collection::vec(1u32..100, 0..3),
        (any::<bool>(), prop::option::of(0u32..=150), any::<bool>()),
        prop::option::of(prop::sample::select(ProductPriority::ALL.to_vec())),
    )
        .prop_map(
            |((cents, day, owner), cuts, (euro, reversed_after, expansion), priority)| DealSpec {
                cents,
                day,
                owner,
                cuts,
                euro,
                reversed_after,
                expansion,
                priority,
            },
        )
}

/// Shares in percent from cut points: [30, 70] → 30, 40, 30.
fn shares(cuts: &[u32]) -> Vec<u32> {
    let mut points: Vec<u32> = cuts.to_vec();
    points.sort_unstable();
    points.dedup();
    let mut shares = Vec::new();
    let mut previous = 0;
    for point in points.into_iter().chain([100]) {
        shares.push(point - previous);
        previous = point;
    }
    shares
}

fn build_deal(n: usize, spec: &DealSpec) -> Deal {
    let amount = cents(spec.cents);
    let owner = REPS[spec.owner];
    let mut d = deal(
        1_000 + n as u128,
        &format!("Deal {n}"),
        owner,
        q1_day(spec.day),
        amount,
    );
    let shares = shares(&spec.cuts);
    if shares.len() > 1 {
        d.splits = shares
            .iter()
            .enumerate()
            .map(|(i, share)| split(REPS[(spec.owner + i) % REPS.len()], Decimal::from(*share)))
            .collect();
    }
    if spec.euro {
        d.currency = "EUR".into();
    }
    d.reversed_on = spec
        .reversed_after
        .map(|after| d.closed_on + Days::new(u64::from(after)));
    if spec.expansion {
        d.deal_type = DealType::Expansion;
    }
    if let Some(priority) = spec.priority {
        d.lines = vec![line(50 + n as u128, priority, amount)];
    }
    d
}

/// Everything a random tenant is made of.
#[derive(Debug, Clone)]
struct Scenario {
    rep_rules: PlanRules,
    manager_rules: PlanRules,
    deals: Vec<DealSpec>,
    /// Q1 quota per person (reps, Mia, Dee), in whole currency units; 0 = none.
    quotas: Vec<i64>,
    /// EUR→USD in Q1 and Q2, basis points; none = no rate.
    euro_rate: Option<(u32, u32)>,
    adjustment: Option<i64>,
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        rules_strategy(),
        rules_strategy(),
        prop::collection::vec(deal_strategy(), 0..12),
        prop::collection::vec(prop_oneof![Just(0i64), 1i64..=2_000_000], REPS.len() + 2),
        prop::option::of((5_000u32..=20_000, 5_000u32..=20_000)),
        prop::option::of(-100_000i64..=100_000),
    )
        .prop_map(
            |(rep_rules, manager_rules, deals, quotas, euro_rate, adjustment)| Scenario {
                rep_rules,
                manager_rules: PlanRules {
                    crediting: Crediting {
                        manager_rollup: true,
                        ..Default::default()
                    },
                    ..manager_rules
                },
                deals,
                quotas,
                euro_rate,
                adjustment,
            },
        )
}

/// Dee manages Mia, who manages the three reps. Reps are on plan 100 by
/// role, managers on plan 101 each by their own assignment.
fn build(s: &Scenario) -> Inputs {
    let mut w = World::quarterly();
    w.person(DEE, "Dee", None).person(MIA, "Mia", Some(DEE));
    for rep in REPS {
        w.person(rep, &format!("Rep {rep}"), Some(MIA));
    }
    w.plan(100, s.rep_rules.clone())
        .plan(101, s.manager_rules.clone())
        .assign(101, MIA)
        .assign(101, DEE);
    w.inputs.assignments.push(Assignment {
        id: id(8_000),
        plan_id: id(100),
        target: AssignmentTarget::Role("ae".into()),
        from: day(2026, 1, 1),
        to: None,
    });
    for person in [MIA, DEE] {
        if let Some(p) = w.inputs.people.iter_mut().find(|p| p.id == id(person)) {
            p.role = "manager".into();
        }
    }
    let people = REPS.iter().copied().chain([MIA, DEE]);
    for (person, quota) in people.zip(&s.quotas) {
        if *quota > 0 {
            w.quota(person, q1(), Decimal::from(*quota));
        }
    }
    if let Some((rate1, rate2)) = s.euro_rate {
        w.rate(q1(), "EUR", "USD", bp(rate1))
            .rate(q1().next(), "EUR", "USD", bp(rate2));
    }
    if let Some(amount) = s.adjustment {
        w.adjustment(7_000, REPS[0], q1(), cents(amount), "Manual correction");
    }
    for (n, spec) in s.deals.iter().enumerate() {
        w.deal(build_deal(n, spec));
    }
    w.inputs
}

/// A deterministic shuffle (xorshift-driven Fisher–Yates).
fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    let mut state = seed | 1;
    for i in (1..out.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.swap(i, (state % (i as u64 + 1)) as usize);
    }
    out
}

fn shuffle_inputs(inputs: &Inputs, seed: u64) -> Inputs {
    Inputs {
        people: shuffled(&inputs.people, seed),
        plans: shuffled(&inputs.plans, seed ^ 0x9e37),
        assignments: shuffled(&inputs.assignments, seed ^ 0x79b9),
        quotas: shuffled(&inputs.quotas, seed ^ 0x7f4a),
        rates: shuffled(&inputs.rates, seed ^ 0x7c15),
        adjustments: shuffled(&inputs.adjustments, seed ^ 0xf39c),
        deals: shuffled(&inputs.deals, seed ^ 0xcc62),
        ..inputs.clone()
    }
}

fn periods() -> [Period; 2] {
    [q1(), q1().next()]
}

/// Σ base × rate of a statement's commission and roll-up lines, unrounded.
fn unrounded_commission(statement: &Statement) -> Decimal {
    statement
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Commission | LineKind::RollUp))
        .map(|l| l.base.unwrap_or_default() * l.rate.unwrap_or_default())
        .sum()
}

fn statement_of(statements: &[Statement], person: u128) -> Option<&Statement> {
    statements.iter().find(|s| s.person_id == id(person))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// (1) Lines add up to the payout, and the headline totals reconcile.
    #[test]
    fn lines_sum_to_totals(scenario in scenario_strategy()) {
        let inputs = build(&scenario);
        let statements = compute(&inputs, &periods());
        prop_assert_eq!(statements.len(), inputs.people.len() * 2);
        for s in &statements {
            let sum: Decimal = s.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(sum, s.payout, "{} {}", s.person_id, s.period);
            prop_assert_eq!(s.earned + s.adjustments + s.draw - s.recovered, s.payout);
            prop_assert!(s.draw_balance >= Decimal::ZERO);
            for line in &s.lines {
                prop_assert_eq!(line.amount.scale(), 2, "{:?}", line);
            }
        }
    }

    /// Caps and the threshold hold whatever the deals: no deal pays a person
    /// more commission than the per-deal cap (however many credits they have
    /// on it), no period earns more than the period cap before clawbacks,
    /// and below the threshold no commission is paid.
    #[test]
    fn caps_and_threshold_hold(scenario in scenario_strategy()) {
        let inputs = build(&scenario);
        for s in compute(&inputs, &[q1()]) {
            let rules = if REPS.iter().any(|r| id(*r) == s.person_id) { &scenario.rep_rules } else { &scenario.manager_rules };
            let commission = |l: &&attain_comp::Line| matches!(l.kind, LineKind::Commission | LineKind::RollUp | LineKind::DealCap);
            if let Some(cap) = rules.cap_per_deal {
                for spec in 0..scenario.deals.len() {
                    let paid: Decimal = s.lines.iter().filter(commission).filter(|l| l.deal_id == Some(id(1_000 + spec as u128))).map(|l| l.amount).sum();
                    prop_assert!(paid <= cap, "deal {} paid {} > cap {}", spec, paid, cap);
                }
            }
            if let Some(cap) = rules.cap_per_period {
                let earned: Decimal = s.lines.iter().filter(|l| !matches!(l.kind, LineKind::Clawback | LineKind::Adjustment | LineKind::DrawTopUp | LineKind::DrawRecovery)).map(|l| l.amount).sum();
                prop_assert!(earned <= cap, "earned {} > cap {}", earned, cap);
            }
            if let (Some(threshold), Some(quota)) = (rules.threshold_pct, s.quota) {
                if s.credited * Decimal::ONE_HUNDRED / quota < threshold {
                    prop_assert!(s.lines.iter().filter(commission).all(|l| l.amount.is_zero()));
                }
            }
        }
    }

    /// (2) The order deals, people, plans, assignments, quotas, rates and
    /// adjustments arrive in changes nothing, byte for byte.
    #[test]
    fn input_order_changes_nothing(scenario in scenario_strategy(), seed in any::<u64>()) {
        let inputs = build(&scenario);
        let before = serde_json::to_string(&compute(&inputs, &periods()));
        let after = serde_json::to_string(&compute(&shuffle_inputs(&inputs, seed), &periods()));
        prop_assert!(before.is_ok());
        prop_assert_eq!(before.ok(), after.ok());
    }

    /// (5) A statement needs only the deals `reads_deals_from` names: those
    /// closed since that day, and those reversed since it. Computed from
    /// those alone, as the worker loads them, it equals the one computed
    /// from every deal; a draw before the period reaches back to January.
    #[test]
    fn a_statement_needs_only_the_deals_it_reads(
        scenario in scenario_strategy(),
        moved in prop::collection::vec(any::<bool>(), 12),
    ) {
        let mut inputs = build(&scenario);
        for (deal, later) in inputs.deals.iter_mut().zip(&moved) {
            if *later {
                deal.closed_on = deal.closed_on + Days::new(91);
                deal.reversed_on = deal.reversed_on.map(|on| on + Days::new(91));
            }
        }
        let all = attain_comp::Engine::new(&inputs);
        for period in periods() {
            let end = period.end_exclusive();
            // The worker loads deals once per group of people reading from the same day.
            let groups = all.by_first_deal_day(REPS.iter().copied().chain([MIA, DEE]).map(id), period);
            prop_assert_eq!(groups.values().map(|g| g.len()).sum::<usize>(), REPS.len() + 2);
            for (from, group) in &groups {
                for person in group {
                    prop_assert_eq!(all.reads_deals_from(*person, period), *from);
                }
            }
            for person in REPS.iter().copied().chain([MIA, DEE]) {
                let from = all.reads_deals_from(id(person), period);
                let rules = if REPS.contains(&person) { &scenario.rep_rules } else { &scenario.manager_rules };
                if period == q1().next() && rules.draw.is_some() {
                    prop_assert!(from <= q1().start, "person {}: {}", person, from);
                }
                let deals: Vec<Deal> = inputs.deals.iter().filter(|d| {
                    (from <= d.closed_on && d.closed_on < end)
                        || d.reversed_on.is_some_and(|on| from <= on && on < end)
                }).cloned().collect();
                let whole = all.statements_for(id(person), &[period]);
                if deals.len() < inputs.deals.len() {
                    let loaded = Inputs { deals, ..inputs.clone() };
                    let part = attain_comp::Engine::new(&loaded).statements_for(id(person), &[period]);
                    prop_assert_eq!(whole, part, "person {} in {}", person, period);
                }
            }
        }
    }
}

proptest! {
    /// (6) A month with many credits is turned into lines in runs, on as
    /// many threads as are free, each run starting at the credited value
    /// before it. Cut into runs of three, every statement equals the one
    /// made in a single pass.
    #[test]
    fn lines_made_in_runs_equal_lines_made_in_one_pass(scenario in scenario_strategy()) {
        let inputs = build(&scenario);
        let one_pass = attain_comp::Engine::new(&inputs).lines_per_task(usize::MAX);
        let in_runs = attain_comp::Engine::new(&inputs).lines_per_task(3);
        for person in REPS.iter().copied().chain([MIA, DEE]) {
            prop_assert_eq!(
                one_pass.statements_for(id(person), &periods()),
                in_runs.statements_for(id(person), &periods()),
                "person {}", person
            );
        }
    }
}

proptest! {
    /// (7) A caller that keeps each deal's digest beside it, and makes it
    /// again when the deal changes, gets from `with_digested_deals` exactly
    /// the statements an engine that reads the deals gives, whichever deal
    /// changed and however.
    #[test]
    fn an_engine_over_kept_digests_equals_one_over_the_deals(
        scenario in scenario_strategy(),
        changed in any::<prop::sample::Index>(),
        cents_added in -50_000i64..500_000,
        days_later in 0u64..100,
    ) {
        let mut inputs = build(&scenario);
        let kept: Vec<DealDigest> = inputs.deals.iter().map(DealDigest::of).collect();
        let mut digests = kept.clone();
        if !inputs.deals.is_empty() {
            let at = changed.index(inputs.deals.len());
            let deal = &mut inputs.deals[at];
            deal.amount = (deal.amount + cents(cents_added)).max(Decimal::ZERO);
            for line in &mut deal.lines {
                line.amount = deal.amount;
            }
            deal.closed_on = deal.closed_on + Days::new(days_later);
            deal.reversed_on = None;
            deal.name = format!("{} (renamed)", deal.name);
            digests[at] = DealDigest::of(deal);
        }
        let pairs: Vec<(&Deal, &DealDigest)> = inputs.deals.iter().zip(&digests).collect();
        let digested = attain_comp::Engine::with_digested_deals(&inputs, &pairs);
        let read = attain_comp::Engine::new(&inputs);
        prop_assert_eq!(
            serde_json::to_string(&digested.all_statements(&periods())).ok(),
            serde_json::to_string(&read.all_statements(&periods())).ok()
        );
        prop_assert!(inputs.deals.iter().zip(&digests).all(|(d, digest)| d.id == digest.deal_id()));
    }
}

proptest! {
    /// (8) What-if, with some deals held back as hypothetical, projects
    /// exactly the statement computed with them real, against the one
    /// computed without them.
    #[test]
    fn what_if_projects_the_statement_with_the_deals_real(
        scenario in scenario_strategy(),
        held_back in prop::collection::vec(any::<bool>(), 12),
        rep in 0..REPS.len(),
    ) {
        let all = build(&scenario);
        let (mut hypothetical, mut real) = (Vec::new(), Vec::new());
        for (i, deal) in all.deals.iter().enumerate() {
            if held_back.get(i).copied().unwrap_or(false) {
                hypothetical.push(deal.clone());
            } else {
                real.push(deal.clone());
            }
        }
        let without = Inputs { deals: real, ..all.clone() };
        let person = id(REPS[rep]);
        let result = attain_comp::whatif::what_if(&without, person, q1(), hypothetical);
        let before = attain_comp::Engine::new(&without).statements_for(person, &[q1()]).pop();
        let after = attain_comp::Engine::new(&all).statements_for(person, &[q1()]).pop();
        prop_assert_eq!(result.is_some(), before.is_some() && after.is_some());
        if let (Some(result), Some(before), Some(after)) = (result, before, after) {
            prop_assert_eq!(result.payout_change, after.payout - before.payout);
            prop_assert_eq!(&result.before, &before);
            prop_assert_eq!(&result.after, &after);
        }
    }
}

/// A deal to split, and everything else closed the same quarter.
#[derive(Debug, Clone)]
struct SplitCase {
    others: Vec<DealSpec>,
    /// Whole hundreds of currency units, so any integer share of it times
    /// a whole-percent rate lands exactly on a cent.
    hundreds: i64,
    day: u32,
    share: u32,
    rep_rate_pct: u32,
    manager_rate_pct: u32,
    /// Arbitrary cents for the unrounded comparison.
    cents: i64,
}

fn split_case_strategy() -> impl Strategy<Value = SplitCase> {
    (
        prop::collection::vec(deal_strategy(), 0..8),
        (1i64..=5_000, 0u32..90, 1u32..100),
        (0u32..=30, 0u32..=30, 1i64..=50_000_000),
    )
        .prop_map(
            |(others, (hundreds, day, share), (rep_rate_pct, manager_rate_pct, cents))| SplitCase {
                others,
                hundreds,
                day,
                share,
                rep_rate_pct,
                manager_rate_pct,
                cents,
            },
        )
}

/// Only same-currency, unsplit, whole-hundred deals: the background of the
/// split property, where every line rounds exactly.
fn even(spec: &DealSpec) -> DealSpec {
    DealSpec {
        cents: (spec.cents / 10_000).max(1) * 10_000,
        cuts: Vec::new(),
        euro: false,
        reversed_after: None,
        priority: None,
        ..spec.clone()
    }
}

/// The team on linear plans (one tier from 0%, no caps, threshold, bonus,
/// SPIFF, clawback or draw), the deal `target` owned by rep 0 alone or split
/// `share` / 100 − `share` with rep 1.
fn linear_team(case: &SplitCase, others: &[DealSpec], amount: Decimal, split_it: bool) -> Inputs {
    let scenario = Scenario {
        rep_rules: flat(Decimal::new(i64::from(case.rep_rate_pct), 2)),
        manager_rules: PlanRules {
            crediting: Crediting {
                manager_rollup: true,
                ..Default::default()
            },
            ..flat(Decimal::new(i64::from(case.manager_rate_pct), 2))
        },
        deals: others.to_vec(),
        quotas: vec![100_000; REPS.len() + 2],
        euro_rate: None,
        adjustment: None,
    };
    let mut inputs = build(&scenario);
    let mut target = deal(999, "Target", REPS[0], q1_day(case.day), amount);
    if split_it {
        target.splits = vec![
            split(REPS[0], Decimal::from(case.share)),
            split(REPS[1], Decimal::from(100 - case.share)),
        ];
    }
    inputs.deals.push(target);
    inputs
}

/// (Mia's payout, Mia's unrounded commission, Mia's credited, the reps'
/// credited, the reps' payouts).
fn team_totals(inputs: &Inputs) -> (Decimal, Decimal, Decimal, Decimal, Decimal) {
    let statements = compute(inputs, &[q1()]);
    let mia = statement_of(&statements, MIA);
    let reps: Vec<&Statement> = REPS
        .iter()
        .filter_map(|r| statement_of(&statements, *r))
        .collect();
    (
        mia.map(|s| s.payout).unwrap_or_default(),
        mia.map(unrounded_commission).unwrap_or_default(),
        mia.map(|s| s.credited).unwrap_or_default(),
        reps.iter().map(|s| s.credited).sum(),
        reps.iter().map(|s| s.payout).sum(),
    )
}

/// Marginal monotonicity: Ana's background deals, one added deal.
#[derive(Debug, Clone)]
struct GrowCase {
    tiers: Vec<Tier>,
    others: Vec<(i64, u32)>,
    quota: i64,
    day: u32,
    small: i64,
    extra: i64,
}

fn grow_case_strategy() -> impl Strategy<Value = GrowCase> {
    (
        tiers_strategy(),
        prop::collection::vec((1i64..=50_000_000, 0u32..90), 0..8),
        (1i64..=2_000_000, 0u32..90),
        (0i64..=50_000_000, 0i64..=50_000_000),
    )
        .prop_map(|(tiers, others, (quota, day), (small, extra))| GrowCase {
            tiers,
            others,
            quota,
            day,
            small,
            extra,
        })
}

/// Ana's Q1 statement with the added deal worth `cents`, closing on `day`
/// after every other deal that day (its id is the largest).
fn grown(case: &GrowCase, day_offset: u32, cents_added: i64) -> Statement {
    let mut w = World::quarterly();
    w.person(REPS[0], "Ana", None)
        .plan(100, marginal(case.tiers.clone()))
        .assign(100, REPS[0])
        .quota(REPS[0], q1(), Decimal::from(case.quota));
    for (n, (amount, on)) in case.others.iter().enumerate() {
        w.deal(deal(
            1_000 + n as u128,
            "Other",
            REPS[0],
            q1_day(*on),
            cents(*amount),
        ));
    }
    w.deal(deal(
        9_999,
        "Added",
        REPS[0],
        q1_day(day_offset),
        cents(cents_added),
    ));
    w.statement(REPS[0], q1())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// (3) Under a linear plan, splitting a deal between two reps of the
    /// same team leaves the manager's roll-up total and credit, and the sum
    /// of the reps' credit and pay, unchanged.
    #[test]
    fn splitting_a_deal_changes_no_total_under_a_linear_plan(case in split_case_strategy()) {
        let others: Vec<DealSpec> = case.others.iter().map(even).collect();
        let amount = Decimal::from(case.hundreds * 100);
        let whole = team_totals(&linear_team(&case, &others, amount, false));
        let split = team_totals(&linear_team(&case, &others, amount, true));
        prop_assert_eq!(whole, split);

        // Any amount, any background: the unrounded sums still agree.
        let whole = team_totals(&linear_team(&case, &case.others, cents(case.cents), false));
        let split = team_totals(&linear_team(&case, &case.others, cents(case.cents), true));
        prop_assert_eq!(whole.1, split.1, "manager's unrounded commission");
        prop_assert_eq!(whole.2, split.2, "manager's credit");
        prop_assert_eq!(whole.3, split.3, "reps' credit");
    }

    /// (4) Under marginal tiers with rates ≥ 0 and no caps or threshold, a
    /// bigger deal never pays less: exactly (after rounding) when it closes
    /// last, and before rounding wherever it falls in the quarter.
    #[test]
    fn marginal_payout_grows_with_a_deals_amount(case in grow_case_strategy()) {
        let last_day = 89;
        let small = grown(&case, last_day, case.small);
        let big = grown(&case, last_day, case.small + case.extra);
        prop_assert!(big.payout >= small.payout, "{} < {}", big.payout, small.payout);
        prop_assert!(big.credited >= small.credited);

        let small = grown(&case, case.day, case.small);
        let big = grown(&case, case.day, case.small + case.extra);
        prop_assert!(unrounded_commission(&big) >= unrounded_commission(&small));
        prop_assert!(big.attainment_pct >= small.attainment_pct);
    }
}
