//! The alignment snapshot of a period (see [`attain_alignment::snapshot`])
//! and what it is computed from beyond the scorecards' facts: the period's
//! revenue goals, who each scope is (names), the open deals with their
//! stage's win probability, the company's seasonality learned from past
//! years, and each deal's product priorities (from its lines) against the
//! company's target mix. Figures are in each goal's currency: a deal in
//! another converts at the company's exchange rate (see [`Fx`]), and one
//! without a rate is left out and counted.

use super::{comp_inputs, comp_plans, priority_mix};
use super::{goals::Goal, scorecards::TenantFacts};
use crate::schema::tenant::products;
use crate::{
    schema::tenant::{deals, goals, people, stages, teams},
    DbError, TenantConn,
};
use attain_alignment::{
    build_profile, ActivityInput, AlignmentSnapshot, GoalFigures, Granularity, HistoricalActual,
    MixInput, NodeKind, OpenDeal, PlanRates, PlansInput, ProductPriority, ProductRate,
    SeasonalityProfile,
};
use attain_comp::{money::Rates, PlanRules};
use attain_domain::org::ProductPriority as DomainPriority;
use attain_domain::{
    activity::ActivityKind,
    deal::DealStatus,
    period::{DateRange, Period, PeriodKind},
    scorecard::{self, DealFact, Scope},
};
use chrono::{Datelike, Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The revenue goals of one period (`month`, `quarter` or `year` starting on `start`).
pub fn revenue_goals(
    t: &mut TenantConn<'_>,
    period_kind: &str,
    start: NaiveDate,
) -> Result<Vec<Goal>, DbError> {
    Ok(goals::table
        .filter(goals::metric.eq("revenue"))
        .filter(goals::period_kind.eq(period_kind))
        .filter(goals::period_start.eq(start))
        .select(Goal::as_select())
        .load(t.conn())?)
}

/// Names of teams (and regions) and people, by id.
pub fn scope_names(t: &mut TenantConn<'_>) -> Result<HashMap<Uuid, String>, DbError> {
    let mut names: HashMap<Uuid, String> = teams::table
        .select((teams::id, teams::name))
        .load::<(Uuid, String)>(t.conn())?
        .into_iter()
        .collect();
    names.extend(
        people::table
            .select((people::id, people::name))
            .load::<(Uuid, String)>(t.conn())?,
    );
    Ok(names)
}

/// An open deal as the forecast needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDealRow {
    pub id: Uuid,
    pub amount: Decimal,
    pub currency: String,
    /// The stage's win probability in percent.
    pub probability: i32,
    pub expected_close: Option<NaiveDate>,
}

pub fn open_deals(t: &mut TenantConn<'_>) -> Result<Vec<OpenDealRow>, DbError> {
    Ok(deals::table
        .inner_join(stages::table)
        .filter(deals::status.eq("open"))
        .select((
            deals::id,
            deals::amount,
            deals::currency,
            stages::probability,
            deals::expected_close_date,
        ))
        .load::<(Uuid, Decimal, String, i32, Option<NaiveDate>)>(t.conn())?
        .into_iter()
        .map(
            |(id, amount, currency, probability, expected_close)| OpenDealRow {
                id,
                amount,
                currency,
                probability,
                expected_close,
            },
        )
        .collect())
}

/// The key an alignment snapshot is stored and cached under.
pub fn snapshot_key(period: &Period) -> String {
    format!("alignment:{period}")
}

/// What every period's snapshot looks up beyond the facts: scope names,
/// each open deal's win probability, and the company's seasonality. Loaded
/// once per refresh.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    names: HashMap<Uuid, String>,
    probability: HashMap<Uuid, Decimal>,
    seasonality: SeasonalityProfile,
    plans: LivePlans,
    /// The company's target mix in percent; empty when none is set.
    mix_target: BTreeMap<ProductPriority, Decimal>,
    /// Each deal with product lines as fractions of its value per priority.
    deal_mix: HashMap<Uuid, BTreeMap<ProductPriority, Decimal>>,
    fx: Fx,
    credits: ScopeCredits,
}

