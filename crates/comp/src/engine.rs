//! The calculation: crediting, tiers, caps, bonuses, SPIFFs, clawbacks,
//! adjustments and draws (see the crate docs for the order and the rules).

use crate::{
    inputs::{Adjustment, Assignment, AssignmentTarget, Deal, Inputs, Person},
    money::{round_line, round_pct, Rates},
    plan::{Measure, Plan, PlanRules, PlanVersion, TierMethod},
    statement::{Line, LineKind, Statement},
};
use attain_domain::{deal::DealType, period::Period};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// Every statement of every person for `periods`, ordered by person then
/// period. Draw balances run from January of each period's year.
pub fn compute(inputs: &Inputs, periods: &[Period]) -> Vec<Statement> {
    let engine = Engine::new(inputs);
    engine.all_statements(periods)
}

/// One deal credited to one person: directly (a split or ownership) or as
/// roll-up from someone who reports to them.
#[derive(Debug, Clone, Copy)]
struct Credit {
    deal: usize,
    /// Whose split this is (the person themselves unless a roll-up).
    from: Uuid,
    share: Decimal,
    rollup: bool,
}

/// Indexed inputs, built once and shared by every statement.
pub struct Engine<'a> {
    inputs: &'a Inputs,
    people: BTreeMap<Uuid, &'a Person>,
    plans: HashMap<Uuid, &'a Plan>,
    person_assignments: HashMap<Uuid, Vec<&'a Assignment>>,
    role_assignments: HashMap<&'a str, Vec<&'a Assignment>>,
    quotas: HashMap<(Uuid, Period), Decimal>,
    rates: Rates,
    adjustments: HashMap<(Uuid, Period), Vec<&'a Adjustment>>,
    /// Won deals by (close date, id).
    deals: Vec<&'a Deal>,
    credits: HashMap<Uuid, Vec<Credit>>,
}

/// The commission part of one period, before clawbacks, adjustments and draws.
struct Core {
    lines: Vec<Line>,
    currency: Option<String>,
    plan_ids: Vec<Uuid>,
    quota: Option<Decimal>,
    credited: Decimal,
    attainment_pct: Option<Decimal>,
    /// What each deal paid this person, after caps, for clawbacks.
    per_deal: BTreeMap<Uuid, Decimal>,
    warnings: Vec<String>,
}

/// A credit valued under the plan in force on its close date.
struct Valued<'a> {
    credit: Credit,
    deal: &'a Deal,
    plan: &'a Plan,
    version: &'a PlanVersion,
    weight: Decimal,
    fx_rate: Option<Decimal>,
    /// Credited value in the payout currency (logos for new-logo plans).
    value: Decimal,
}

impl<'a> Engine<'a> {
    pub fn new(inputs: &'a Inputs) -> Self {
        let people: BTreeMap<Uuid, &Person> = inputs.people.iter().map(|p| (p.id, p)).collect();
        let plans = inputs.plans.iter().map(|p| (p.id, p)).collect();
        let mut person_assignments: HashMap<Uuid, Vec<&Assignment>> = HashMap::new();
        let mut role_assignments: HashMap<&str, Vec<&Assignment>> = HashMap::new();
        for a in &inputs.assignments {
            match &a.target {
                AssignmentTarget::Person(id) => person_assignments.entry(*id).or_default().push(a),
                AssignmentTarget::Role(role) => role_assignments.entry(role).or_default().push(a),
            }
        }
        for list in person_assignments
            .values_mut()
            .chain(role_assignments.values_mut())
        {
            list.sort_by_key(|a| (a.from, a.id));
        }
        let quotas = inputs
            .quotas
            .iter()
            .map(|q| ((q.person_id, q.period), q.amount))
            .collect();
        let mut adjustments: HashMap<(Uuid, Period), Vec<&Adjustment>> = HashMap::new();
        for adj in &inputs.adjustments {
            adjustments
                .entry((adj.person_id, adj.period))
                .or_default()
                .push(adj);
        }
        for list in adjustments.values_mut() {
            list.sort_by_key(|a| a.id);
        }
        let mut deals: Vec<&Deal> = inputs.deals.iter().collect();
        deals.sort_by_key(|d| (d.closed_on, d.id));

        let ancestors = ancestor_chains(&people);
        let mut credits: HashMap<Uuid, Vec<Credit>> = HashMap::new();
        for (index, deal) in deals.iter().enumerate() {
            for (person, share) in deal.credit_shares() {
                credits.entry(person).or_default().push(Credit {
                    deal: index,
                    from: person,
                    share,
                    rollup: false,
                });
                for manager in ancestors.get(&person).into_iter().flatten() {
                    credits.entry(*manager).or_default().push(Credit {
                        deal: index,
                        from: person,
                        share,
                        rollup: true,
                    });
                }
            }
        }
        Self {
            inputs,
            people,
            plans,
            person_assignments,
            role_assignments,
            quotas,
            rates: Rates::new(&inputs.rates),
            adjustments,
            deals,
            credits,
        }
    }

