//! Small builders shared by the golden and property tests: a tenant
//! ("world") with people, plans, assignments, quotas, rates and deals, built
//! with readable one-liners. Ids are `Uuid::from_u128(n)` so tests can name
//! people, plans and deals by small numbers.

#![allow(dead_code)]

use attain_comp::{
    Adjustment, Assignment, AssignmentTarget, Deal, DealLine, FxRate, Inputs, Line, LineKind,
    Person, Plan, PlanRules, PlanVersion, Quota, RateTable, Split, Statement, Tier, TierMethod,
};
use attain_domain::{
    deal::DealType,
    org::ProductPriority,
    period::{Period, PeriodKind},
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub fn quarter(y: i32, q: u32) -> Period {
    Period::containing(PeriodKind::Quarter, day(y, (q - 1) * 3 + 1, 1))
}

pub fn month(y: i32, m: u32) -> Period {
    Period::containing(PeriodKind::Month, day(y, m, 1))
}

/// A tier from `from`% to `to`% (open-ended with `None`) at `rate`.
pub fn tier(from: Decimal, to: Option<Decimal>, rate: Decimal) -> Tier {
    Tier {
        from_pct: from,
        to_pct: to,
        rate,
    }
}

/// Rules paying in `currency` on `tiers`, everything else left out.
pub fn rules_in(currency: &str, method: TierMethod, tiers: Vec<Tier>) -> PlanRules {
    PlanRules {
        currency: currency.to_owned(),
        measure: Default::default(),
        crediting: Default::default(),
        priority_weights: Default::default(),
        product_weights: Default::default(),
        rate_table: RateTable { method, tiers },
        threshold_pct: None,
        cap_per_deal: None,
        cap_per_period: None,
        bonuses: Vec::new(),
        spiffs: Vec::new(),
        clawback_days: None,
        draw: None,
    }
}

pub fn marginal(tiers: Vec<Tier>) -> PlanRules {
    rules_in("USD", TierMethod::Marginal, tiers)
}

pub fn retroactive(tiers: Vec<Tier>) -> PlanRules {
    rules_in("USD", TierMethod::Retroactive, tiers)
}

/// One tier, 0% and above, at `rate`: a linear plan.
pub fn flat(rate: Decimal) -> PlanRules {
    marginal(vec![tier(Decimal::ZERO, None, rate)])
}

/// A won, new-business USD deal owned by `owner`, no lines, no splits.
pub fn deal(n: u128, name: &str, owner: u128, closed_on: NaiveDate, amount: Decimal) -> Deal {
    Deal {
        id: id(n),
        name: name.to_owned(),
        closed_on,
        currency: "USD".to_owned(),
        amount,
        deal_type: DealType::NewBusiness,
        territory_id: None,
        term_months: None,
        lines: Vec::new(),
        splits: Vec::new(),
        owner_id: id(owner),
        reversed_on: None,
    }
}

pub fn line(product: u128, priority: ProductPriority, amount: Decimal) -> DealLine {
    DealLine {
        product_id: id(product),
        product_name: format!("Product {product}"),
        priority,
        amount,
    }
}

pub fn split(person: u128, share_pct: Decimal) -> Split {
    Split {
        person_id: id(person),
        share_pct,
    }
}

/// One tenant's inputs, grown one call at a time.
pub struct World {
    pub inputs: Inputs,
}

impl World {
    pub fn new(period_kind: PeriodKind) -> Self {
        Self {
            inputs: Inputs {
                period_kind,
                people: Vec::new(),
                plans: Vec::new(),
                assignments: Vec::new(),
                quotas: Vec::new(),
                rates: Vec::new(),
                adjustments: Vec::new(),
                deals: Vec::new(),
            },
        }
    }

    pub fn quarterly() -> Self {
        Self::new(PeriodKind::Quarter)
    }

    pub fn monthly() -> Self {
        Self::new(PeriodKind::Month)
    }

    /// A person in the "ae" role.
    pub fn person(&mut self, n: u128, name: &str, manager: Option<u128>) -> &mut Self {
        self.inputs.people.push(Person {
            id: id(n),
            name: name.to_owned(),
            manager_id: manager.map(id),
            role: "ae".to_owned(),
        });
        self
    }

    /// A plan with one version (version 1) in force from 1 January 2026.
    pub fn plan(&mut self, n: u128, rules: PlanRules) -> &mut Self {
        self.plan_versions(n, vec![(day(2026, 1, 1), rules)])
    }

    /// A plan whose versions (numbered from 1) take effect on the given days.
    pub fn plan_versions(&mut self, n: u128, versions: Vec<(NaiveDate, PlanRules)>) -> &mut Self {
        let versions = versions
            .into_iter()
            .zip(1..)
            .map(|((effective_from, rules), version)| PlanVersion {
                version,
                effective_from,
                rules,
            })
            .collect();
        self.inputs.plans.push(Plan {
            id: id(n),
            name: format!("Plan {n}"),
            versions,
        });
        self
    }

    /// Puts `person` on `plan` from 1 January 2026, open-ended.
    pub fn assign(&mut self, plan: u128, person: u128) -> &mut Self {
        let n = self.inputs.assignments.len() as u128;
        self.inputs.assignments.push(Assignment {
            id: id(9_000 + n),
            plan_id: id(plan),
            target: AssignmentTarget::Person(id(person)),
            from: day(2026, 1, 1),
            to: None,
        });
        self
    }

    pub fn quota(&mut self, person: u128, period: Period, amount: Decimal) -> &mut Self {
        self.inputs.quotas.push(Quota {
            person_id: id(person),
            period,
            amount,
        });
        self
    }

    pub fn rate(&mut self, period: Period, from: &str, to: &str, rate: Decimal) -> &mut Self {
        self.inputs.rates.push(FxRate {
            period,
            from: from.to_owned(),
            to: to.to_owned(),
            rate,
        });
        self
    }

    pub fn adjustment(
        &mut self,
        n: u128,
        person: u128,
        period: Period,
        amount: Decimal,
        reason: &str,
    ) -> &mut Self {
        self.inputs.adjustments.push(Adjustment {
            id: id(n),
            person_id: id(person),
            period,
            amount,
            reason: reason.to_owned(),
        });
        self
    }

    pub fn deal(&mut self, deal: Deal) -> &mut Self {
        self.inputs.deals.push(deal);
        self
    }

    /// `person`'s statements for `periods` (draw balances from January).
    pub fn statements(&self, person: u128, periods: &[Period]) -> Vec<Statement> {
        attain_comp::Engine::new(&self.inputs).statements_for(id(person), periods)
    }

    pub fn statement(&self, person: u128, period: Period) -> Statement {
        let mut all = self.statements(person, &[period]);
        assert_eq!(all.len(), 1, "one statement for {period}");
        all.remove(0)
    }
}

/// The lines of one kind, in statement order.
pub fn lines_of(statement: &Statement, kind: LineKind) -> Vec<&Line> {
    statement.lines.iter().filter(|l| l.kind == kind).collect()
}

/// The lines about one deal, in statement order.
pub fn lines_for(statement: &Statement, deal: u128) -> Vec<&Line> {
    statement
        .lines
        .iter()
        .filter(|l| l.deal_id == Some(id(deal)))
        .collect()
}

/// The two identities every statement must satisfy.
pub fn assert_totals_add_up(statement: &Statement) {
    let sum: Decimal = statement.lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, statement.payout, "lines add up to the payout");
    assert_eq!(
        statement.earned + statement.adjustments + statement.draw - statement.recovered,
        statement.payout,
        "earned + adjustments + draw − recovered = payout"
    );
}