/// Each scope's credited share of each deal, found in one pass over the
/// deals: a deal counts for every person it credits and every team above
/// them, by the sum of their shares (as [`scorecard::scope_share`] reads
/// it); the company counts every deal whole. Each goal then reads only its
/// scope's deals instead of every deal.
#[derive(Debug, Clone, Default)]
pub struct ScopeCredits {
    /// Per scope: (index into the facts' deals, share as a fraction).
    shares: HashMap<Scope, Vec<(usize, Decimal)>>,
}

impl ScopeCredits {
    pub fn new(facts: &TenantFacts) -> Self {
        let mut scopes_of: HashMap<Uuid, Vec<Scope>> = HashMap::new();
        let mut shares: HashMap<Scope, Vec<(usize, Decimal)>> = HashMap::new();
        shares.insert(
            Scope::Company,
            (0..facts.deals.len()).map(|i| (i, Decimal::ONE)).collect(),
        );
        for (index, deal) in facts.deals.iter().enumerate() {
            let mut percent: Vec<(Scope, Decimal)> = Vec::new();
            for (person, share) in &deal.credits {
                let scopes = scopes_of
                    .entry(*person)
                    .or_insert_with(|| facts.scopes_of_person(*person));
                for scope in scopes.iter().filter(|s| **s != Scope::Company) {
                    match percent.iter_mut().find(|(seen, _)| seen == scope) {
                        Some((_, sum)) => *sum += *share,
                        None => percent.push((*scope, *share)),
                    }
                }
            }
            for (scope, percent) in percent.into_iter().filter(|(_, p)| *p > Decimal::ZERO) {
                shares
                    .entry(scope)
                    .or_default()
                    .push((index, percent / Decimal::ONE_HUNDRED));
            }
        }
        Self { shares }
    }

    /// The deals credited to `scope`, in the facts' order, with its share of each.
    pub fn of<'a>(
        &'a self,
        facts: &'a TenantFacts,
        scope: Scope,
    ) -> impl Iterator<Item = (&'a DealFact, Decimal)> + 'a {
        self.shares
            .get(&scope)
            .into_iter()
            .flatten()
            .filter_map(|(index, share)| Some((facts.deals.get(*index)?, *share)))
    }
}

/// The company's exchange rates, as set for compensation per statement
/// period: a deal in another currency than a goal's counts at the rate of
/// the period it closed in (an open deal: today's), or of the latest of
/// the [`Fx::LOOK_BACK`] periods before that has one.
#[derive(Debug, Clone)]
pub struct Fx {
    kind: PeriodKind,
    rates: Rates,
}

impl Default for Fx {
    fn default() -> Self {
        Self {
            kind: PeriodKind::Month,
            rates: Rates::default(),
        }
    }
}

impl Fx {
    pub const LOOK_BACK: usize = 12;

    pub fn load(t: &mut TenantConn<'_>, today: NaiveDate) -> Result<Self, DbError> {
        let kind = comp_inputs::period_kind(t)?;
        let from = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).unwrap_or(today);
        let rates = comp_inputs::exchange_rates(t, kind, from, today + Days::new(1))?;
        Ok(Self {
            kind,
            rates: Rates::new(&rates),
        })
    }

    /// `amount` in `from` as `to` on `day`; `None` without a rate.
    pub fn convert(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        day: NaiveDate,
    ) -> Option<Decimal> {
        if from == to {
            return Some(amount);
        }
        let mut period = Period::containing(self.kind, day);
        for _ in 0..=Self::LOOK_BACK {
            if let Some(rate) = self.rates.rate(period, from, to) {
                return Some(amount * rate);
            }
            period = period.previous();
        }
        None
    }
}

