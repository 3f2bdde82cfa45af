//! Goals for the current year and each of its quarters: company revenue
//! cascaded to regions, teams and reps (each period its own cascade, linked
//! by `parent_id`), sized from last year's bookings. North America's teams
//! cover their region's goal, EMEA's teams add up to well over it and
//! APAC's fall short, so the alignment views have something to flag. The
//! company also has new-logo and activity goals, and a target mix of
//! product priorities that teams meet to different degrees.

use super::{deals::History, new_id, org::Org, split_whole, Clock};
use attain_alignment::ProductPriority;
use attain_db::{
    schema::tenant::goals,
    tenant::{priority_mix, stages::ActivityTargetRow},
    TenantConn,
};
use attain_domain::{
    org::SalesRole,
    period::{Period, PeriodKind},
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rust_decimal::Decimal;
use uuid::Uuid;

/// This year's revenue goal over last year's bookings.
const GROWTH: f64 = 1.2;

/// What each region's team goals add up to, relative to the region's goal:
/// covered, over (more than 10% above), short.
const TEAM_COVERAGE: [f64; 3] = [1.03, 1.18, 0.86];

/// The share of pipeline and bookings the company wants per priority, in percent.
const TARGET_MIX: [(ProductPriority, i64); 3] = [
    (ProductPriority::Strategic, 70),
    (ProductPriority::Standard, 25),
    (ProductPriority::LossLeader, 5),
];

/// Sets the company's target mix of product priorities.
pub fn target_mix(t: &mut TenantConn<'_>) -> anyhow::Result<()> {
    let shares = TARGET_MIX
        .iter()
        .map(|(priority, share)| (*priority, Decimal::from(*share)))
        .collect();
    priority_mix::replace_targets(t, &shares)?;
    Ok(())
}

/// How the year's targets fall on its quarters.
const QUARTER_WEIGHTS: [f64; 4] = [0.21, 0.24, 0.24, 0.31];

#[derive(Insertable)]
#[diesel(table_name = goals, treat_none_as_default_value = false)]
struct GoalRow {
    id: Uuid,
    period_kind: String,
    period_start: NaiveDate,
    scope_kind: String,
    scope_id: Option<Uuid>,
    metric: String,
    target: Decimal,
    currency: Option<String>,
    parent_id: Option<Uuid>,
    version: i32,
    created_at: DateTime<Utc>,
}

struct Goals<'r> {
    rng: &'r mut StdRng,
    rows: Vec<GoalRow>,
    created: DateTime<Utc>,
}

impl Goals<'_> {
    fn add(
        &mut self,
        period: Period,
        scope: (&str, Option<Uuid>),
        metric: &str,
        target: i64,
        parent_id: Option<Uuid>,
    ) -> Uuid {
        let id = new_id(self.rng);
        let money = metric == "revenue";
        self.rows.push(GoalRow {
            id,
            period_kind: period.kind.as_str().into(),
            period_start: period.start,
            scope_kind: scope.0.into(),
            scope_id: scope.1,
            metric: metric.into(),
            target: Decimal::from(target.max(0)),
            currency: money.then(|| "USD".to_owned()),
            parent_id,
            version: 1,
            // Parents first when listed by creation.
            created_at: self.created + Duration::milliseconds(self.rows.len() as i64),
        });
        id
    }
}

/// Splits `total` (a multiple of `unit`) in multiples of `unit` that add up to it.
fn split_in(total: i64, weights: &[f64], unit: i64) -> Vec<i64> {
    split_whole(total / unit, weights)
        .into_iter()
        .map(|part| part * unit)
        .collect()
}