    /// Everyone whose statements a deal can change: its split people and
    /// everyone above them. What an incremental recalculation recomputes.
    pub fn people_touched_by(&self, deal: &Deal) -> BTreeSet<Uuid> {
        let mut touched = BTreeSet::new();
        for (person, _) in deal.credit_shares() {
            let mut current = Some(person);
            while let Some(id) = current {
                if !touched.insert(id) {
                    break;
                }
                current = self.people.get(&id).and_then(|p| p.manager_id);
            }
        }
        touched
    }

    /// Every person's statements for `periods`, in (person, period) order.
    pub fn all_statements(&self, periods: &[Period]) -> Vec<Statement> {
        let people: Vec<Uuid> = self.people.keys().copied().collect();
        people
            .par_iter()
            .map(|person| self.statements_for(*person, periods))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }

    /// One person's statements for `periods` (any order; returned sorted).
    /// Draw balances are carried from January of each period's year.
    pub fn statements_for(&self, person: Uuid, periods: &[Period]) -> Vec<Statement> {
        let mut by_year: BTreeMap<i32, BTreeSet<Period>> = BTreeMap::new();
        for period in periods {
            by_year
                .entry(period.start.year())
                .or_default()
                .insert(*period);
        }
        let mut out = Vec::with_capacity(periods.len());
        for (year, wanted) in by_year {
            let Some(last) = wanted.last().copied() else {
                continue;
            };
            let first_day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(last.start);
            let mut period = Period::containing(self.inputs.period_kind, first_day);
            let mut balance = Decimal::ZERO;
            while period <= last {
                let statement = self.statement_with_balance(person, period, balance);
                balance = statement.draw_balance;
                if wanted.contains(&period) {
                    out.push(statement);
                }
                period = period.next();
            }
        }
        out
    }