/// The compensation plans in force today, who they pay, and each product's
/// priority: what plan consistency checks.
#[derive(Debug, Clone, Default)]
pub struct LivePlans {
    priorities: BTreeMap<String, ProductPriority>,
    /// Each live plan's effective rate per product, with the people and
    /// sales roles assigned to it.
    plans: Vec<(PlanRates, BTreeSet<Uuid>, BTreeSet<String>)>,
}

impl LivePlans {
    /// The plans paying anyone in `people` (everyone: `None`); `None` when
    /// no plan pays them.
    fn for_scope(
        &self,
        facts: &TenantFacts,
        people: Option<&BTreeSet<Uuid>>,
    ) -> Option<PlansInput> {
        let pays = |persons: &BTreeSet<Uuid>, roles: &BTreeSet<String>| match people {
            None => true,
            Some(scope) => facts.people.iter().any(|(id, _, role, _)| {
                scope.contains(id) && (persons.contains(id) || roles.contains(role))
            }),
        };
        let plans: Vec<PlanRates> = self
            .plans
            .iter()
            .filter(|(_, persons, roles)| pays(persons, roles))
            .map(|(rates, ..)| rates.clone())
            .collect();
        (!plans.is_empty()).then(|| PlansInput {
            priorities: self.priorities.clone(),
            plans,
        })
    }
}

/// Each plan's effective rate on a product is the rate of the tier holding
/// 100% attainment times the product's weight (its own, else its
/// priority's, else 1), from the latest version published and in effect.
pub fn live_plans(t: &mut TenantConn<'_>, today: NaiveDate) -> Result<LivePlans, DbError> {
    let products: Vec<(Uuid, String, String)> = products::table
        .filter(products::active.eq(true))
        .select((products::id, products::name, products::priority))
        .load(t.conn())?;
    let priority_of = |text: &str| match text {
        "strategic" => Some((ProductPriority::Strategic, DomainPriority::Strategic)),
        "standard" => Some((ProductPriority::Standard, DomainPriority::Standard)),
        "loss_leader" => Some((ProductPriority::LossLeader, DomainPriority::LossLeader)),
        _ => None,
    };
    let priorities = products
        .iter()
        .filter_map(|(_, name, priority)| Some((name.clone(), priority_of(priority)?.0)))
        .collect();
    let versions = comp_plans::all_versions(t)?;
    let assignments = comp_plans::list_assignments(t)?;
    let mut plans = Vec::new();
    for plan in comp_plans::list_plans(t)? {
        let Some(version) = versions
            .iter()
            .filter(|v| {
                v.plan_id == plan.id && v.status == "published" && v.effective_from <= today
            })
            .max_by_key(|v| (v.effective_from, v.version))
        else {
            continue;
        };
        let Ok(rules) = serde_json::from_value::<PlanRules>(version.rules.clone()) else {
            continue;
        };
        let Some(base) = rules
            .rate_table
            .tiers
            .iter()
            .find(|tier| {
                tier.from_pct <= Decimal::ONE_HUNDRED
                    && tier.to_pct.is_none_or(|to| Decimal::ONE_HUNDRED < to)
            })
            .map(|tier| tier.rate)
        else {
            continue;
        };
        let live: Vec<_> = assignments
            .iter()
            .filter(|a| a.plan_id == plan.id && a.starts_on <= today)
            .filter(|a| a.ends_on.is_none_or(|end| end >= today))
            .collect();
        if live.is_empty() {
            continue;
        }
        let rates = products
            .iter()
            .map(|(id, name, priority)| {
                let weight = rules
                    .product_weights
                    .get(id)
                    .or_else(|| {
                        priority_of(priority).and_then(|(_, p)| rules.priority_weights.get(&p))
                    })
                    .copied()
                    .unwrap_or(Decimal::ONE);
                ProductRate {
                    product: name.clone(),
                    rate: base * weight,
                }
            })
            .collect();
        plans.push((
            PlanRates {
                plan_id: plan.id,
                plan_name: plan.name.clone(),
                rates,
            },
            live.iter().filter_map(|a| a.person_id).collect(),
            live.iter().filter_map(|a| a.role.clone()).collect(),
        ));
    }
    Ok(LivePlans { priorities, plans })
}

