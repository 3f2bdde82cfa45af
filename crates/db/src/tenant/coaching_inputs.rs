//! What the manager's team view (see [`attain_alignment::team`]) is computed
//! from: each rep's scorecard for the period, their funnel over the last
//! twelve months, their overdue tasks and their latest one-on-one.
//!
//! - **Reps** are the people of the team and every team below it, other
//!   than managers.
//! - **Currency**: the team's revenue goal's, else the one most of the
//!   team's deals are in. Money in other currencies is not converted.
//! - **Funnel window**: deals created in the 365 days up to today, so the
//!   stages have had time to convert (a quarter's new deals have not).

use super::{one_on_ones, scorecards::TenantFacts, tasks};
use crate::{schema::tenant::people, DbError, TenantConn};
use attain_alignment::{TeamInput, TeamRep, TeamView};
use attain_domain::{
    period::{DateRange, Period},
    scorecard::{self, Scope},
};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Days of deals the funnel looks back over.
pub const FUNNEL_DAYS: u64 = 365;

/// The window the funnels are counted over, ending today.
pub fn funnel_window(today: NaiveDate) -> DateRange {
    DateRange {
        from: today - Days::new(FUNNEL_DAYS - 1),
        to_exclusive: today + Days::new(1),
    }
}

/// The team view of `team` for `period`, as of `today`.
pub fn team_view(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    team: Uuid,
    period: &Period,
    today: NaiveDate,
) -> Result<TeamView, DbError> {
    let input = team_input(t, facts, team, period, today)?;
    attain_alignment::team_view(&input)
        .map_err(|e| DbError::Corrupt(format!("team view of {team}: {e}")))
}

/// The team view's input for `team` and `period`, as of `today`.
pub fn team_input(
    t: &mut TenantConn<'_>,
    facts: &TenantFacts,
    team: Uuid,
    period: &Period,
    today: NaiveDate,
) -> Result<TeamInput, DbError> {
    let team_facts = facts.scope(Scope::Team(team), period.range());
    let members = team_facts.people.clone().unwrap_or_default();
    let roster: Vec<(Uuid, String)> = people::table
        .filter(people::active.eq(true))
        .filter(people::sales_role.ne("manager"))
        .order((people::name, people::id))
        .select((people::id, people::name))
        .load::<(Uuid, String)>(t.conn())?
        .into_iter()
        .filter(|(id, _)| members.contains(id))
        .collect();
    let currency = team_currency(facts, &team_facts.quota, &members);
    let overdue = tasks::overdue_per_owner(t, today)?;
    let latest = one_on_ones::latest_per_person(t)?;
    let to_date = DateRange {
        from: period.start,
        to_exclusive: (today + Days::new(1)).min(period.end_exclusive()),
    };
    let window = funnel_window(today);
    let reps = roster
        .into_iter()
        .map(|(rep_id, name)| {
            let scope = facts.scope(Scope::Rep(rep_id), period.range());
            let card = scorecard::compute(
                to_date,
                &facts.deals,
                &facts.activities,
                &facts.open_stages,
                &scope,
            );
            let (done, target) = card
                .activities
                .iter()
                .fold((0, 0), |(d, g), count| (d + count.done, g + count.target));
            let same_currency = card.quota_currency.as_deref() == Some(currency.as_str());
            let one: BTreeSet<Uuid> = [rep_id].into();
            TeamRep {
                rep_id,
                name,
                bookings: card.bookings.get(&currency).copied().unwrap_or_default(),
                quota: card.quota.filter(|_| same_currency),
                quota_attainment: card.quota_attainment.filter(|_| same_currency),
                win_rate: card.win_rate,
                average_deal_size: card.average_deal_size.get(&currency).copied(),
                average_cycle_days: card.average_cycle_days,
                pipeline_coverage: card.pipeline_coverage.filter(|_| same_currency),
                activities_done: done,
                activity_attainment: (target > 0)
                    .then(|| (Decimal::from(done) / Decimal::from(target)).round_dp(4)),
                funnel: scorecard::funnel_entered(
                    window,
                    &facts.deals,
                    &facts.open_stages,
                    Some(&one),
                )
                .into_iter()
                .collect(),
                overdue_tasks: overdue
                    .get(&rep_id)
                    .and_then(|n| u32::try_from(*n).ok())
                    .unwrap_or(0),
                last_one_on_one: latest.get(&rep_id).copied(),
            }
        })
        .collect();
    let mut stages: Vec<String> = facts.open_stages.iter().map(|s| s.name.clone()).collect();
    stages.push("Won".to_owned());
    Ok(TeamInput {
        today,
        currency,
        stages,
        reps,
    })
}

fn team_currency(
    facts: &TenantFacts,
    quota: &Option<(Decimal, String)>,
    members: &BTreeSet<Uuid>,
) -> String {
    if let Some((_, currency)) = quota {
        return currency.clone();
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for deal in &facts.deals {
        if deal.credits.iter().any(|(p, _)| members.contains(p)) {
            *counts.entry(deal.currency.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map_or_else(|| "USD".to_owned(), |(currency, _)| currency.to_owned())
}
