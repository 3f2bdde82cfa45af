//! The alignment snapshot of a period (see [`attain_alignment::snapshot`])
//! and what it is computed from beyond the scorecards' facts: the period's
//! revenue goals, who each scope is (names), and the open deals with their
//! stage's win probability. Figures are in each goal's currency: won and
//! open deals in another currency are not converted.

use super::{goals::Goal, scorecards::TenantFacts};
use crate::{
    schema::tenant::{deals, goals, people, stages, teams},
    DbError, TenantConn,
};
use attain_alignment::{ActivityInput, AlignmentSnapshot, GoalFigures, NodeKind, OpenDeal};
use attain_domain::{
    deal::DealStatus,
    period::{DateRange, Period},
    scorecard::{self, Scope},
};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
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

/// What every period's snapshot looks up beyond the facts: scope names and
/// each open deal's win probability. Loaded once per refresh.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    names: HashMap<Uuid, String>,
    probability: HashMap<Uuid, Decimal>,
}

pub fn lookups(t: &mut TenantConn<'_>) -> Result<Lookups, DbError> {
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
    let figures: Vec<GoalFigures> = goals
        .iter()
        .filter_map(|goal| {
            figures(
                facts,
                &lookups.names,
                &lookups.probability,
                goal,
                period,
                today,
            )
        })
        .collect();
    attain_alignment::snapshot(&period.to_string(), today, &figures)
        .map_err(|e| DbError::Corrupt(format!("alignment of {period}: {e}")))
}

/// One goal's figures, or `None` for a goal without a currency or scope.
fn figures(
    facts: &TenantFacts,
    names: &HashMap<Uuid, String>,
    probability: &HashMap<Uuid, Decimal>,
    goal: &Goal,
    period: &Period,
    today: NaiveDate,
) -> Option<GoalFigures> {
    let currency = goal.currency.clone()?;
    let (kind, scope) = match (goal.scope_kind.as_str(), goal.scope_id) {
        ("company", _) => (NodeKind::Company, Scope::Company),
        ("region", Some(id)) => (NodeKind::Region, Scope::Team(id)),
        ("team", Some(id)) => (NodeKind::Team, Scope::Team(id)),
        ("rep", Some(id)) => (NodeKind::Rep, Scope::Rep(id)),
        _ => return None,
    };
    let to_date = DateRange {
        from: period.start,
        to_exclusive: (today + Days::new(1)).min(period.end_exclusive()),
    };
    let scope_facts = facts.scope(scope, period.range());
    let card = scorecard::compute(
        to_date,
        &facts.deals,
        &facts.activities,
        &facts.open_stages,
        &scope_facts,
    );
    let people = scope_facts.people.as_ref();
    let open_deals = facts
        .deals
        .iter()
        .filter(|deal| {
            deal.status == DealStatus::Open
                && deal.currency == currency
                && deal.amount > Decimal::ZERO
        })
        .filter_map(|deal| {
            let share = scorecard::scope_share(deal, people)?;
            Some(OpenDeal {
                deal_id: deal.id,
                amount: deal.amount * share,
                win_probability: probability.get(&deal.id).copied()?,
                expected_close: deal.expected_close,
            })
        })
        .collect();
    Some(GoalFigures {
        goal_id: goal.id,
        parent_id: goal.parent_id,
        kind,
        scope_id: goal.scope_id,
        name: match goal.scope_id {
            Some(id) => names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
            None => "Company".to_owned(),
        },
        target: goal.target,
        currency: currency.clone(),
        period_start: period.start,
        period_end: period.end_exclusive() - Days::new(1),
        actual_to_date: card.bookings.get(&currency).copied().unwrap_or_default(),
        open_deals,
        activities: card
            .activities
            .iter()
            .filter(|count| count.target > 0)
            .map(|count| ActivityInput {
                kind: count.kind.as_str().to_owned(),
                done: Decimal::from(count.done),
                target: Decimal::from(count.target),
            })
            .collect(),
    })
}