/// The company's shape of the year, learned monthly from the wins of past
/// years (closed before this year began, every currency counted at face
/// value: only the shape matters); linear while that history is thin (see
/// [`attain_alignment::seasonality`]).
pub fn seasonality(facts: &TenantFacts, today: NaiveDate) -> SeasonalityProfile {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let history: Vec<HistoricalActual> = facts
        .deals
        .iter()
        .filter(|deal| deal.status == DealStatus::Won)
        .filter_map(|deal| {
            let date = deal.closed_on.filter(|day| *day < this_year)?;
            Some(HistoricalActual {
                date,
                amount: deal.amount,
            })
        })
        .collect();
    build_profile(&history, Granularity::Month)
}

pub fn lookups(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    today: NaiveDate,
) -> Result<Lookups, DbError> {
    let probability = open_deals(t)?
        .iter()
        .map(|deal| {
            let percent = Decimal::from(deal.probability.clamp(0, 100));
            (deal.id, percent / Decimal::ONE_HUNDRED)
        })
        .collect();
    Ok(Lookups {
        names: scope_names(t)?,
        probability,
        seasonality: seasonality(facts, today),
        plans: live_plans(t, today)?,
        mix_target: priority_mix::targets(t)?.0,
        deal_mix: priority_mix::deal_fractions(t)?,
        fx: Fx::load(t, today)?,
        credits: ScopeCredits::new(facts),
    })
}

/// Every revenue goal of `period` with its pace, forecast and score as of `today`.
pub fn snapshot(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    lookups: &Lookups,
    period: &Period,
    today: NaiveDate,
) -> Result<AlignmentSnapshot, DbError> {
    let goals = revenue_goals(t, period.kind.as_str(), period.start)?;
    let to_date = DateRange {
        from: period.start,
        to_exclusive: (today + Days::new(1)).min(period.end_exclusive()),
    };
    let done = scorecard::activities_by_person(to_date, &facts.activities);
    let figures: Vec<GoalFigures> = goals
        .iter()
        .filter_map(|goal| figures(facts, lookups, goal, period, to_date, &done))
        .collect();
    attain_alignment::snapshot(&period.to_string(), today, &figures, &lookups.seasonality)
        .map_err(|e| DbError::Corrupt(format!("alignment of {period}: {e}")))
}