    /// One statement, carrying in the recoverable draw still owed.
    fn statement_with_balance(&self, person: Uuid, period: Period, opening: Decimal) -> Statement {
        let core = self.core(person, period);
        let currency = core
            .currency
            .clone()
            .or_else(|| {
                self.rules_on(person, last_day(period))
                    .map(|(_, v)| v.rules.currency.clone())
            })
            .unwrap_or_else(|| "USD".to_owned());
        let mut lines = core.lines;
        let mut warnings = core.warnings;
        self.clawbacks(person, period, &mut lines);
        for adj in self
            .adjustments
            .get(&(person, period))
            .into_iter()
            .flatten()
        {
            lines.push(Line::plain(
                LineKind::Adjustment,
                adj.reason.clone(),
                round_line(adj.amount, &currency),
            ));
        }
        let earned_kinds = |k: LineKind| {
            !matches!(
                k,
                LineKind::Adjustment | LineKind::DrawTopUp | LineKind::DrawRecovery
            )
        };
        let earned: Decimal = lines
            .iter()
            .filter(|l| earned_kinds(l.kind))
            .map(|l| l.amount)
            .sum();
        let adjustments: Decimal = lines
            .iter()
            .filter(|l| l.kind == LineKind::Adjustment)
            .map(|l| l.amount)
            .sum();
        let before_draw = earned + adjustments;
        let mut balance = opening;
        let (mut draw, mut recovered) = (Decimal::ZERO, Decimal::ZERO);
        match self
            .rules_on(person, last_day(period))
            .and_then(|(_, v)| v.rules.draw.as_ref())
        {
            Some(d) if before_draw < d.amount => {
                draw = round_line(d.amount - before_draw.max(Decimal::ZERO), &currency);
                if !draw.is_zero() {
                    let kind = if d.recoverable {
                        "recoverable"
                    } else {
                        "non-recoverable"
                    };
                    lines.push(Line::plain(
                        LineKind::DrawTopUp,
                        format!(
                            "Draw of {} {currency} ({kind}): earnings topped up",
                            d.amount
                        ),
                        draw,
                    ));
                    if d.recoverable {
                        balance += draw;
                    }
                }
            }
            Some(d) if balance > Decimal::ZERO => {
                recovered = round_line(balance.min(before_draw - d.amount), &currency);
                if !recovered.is_zero() {
                    lines.push(Line::plain(
                        LineKind::DrawRecovery,
                        format!("Recovery of earlier draws above the {} {currency} draw; {} left to recover", d.amount, balance - recovered),
                        -recovered,
                    ));
                    balance -= recovered;
                }
            }
            None if opening > Decimal::ZERO => {
                warnings.push(format!("{opening} {currency} of draws left to recover, but no draw applies this period"));
            }
            _ => {}
        }
        let payout = lines.iter().map(|l| l.amount).sum();
        Statement {
            person_id: person,
            period,
            currency,
            plan_ids: core.plan_ids,
            quota: core.quota,
            credited: core.credited,
            attainment_pct: core.attainment_pct,
            lines,
            earned,
            adjustments,
            draw,
            recovered,
            payout,
            draw_balance: balance,
            warnings,
        }
    }

    /// Deals reversed this period within their plan's window take back what
    /// they paid this person in the period they closed.
    fn clawbacks(&self, person: Uuid, period: Period, lines: &mut Vec<Line>) {
        let mut closing_periods: BTreeSet<Period> = BTreeSet::new();
        let mut reversed: Vec<&Deal> = Vec::new();
        for credit in self.credits.get(&person).into_iter().flatten() {
            let deal = self.deals[credit.deal];
            let Some(on) = deal.reversed_on else { continue };
            if !period.contains(on) || reversed.iter().any(|d| d.id == deal.id) {
                continue;
            }
            let Some((_, version)) = self.rules_on(person, deal.closed_on) else {
                continue;
            };
            let Some(days) = version.rules.clawback_days else {
                continue;
            };
            if (on - deal.closed_on).num_days() > i64::from(days) {
                continue;
            }
            closing_periods.insert(Period::containing(self.inputs.period_kind, deal.closed_on));
            reversed.push(deal);
        }
        let cores: BTreeMap<Period, Core> = closing_periods
            .into_iter()
            .map(|p| (p, self.core(person, p)))
            .collect();
        for deal in reversed {
            let closed_in = Period::containing(self.inputs.period_kind, deal.closed_on);
            let paid = cores
                .get(&closed_in)
                .and_then(|c| c.per_deal.get(&deal.id))
                .copied()
                .unwrap_or_default();
            if paid.is_zero() {
                continue;
            }
            let mut line = Line::plain(
                LineKind::Clawback,
                format!(
                    "Clawback: {} was reversed on {} ({} days after closing on {}); its {} payout is taken back",
                    deal.name,
                    deal.reversed_on.unwrap_or(deal.closed_on),
                    (deal.reversed_on.unwrap_or(deal.closed_on) - deal.closed_on).num_days(),
                    deal.closed_on,
                    closed_in,
                ),
                -paid,
            );
            line.deal_id = Some(deal.id);
            line.deal_name = Some(deal.name.clone());
            lines.push(line);
        }
    }