pub fn build(
    t: &mut TenantConn<'_>,
    rng: &mut StdRng,
    org: &Org,
    history: &History,
    targets: &[ActivityTargetRow],
    clock: Clock,
) -> anyhow::Result<usize> {
    let year = clock.today.year();
    let prior = |member: usize| {
        history
            .won_by_year
            .get(&(member, year - 1))
            .copied()
            .unwrap_or(0.0)
    };
    let last_year: f64 = (0..org.members.len()).map(prior).sum();
    let company_year = ((last_year * GROWTH / 10_000.0).round() as i64 * 10_000).max(1_000_000);

    let year_period = Period::containing(PeriodKind::Year, clock.today);
    let mut quarters = vec![Period::containing(PeriodKind::Quarter, year_period.start)];
    while quarters.len() < 4 {
        if let Some(last) = quarters.last() {
            quarters.push(last.next());
        }
    }
    let quarter_revenue = split_in(company_year, &QUARTER_WEIGHTS, 1_000);
    let mut periods = vec![(year_period, company_year)];
    periods.extend(
        quarters
            .iter()
            .copied()
            .zip(quarter_revenue.iter().copied()),
    );

    // Weights from last year's bookings.
    let region_weights: Vec<f64> = (0..org.regions.len())
        .map(|region| {
            (0..org.members.len())
                .filter(|&m| org.members[m].region == Some(region))
                .map(prior)
                .sum::<f64>()
                .max(1.0)
        })
        .collect();
    let team_weight = |team: usize| {
        (0..org.members.len())
            .filter(|&m| org.members[m].team == Some(team))
            .map(prior)
            .sum::<f64>()
            .max(1.0)
    };

    let mut goals = Goals {
        rng,
        rows: Vec::new(),
        created: clock.now - Duration::days(i64::from(clock.today.ordinal0())),
    };
    for (period, company_target) in &periods {
        let company = goals.add(*period, ("company", None), "revenue", *company_target, None);
        let by_region = split_in(*company_target, &region_weights, 1_000);
        for (region_index, region) in org.regions.iter().enumerate() {
            let region_target = by_region[region_index];
            let region_goal = goals.add(
                *period,
                ("region", Some(region.id)),
                "revenue",
                region_target,
                Some(company),
            );
            let teams: Vec<usize> = (0..org.teams.len())
                .filter(|&team| org.teams[team].region == region_index)
                .collect();
            let coverage = TEAM_COVERAGE.get(region_index).copied().unwrap_or(1.0);
            let teams_total = (region_target as f64 * coverage / 1_000.0).round() as i64 * 1_000;
            let weights: Vec<f64> = teams.iter().map(|&team| team_weight(team)).collect();
            for (team, team_target) in teams.iter().zip(split_in(teams_total, &weights, 1_000)) {
                let team_goal = goals.add(
                    *period,
                    ("team", Some(org.teams[*team].id)),
                    "revenue",
                    team_target,
                    Some(region_goal),
                );
                let reps: Vec<usize> = org.team_reps(*team).collect();
                let booked: f64 = reps.iter().map(|&m| prior(m)).sum();
                let weights: Vec<f64> = reps
                    .iter()
                    .map(|&m| {
                        // Half an even share (less for SDRs, who mostly source), half last year's bookings.
                        let role = if org.members[m].role == SalesRole::Sdr {
                            0.3
                        } else {
                            1.0
                        };
                        let even = 0.5 * role / reps.len() as f64;
                        if booked > 0.0 {
                            even + 0.5 * prior(m) / booked
                        } else {
                            even * 2.0
                        }
                    })
                    .collect();
                for (rep, rep_target) in reps.iter().zip(split_in(team_target, &weights, 100)) {
                    goals.add(
                        *period,
                        ("rep", Some(org.members[*rep].id)),
                        "revenue",
                        rep_target,
                        Some(team_goal),
                    );
                }
            }
        }
    }

    // Company-level counts: new logos and activities.
    let logos_last_year = history
        .new_logos_by_year
        .get(&(year - 1))
        .copied()
        .unwrap_or(0) as f64;
    let logos_year = (logos_last_year * 1.2).round().max(12.0) as i64;
    let weekly_activities: i64 = org
        .members
        .iter()
        .filter(|m| m.region.is_some())
        .map(|m| {
            targets
                .iter()
                .filter(|row| row.sales_role == m.role.as_str())
                .map(|row| i64::from(row.per_week))
                .sum::<i64>()
        })
        .sum();
    let activities_year = weekly_activities * 46;
    for (metric, year_target, weights) in [
        ("new_logos", logos_year, QUARTER_WEIGHTS),
        ("activities", activities_year, [0.25; 4]),
    ] {
        goals.add(year_period, ("company", None), metric, year_target, None);
        for (quarter, target) in quarters.iter().zip(split_whole(year_target, &weights)) {
            goals.add(*quarter, ("company", None), metric, target, None);
        }
    }

    diesel::insert_into(goals::table)
        .values(&goals.rows)
        .execute(t.conn())?;
    Ok(goals.rows.len())
}