/// One goal's figures to the end of `to_date`, or `None` for a goal without
/// a currency or scope; `done` holds the activities of `to_date` per person.
fn figures(
    facts: &TenantFacts,
    lookups: &Lookups,
    goal: &Goal,
    period: &Period,
    to_date: DateRange,
    done: &HashMap<(Uuid, ActivityKind), i64>,
) -> Option<GoalFigures> {
    let currency = goal.currency.clone()?;
    let (kind, scope) = match (goal.scope_kind.as_str(), goal.scope_id) {
        ("company", _) => (NodeKind::Company, Scope::Company),
        ("region", Some(id)) => (NodeKind::Region, Scope::Team(id)),
        ("team", Some(id)) => (NodeKind::Team, Scope::Team(id)),
        ("rep", Some(id)) => (NodeKind::Rep, Scope::Rep(id)),
        _ => return None,
    };
    let scope_facts = facts.scope(scope, period.range());
    let people = scope_facts.people.as_ref();
    let activities = scorecard::activity_counts(to_date, &scope_facts, |kind| match people {
        None => done
            .iter()
            .filter(|((_, done_kind), _)| *done_kind == kind)
            .map(|(_, count)| count)
            .sum(),
        Some(people) => people
            .iter()
            .filter_map(|person| done.get(&(*person, kind)))
            .sum(),
    });
    let today = to_date.to_exclusive - Days::new(1);
    let mut unconverted = 0;
    let mut credited = |deal: &DealFact, share: Decimal, day: NaiveDate| {
        let amount = lookups
            .fx
            .convert(deal.amount * share, &deal.currency, &currency, day);
        unconverted += usize::from(amount.is_none());
        amount
    };
    let mut open_deals = Vec::new();
    let mut won = Decimal::ZERO;
    for (deal, share) in lookups.credits.of(facts, scope) {
        match (deal.status, deal.closed_on) {
            (DealStatus::Open, _) if deal.amount > Decimal::ZERO => {
                let Some(amount) = credited(deal, share, today) else {
                    continue;
                };
                let Some(win_probability) = lookups.probability.get(&deal.id).copied() else {
                    continue;
                };
                open_deals.push(OpenDeal {
                    deal_id: deal.id,
                    amount,
                    win_probability,
                    expected_close: deal.expected_close,
                });
            }
            (DealStatus::Won, Some(closed)) if to_date.contains(closed) => {
                won += credited(deal, share, closed).unwrap_or_default();
            }
            _ => {}
        }
    }
    Some(GoalFigures {
        goal_id: goal.id,
        parent_id: goal.parent_id,
        kind,
        scope_id: goal.scope_id,
        name: match goal.scope_id {
            Some(id) => lookups
                .names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_string()),
            None => "Company".to_owned(),
        },
        target: goal.target,
        currency: currency.clone(),
        period_start: period.start,
        period_end: period.end_exclusive() - Days::new(1),
        actual_to_date: cents(won),
        open_deals,
        activities: activities
            .iter()
            .filter(|count| count.target > 0)
            .map(|count| ActivityInput {
                kind: count.kind.as_str().to_owned(),
                done: Decimal::from(count.done),
                target: Decimal::from(count.target),
            })
            .collect(),
        plans: lookups.plans.for_scope(facts, people),
        mix: mix(
            lookups,
            &currency,
            lookups.credits.of(facts, scope),
            to_date,
        ),
        unconverted_deals: unconverted,
    })
}

/// Money as stored: two places, always written with both.
fn cents(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp(2);
    rounded.rescale(2);
    rounded
}