    /// The plan version in force for a person on a day: their own
    /// assignment first, then their role's.
    fn rules_on(&self, person: Uuid, day: NaiveDate) -> Option<(&'a Plan, &'a PlanVersion)> {
        let own = self
            .person_assignments
            .get(&person)
            .and_then(|list| list.iter().rev().find(|a| a.covers(day)));
        let assignment = own.or_else(|| {
            let role = self.people.get(&person)?.role.as_str();
            self.role_assignments
                .get(role)
                .and_then(|list| list.iter().rev().find(|a| a.covers(day)))
        })?;
        let plan = *self.plans.get(&assignment.plan_id)?;
        let version = plan.version_on(day)?;
        Some((plan, version))
    }

    fn core(&self, person: Uuid, period: Period) -> Core {
        let quota = self
            .quotas
            .get(&(person, period))
            .copied()
            .filter(|q| *q > Decimal::ZERO);
        let mut warnings = Vec::new();
        let mut valued: Vec<Valued> = Vec::new();
        let mut unplanned = 0usize;
        for credit in self.credits.get(&person).into_iter().flatten() {
            let deal = self.deals[credit.deal];
            if !period.contains(deal.closed_on) {
                continue;
            }
            let Some((plan, version)) = self.rules_on(person, deal.closed_on) else {
                if !credit.rollup {
                    unplanned += 1;
                }
                continue;
            };
            let rules = &version.rules;
            if credit.rollup && !rules.crediting.manager_rollup {
                continue;
            }
            if !counts(rules, deal) {
                continue;
            }
            let (raw, weighted) = weighted_value(rules, deal);
            if raw.is_zero() {
                continue;
            }
            let weight = weighted / raw;
            let share = credit.share / Decimal::ONE_HUNDRED;
            let fx_rate = if rules.measure == Measure::NewLogos {
                None
            } else {
                match self.rates.rate(period, &deal.currency, &rules.currency) {
                    Some(rate) => Some(rate),
                    None => {
                        warnings.push(format!(
                            "{} is in {} and there is no {}→{} rate for {period}: it is not paid until one is added",
                            deal.name, deal.currency, deal.currency, rules.currency
                        ));
                        continue;
                    }
                }
            };
            let value = weighted * share * fx_rate.unwrap_or(Decimal::ONE);
            valued.push(Valued {
                credit: *credit,
                deal,
                plan,
                version,
                weight,
                fx_rate,
                value,
            });
        }
        if unplanned > 0 {
            warnings.push(format!(
                "{unplanned} deal(s) closed in {period} with no plan assigned on their close date"
            ));
        }
        let credited: Decimal = valued.iter().map(|v| v.value).sum();
        if quota.is_none() && !valued.is_empty() {
            warnings.push(format!(
                "No quota for {period}: every deal is paid at the first tier's rate"
            ));
        }
        let pct_of = |value: Decimal| quota.map(|q| value * Decimal::ONE_HUNDRED / q);
        let final_pct = pct_of(credited);

        let mut lines = Vec::new();
        let mut plan_ids: Vec<Uuid> = Vec::new();
        let mut currency: Option<String> = None;
        let mut per_deal: BTreeMap<Uuid, Decimal> = BTreeMap::new();
        let mut running = Decimal::ZERO;
        for v in &valued {
            if !plan_ids.contains(&v.plan.id) {
                plan_ids.push(v.plan.id);
            }
            let rules = &v.version.rules;
            if currency.is_none() {
                currency = Some(rules.currency.clone());
            } else if currency.as_deref() != Some(rules.currency.as_str()) {
                warnings.push(format!(
                    "{} pays in {}, not {}: its lines are in its own currency",
                    v.plan.name,
                    rules.currency,
                    currency.as_deref().unwrap_or_default()
                ));
            }
            let below_threshold = match (rules.threshold_pct, final_pct) {
                (Some(threshold), Some(pct)) => pct < threshold,
                (Some(_), None) => false,
                _ => false,
            };
            let start = running;
            running += v.value;
            let slices = tier_slices(rules, quota, start, v.value, final_pct);
            let mut deal_total = Decimal::ZERO;
            for slice in slices {
                let tier = &rules.rate_table.tiers[slice.tier];
                let (amount, rule) = if below_threshold {
                    (
                        round_line(Decimal::ZERO, &rules.currency),
                        format!(
                            "Below the {}% threshold (attainment {}%): nothing paid",
                            rules.threshold_pct.unwrap_or_default(),
                            final_pct.map(round_pct).unwrap_or_default()
                        ),
                    )
                } else {
                    (
                        round_line(slice.base * tier.rate, &rules.currency),
                        describe_tier(slice.tier, tier, rules.rate_table.method, rules.measure),
                    )
                };
                deal_total += amount;
                lines.push(Line {
                    kind: if v.credit.rollup {
                        LineKind::RollUp
                    } else {
                        LineKind::Commission
                    },
                    deal_id: Some(v.deal.id),
                    deal_name: Some(v.deal.name.clone()),
                    plan_id: Some(v.plan.id),
                    plan_version: Some(v.version.version),
                    credited_from: Some(v.credit.from),
                    credit_share_pct: Some(v.credit.share),
                    weight: Some(v.weight),
                    fx_rate: v.fx_rate,
                    base: Some(slice.base),
                    tier: Some(slice.tier as u32 + 1),
                    rate: Some(tier.rate),
                    attainment_from_pct: pct_of(slice.from).map(round_pct),
                    attainment_to_pct: pct_of(slice.to).map(round_pct),
                    rule: if v.credit.rollup {
                        format!("{rule}; roll-up from {}", self.name_of(v.credit.from))
                    } else {
                        rule
                    },
                    amount,
                });
            }
            let paid_before = per_deal.get(&v.deal.id).copied().unwrap_or_default();
            if let Some((cap, cut)) =
                deal_cap_cut(rules.cap_per_deal, paid_before, deal_total, &rules.currency)
            {
                let mut line = Line::plain(
                    LineKind::DealCap,
                    format!("Cap of {cap} {} per deal", rules.currency),
                    cut,
                );
                line.deal_id = Some(v.deal.id);
                line.deal_name = Some(v.deal.name.clone());
                line.plan_id = Some(v.plan.id);
                line.plan_version = Some(v.version.version);
                lines.push(line);
                deal_total += cut;
            }
            *per_deal.entry(v.deal.id).or_default() += deal_total;
        }

        let period_rules = self
            .rules_on(person, last_day(period))
            .or_else(|| valued.last().map(|v| (v.plan, v.version)));
        if let Some((plan, version)) = period_rules {
            let rules = &version.rules;
            let currency = currency
                .get_or_insert_with(|| rules.currency.clone())
                .clone();
            if !plan_ids.contains(&plan.id) {
                plan_ids.push(plan.id);
            }
            if let Some(pct) = final_pct {
                for bonus in &rules.bonuses {
                    if pct >= bonus.at_pct {
                        let mut line = Line::plain(
                            LineKind::Bonus,
                            format!(
                                "Attainment bonus at {}% (reached {}%)",
                                bonus.at_pct,
                                round_pct(pct)
                            ),
                            round_line(bonus.amount, &currency),
                        );
                        line.plan_id = Some(plan.id);
                        line.plan_version = Some(version.version);
                        lines.push(line);
                    }
                }
            }
        }
        for v in valued.iter().filter(|v| !v.credit.rollup) {
            let rules = &v.version.rules;
            for spiff in &rules.spiffs {
                if !spiff_applies(spiff, v.deal, |amount| {
                    self.rates
                        .rate(period, &v.deal.currency, &rules.currency)
                        .map(|r| amount * r)
                }) {
                    continue;
                }
                let amount = round_line(
                    spiff.amount_per_deal * v.credit.share / Decimal::ONE_HUNDRED,
                    &rules.currency,
                );
                let mut line = Line::plain(
                    LineKind::Spiff,
                    format!(
                        "SPIFF “{}” ({} to {}): {} {} per deal",
                        spiff.name, spiff.from, spiff.to, spiff.amount_per_deal, rules.currency
                    ),
                    amount,
                );
                line.deal_id = Some(v.deal.id);
                line.deal_name = Some(v.deal.name.clone());
                line.plan_id = Some(v.plan.id);
                line.plan_version = Some(v.version.version);
                line.credit_share_pct = Some(v.credit.share);
                lines.push(line);
                *per_deal.entry(v.deal.id).or_default() += amount;
            }
        }
        if let Some((plan, version)) = period_rules {
            if let Some(cap) = version.rules.cap_per_period {
                let earned: Decimal = lines.iter().map(|l| l.amount).sum();
                if earned > cap {
                    let cut = round_line(cap - earned, &version.rules.currency);
                    let mut line = Line::plain(
                        LineKind::PeriodCap,
                        format!("Cap of {cap} {} per period", version.rules.currency),
                        cut,
                    );
                    line.plan_id = Some(plan.id);
                    line.plan_version = Some(version.version);
                    lines.push(line);
                    // A clawback takes back the deal's share of what was paid.
                    let factor = cap / earned;
                    for paid in per_deal.values_mut() {
                        *paid = round_line(*paid * factor, &version.rules.currency);
                    }
                }
            }
        }
        Core {
            lines,
            currency,
            plan_ids,
            quota,
            credited,
            attainment_pct: final_pct.map(round_pct),
            per_deal,
            warnings,
        }
    }