/// The scope's open pipeline and its bookings in `booked` by product
/// priority, in `currency`, against the company's target mix; deals without
/// product lines or an exchange rate do not count. `None` without a target mix.
fn mix<'a>(
    lookups: &Lookups,
    currency: &str,
    credited: impl Iterator<Item = (&'a DealFact, Decimal)>,
    booked: DateRange,
) -> Option<MixInput> {
    if lookups.mix_target.is_empty() {
        return None;
    }
    let mut pipeline = BTreeMap::new();
    let mut bookings = BTreeMap::new();
    let today = booked.to_exclusive - Days::new(1);
    for (deal, share) in credited {
        let (into, day) = match (deal.status, deal.closed_on) {
            (DealStatus::Open, _) => (&mut pipeline, today),
            (DealStatus::Won, Some(day)) if booked.contains(day) => (&mut bookings, day),
            _ => continue,
        };
        let Some(fractions) = lookups.deal_mix.get(&deal.id) else {
            continue;
        };
        let Some(amount) = lookups
            .fx
            .convert(deal.amount * share, &deal.currency, currency, day)
        else {
            continue;
        };
        for (priority, fraction) in fractions {
            *into.entry(*priority).or_insert(Decimal::ZERO) += amount * fraction;
        }
    }
    let round = |amounts: BTreeMap<ProductPriority, Decimal>| {
        amounts
            .into_iter()
            .map(|(priority, amount)| (priority, cents(amount)))
            .collect()
    };
    Some(MixInput {
        target: lookups.mix_target.clone(),
        pipeline: round(pipeline),
        bookings: round(bookings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use attain_alignment::ProfileKind;
    use attain_domain::scorecard::DealFact;

    fn won(n: u128, closed: NaiveDate, amount: i64) -> DealFact {
        DealFact {
            id: Uuid::from_u128(n),
            account_id: None,
            credits: vec![(Uuid::from_u128(1), Decimal::ONE_HUNDRED)],
            amount: Decimal::from(amount),
            currency: "USD".into(),
            status: DealStatus::Won,
            created_on: closed - Days::new(30),
            closed_on: Some(closed),
            expected_close: None,
            furthest_open_position: 0,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_scope_gets_the_deals_it_is_credited_with_as_scope_share_reads_them() {
        let id = Uuid::from_u128;
        // Region 10 holds team 11; team 12 stands alone. Person 4 has left
        // (not among the active people) but is still credited.
        let people = vec![
            (id(1), Some(id(11)), "ae".to_owned(), None),
            (id(2), Some(id(11)), "ae".to_owned(), None),
            (id(3), Some(id(12)), "ae".to_owned(), None),
        ];
        let teams = vec![(id(10), None), (id(11), Some(id(10))), (id(12), None)];
        let split = |n: u128, credits: Vec<(u128, i64)>| DealFact {
            credits: credits
                .into_iter()
                .map(|(person, share)| (id(person), Decimal::from(share)))
                .collect(),
            ..won(n, day(2026, 11, 2), 1_000)
        };
        let facts = TenantFacts {
            deals: vec![
                split(100, vec![(1, 100)]),
                split(101, vec![(1, 60), (2, 40)]),
                split(102, vec![(2, 50), (3, 50)]),
                split(103, vec![(4, 100)]),
                split(104, vec![(3, 30), (3, 20)]),
                split(105, vec![(1, 0), (3, 100)]),
                split(106, vec![]),
            ],
            people,
            teams,
            ..TenantFacts::default()
        };
        let credits = ScopeCredits::new(&facts);
        let mut scopes = facts.all_scopes();
        scopes.push(Scope::Rep(id(4)));
        for scope in scopes {
            let members = facts
                .scope(
                    scope,
                    Period::containing(PeriodKind::Quarter, day(2026, 11, 2)).range(),
                )
                .people;
            let expected: Vec<(Uuid, Decimal)> = facts
                .deals
                .iter()
                .filter_map(|deal| Some((deal.id, scorecard::scope_share(deal, members.as_ref())?)))
                .collect();
            let found: Vec<(Uuid, Decimal)> = credits
                .of(&facts, scope)
                .map(|(deal, share)| (deal.id, share))
                .collect();
            assert_eq!(found, expected, "{scope:?}");
        }
        // Spot checks, worked by hand: the region sums both of its people's shares.
        let region: Vec<(u128, Decimal)> = credits
            .of(&facts, Scope::Team(id(10)))
            .map(|(deal, share)| (deal.id.as_u128(), share))
            .collect();
        assert_eq!(
            region,
            vec![
                (100, Decimal::ONE),
                (101, Decimal::ONE),
                (102, Decimal::new(5, 1))
            ]
        );
        assert_eq!(credits.of(&facts, Scope::Company).count(), 7);
        assert_eq!(credits.of(&facts, Scope::Rep(id(1))).count(), 2);
    }

    #[test]
    fn a_year_of_past_wins_gives_a_monthly_profile_and_this_years_do_not_count() {
        let today = day(2026, 11, 15);
        let mut deals: Vec<DealFact> = (1..=12u32)
            .flat_map(|m| {
                let heavy = if m == 12 { 5 } else { 1 };
                (0..heavy).map(move |k| won(u128::from(m * 10 + k), day(2025, m, 10), 1_000))
            })
            .collect();
        deals.push(won(999, day(2024, 11, 1), 1_000));
        let facts = TenantFacts {
            deals: deals.clone(),
            ..TenantFacts::default()
        };
        let profile = seasonality(&facts, today);
        assert_eq!(profile.kind(), ProfileKind::Monthly);

        // Only wins of this year: no past year to learn from.
        let this_year = TenantFacts {
            deals: (1..=11u32)
                .map(|m| won(u128::from(m), day(2026, m, 5), 1_000))
                .collect(),
            ..TenantFacts::default()
        };
        assert_eq!(seasonality(&this_year, today).kind(), ProfileKind::Linear);
    }
}