    fn name_of(&self, person: Uuid) -> &str {
        self.people
            .get(&person)
            .map(|p| p.name.as_str())
            .unwrap_or("someone who has left")
    }
}

/// Whether a deal passes the plan's deal-type and territory filters.
fn counts(rules: &PlanRules, deal: &Deal) -> bool {
    let crediting = &rules.crediting;
    if !crediting.deal_types.is_empty() && !crediting.deal_types.contains(&deal.deal_type) {
        return false;
    }
    if !crediting.territories.is_empty()
        && !deal
            .territory_id
            .is_some_and(|t| crediting.territories.contains(&t))
    {
        return false;
    }
    if rules.measure == Measure::NewLogos && deal.deal_type != DealType::NewBusiness {
        return false;
    }
    true
}

/// (raw, weighted) value of a deal in its own currency (logos for new-logo
/// plans), counting only the plan's products when it names some: a deal
/// selling none of them is worth nothing, not even a logo.
fn weighted_value(rules: &PlanRules, deal: &Deal) -> (Decimal, Decimal) {
    let products = &rules.crediting.products;
    if rules.measure == Measure::NewLogos {
        let sells_one =
            products.is_empty() || deal.lines.iter().any(|l| products.contains(&l.product_id));
        let logo = if sells_one {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        return (logo, logo);
    }
    let (raw, weighted) = if deal.lines.is_empty() {
        if products.is_empty() {
            (deal.amount, deal.amount)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        }
    } else {
        deal.lines
            .iter()
            .filter(|l| products.is_empty() || products.contains(&l.product_id))
            .fold((Decimal::ZERO, Decimal::ZERO), |(raw, weighted), line| {
                let weight = rules
                    .product_weights
                    .get(&line.product_id)
                    .or_else(|| rules.priority_weights.get(&line.priority))
                    .copied()
                    .unwrap_or(Decimal::ONE);
                (raw + line.amount, weighted + line.amount * weight)
            })
    };
    match rules.measure {
        Measure::Arr => {
            let term = Decimal::from(deal.term_months.filter(|m| *m > 0).unwrap_or(12));
            let twelve = Decimal::from(12);
            (raw * twelve / term, weighted * twelve / term)
        }
        _ => (raw, weighted),
    }
}

/// The cap and the (negative) cut a per-deal cap makes to one credit's
/// commission, if it bites. The cap is per deal, not per credit: what the
/// deal already paid the person through other credits on it (a manager's
/// roll-ups from each rep on a split deal) counts against it.
fn deal_cap_cut(
    cap: Option<Decimal>,
    paid_before: Decimal,
    commission: Decimal,
    currency: &str,
) -> Option<(Decimal, Decimal)> {
    let cap = cap?;
    let room = (cap - paid_before).max(Decimal::ZERO);
    (commission > room).then(|| (cap, round_line(room - commission, currency)))
}

/// A slice of one credit's value paid at one tier.
struct Slice {
    tier: usize,
    base: Decimal,
    /// Running credited value before and after the slice.
    from: Decimal,
    to: Decimal,
}

/// Cuts the value credited from `start` to `start + value` into tier slices.
fn tier_slices(
    rules: &PlanRules,
    quota: Option<Decimal>,
    start: Decimal,
    value: Decimal,
    final_pct: Option<Decimal>,
) -> Vec<Slice> {
    let tiers = &rules.rate_table.tiers;
    let end = start + value;
    let (Some(quota), false) = (quota, tiers.is_empty()) else {
        return vec![Slice {
            tier: 0,
            base: value,
            from: start,
            to: end,
        }];
    };
    match rules.rate_table.method {
        TierMethod::Retroactive => {
            let pct = final_pct.unwrap_or_default();
            let tier = tiers.iter().rposition(|t| t.from_pct <= pct).unwrap_or(0);
            vec![Slice {
                tier,
                base: value,
                from: start,
                to: end,
            }]
        }
        TierMethod::Marginal => {
            let at = |pct: Decimal| pct * quota / Decimal::ONE_HUNDRED;
            let mut slices = Vec::new();
            for (index, tier) in tiers.iter().enumerate() {
                let lower = at(tier.from_pct).max(start);
                let upper = tier.to_pct.map(at).map_or(end, |u| u.min(end));
                if upper > lower {
                    slices.push(Slice {
                        tier: index,
                        base: upper - lower,
                        from: lower,
                        to: upper,
                    });
                }
            }
            if slices.is_empty() {
                slices.push(Slice {
                    tier: 0,
                    base: value,
                    from: start,
                    to: end,
                });
            }
            slices
        }
    }
}

fn describe_tier(
    index: usize,
    tier: &crate::plan::Tier,
    method: TierMethod,
    measure: Measure,
) -> String {
    let range = match tier.to_pct {
        Some(to) => format!("{}–{}%", tier.from_pct.normalize(), to.normalize()),
        None => format!("{}% and above", tier.from_pct.normalize()),
    };
    let rate = match measure {
        Measure::NewLogos => format!("{} per logo", tier.rate.normalize()),
        _ => format!("{}%", (tier.rate * Decimal::ONE_HUNDRED).normalize()),
    };
    let method = match method {
        TierMethod::Marginal => "marginal",
        TierMethod::Retroactive => "retroactive: the whole period at the tier reached",
    };
    format!("Tier {} ({range}) at {rate}, {method}", index + 1)
}

fn spiff_applies(
    spiff: &crate::plan::Spiff,
    deal: &Deal,
    convert: impl Fn(Decimal) -> Option<Decimal>,
) -> bool {
    if deal.closed_on < spiff.from || deal.closed_on > spiff.to {
        return false;
    }
    if !spiff.deal_types.is_empty() && !spiff.deal_types.contains(&deal.deal_type) {
        return false;
    }
    if !spiff.products.is_empty()
        && !deal
            .lines
            .iter()
            .any(|l| spiff.products.contains(&l.product_id))
    {
        return false;
    }
    match spiff.min_amount {
        Some(min) => convert(deal.amount).is_some_and(|amount| amount >= min),
        None => true,
    }
}

/// Each person's managers, nearest first; a loop in the data stops the walk.
fn ancestor_chains(people: &BTreeMap<Uuid, &Person>) -> HashMap<Uuid, Vec<Uuid>> {
    people
        .keys()
        .map(|id| {
            let mut chain = Vec::new();
            let mut current = people.get(id).and_then(|p| p.manager_id);
            while let Some(manager) = current {
                if manager == *id || chain.contains(&manager) {
                    break;
                }
                chain.push(manager);
                current = people.get(&manager).and_then(|p| p.manager_id);
            }
            (*id, chain)
        })
        .collect()
}

fn last_day(period: Period) -> NaiveDate {
    period.end_exclusive().pred_opt().unwrap_or(period.start)
}
