//! Loads what KPI scorecards are computed from (deals with their credits and
//! furthest stage, activities per person per day, the organisation, targets
//! and revenue goals) once, so many scopes and periods can be computed from
//! one read. Also stores and finds per-period scorecard snapshots.

use crate::{DbError, TenantConn};
use attain_domain::{
    activity::ActivityKind,
    deal::DealStatus,
    period::DateRange,
    scorecard::{ActivityFact, DealFact, OpenStage, Scope, ScopeFacts},
};
use chrono::NaiveDate;
use diesel::{prelude::*, sql_types};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// The key a scorecard snapshot is stored and cached under.
pub fn snapshot_key(scope: Scope, period: &attain_domain::period::Period) -> String {
    format!("scorecard:{}:{period}", scope.key())
}

/// Computes one scorecard from the database as it is now.
pub fn compute_now(
    t: &mut TenantConn<'_>,
    scope: Scope,
    range: DateRange,
) -> Result<attain_domain::scorecard::Scorecard, DbError> {
    let facts = load(t, range)?;
    Ok(attain_domain::scorecard::compute(
        range,
        &facts.deals,
        &facts.activities,
        &facts.open_stages,
        &facts.scope(scope, range),
    ))
}

#[derive(Debug, Clone, Default)]
pub struct TenantFacts {
    pub deals: Vec<DealFact>,
    pub activities: Vec<ActivityFact>,
    pub open_stages: Vec<OpenStage>,
    /// (person, team, sales role, manager)
    pub people: Vec<(Uuid, Option<Uuid>, String, Option<Uuid>)>,
    /// (team, parent)
    pub teams: Vec<(Uuid, Option<Uuid>)>,
    pub weekly_targets: HashMap<(String, ActivityKind), i32>,
    /// Revenue goals: (scope kind, scope id, period start, period end exclusive, target, currency).
    pub revenue_goals: Vec<RevenueGoal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RevenueGoal {
    pub scope_kind: String,
    pub scope_id: Option<Uuid>,
    pub range: DateRange,
    pub target: Decimal,
    pub currency: String,
}

#[derive(QueryableByName)]
struct DealRow {
    #[diesel(sql_type = sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Uuid>)]
    account_id: Option<Uuid>,
    #[diesel(sql_type = sql_types::Uuid)]
    owner_id: Uuid,
    #[diesel(sql_type = sql_types::Numeric)]
    amount: Decimal,
    #[diesel(sql_type = sql_types::Text)]
    currency: String,
    #[diesel(sql_type = sql_types::Text)]
    status: String,
    #[diesel(sql_type = sql_types::Date)]
    created_on: NaiveDate,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Date>)]
    closed_date: Option<NaiveDate>,
    #[diesel(sql_type = sql_types::Nullable<sql_types::Date>)]
    expected_close_date: Option<NaiveDate>,
    #[diesel(sql_type = sql_types::Integer)]
    furthest: i32,
}

#[derive(QueryableByName)]
struct SplitRow {
    #[diesel(sql_type = sql_types::Uuid)]
    deal_id: Uuid,
    #[diesel(sql_type = sql_types::Uuid)]
    person_id: Uuid,
    #[diesel(sql_type = sql_types::Numeric)]
    share: Decimal,
}

#[derive(QueryableByName)]
struct ActivityRow {
    #[diesel(sql_type = sql_types::Uuid)]
    person_id: Uuid,
    #[diesel(sql_type = sql_types::Text)]
    kind: String,
    #[diesel(sql_type = sql_types::Date)]
    on: NaiveDate,
    #[diesel(sql_type = sql_types::BigInt)]
    count: i64,
}

/// Reads everything scorecards over `activity_range` need.
pub fn load(t: &mut TenantConn<'_>, activity_range: DateRange) -> Result<TenantFacts, DbError> {
    use crate::schema::tenant::{activity_targets, goals, people, stages, teams};
    let rows: Vec<DealRow> = diesel::sql_query(
        "WITH reached AS (
            SELECT m.deal_id, max(s.position) AS furthest
            FROM deal_milestones m JOIN stages s ON s.id = m.to_stage_id
            WHERE s.kind = 'open' AND s.pipeline = 'new_business'
            GROUP BY m.deal_id)
         SELECT d.id, d.account_id, d.owner_id, d.amount, d.currency::text AS currency, d.status,
                (d.created_at AT TIME ZONE 'UTC')::date AS created_on, d.closed_date, d.expected_close_date,
                greatest(coalesce(r.furthest, 0),
                         CASE WHEN s.kind = 'open' AND s.pipeline = 'new_business' THEN s.position ELSE 0 END) AS furthest
         FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN reached r ON r.deal_id = d.id",
    )
    .load(t.conn())?;
    let splits: Vec<SplitRow> =
        diesel::sql_query("SELECT deal_id, person_id, share FROM deal_splits").load(t.conn())?;
    let mut credits: HashMap<Uuid, Vec<(Uuid, Decimal)>> = HashMap::new();
    for split in splits {
        credits
            .entry(split.deal_id)
            .or_default()
            .push((split.person_id, split.share));
    }
    let deals = rows
        .into_iter()
        .map(|row| {
            Ok(DealFact {
                id: row.id,
                account_id: row.account_id,
                credits: credits
                    .remove(&row.id)
                    .unwrap_or_else(|| vec![(row.owner_id, Decimal::ONE_HUNDRED)]),
                amount: row.amount,
                currency: row.currency,
                status: row
                    .status
                    .parse::<DealStatus>()
                    .map_err(|e| DbError::Corrupt(e.to_string()))?,
                created_on: row.created_on,
                closed_on: row.closed_date,
                expected_close: row.expected_close_date,
                furthest_open_position: row.furthest,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let activities: Vec<ActivityRow> = diesel::sql_query(
        // Counted per day by triggers on `activities` (migration `activity_days`).
        "SELECT person_id, kind, on_day AS on, count
         FROM activity_days WHERE on_day >= $1 AND on_day < $2",
    )
    .bind::<sql_types::Date, _>(activity_range.from)
    .bind::<sql_types::Date, _>(activity_range.to_exclusive)
    .load(t.conn())?;
    let activities = activities
        .into_iter()
        .filter_map(|row| {
            Some(ActivityFact {
                person_id: row.person_id,
                kind: row.kind.parse().ok()?,
                on: row.on,
                count: row.count,
            })
        })
        .collect();
    let open_stages = stages::table
        .filter(stages::kind.eq("open"))
        .filter(stages::pipeline.eq("new_business"))
        .filter(stages::active.eq(true))
        .order(stages::position)
        .select((stages::position, stages::key, stages::name))
        .load::<(i32, String, String)>(t.conn())?
        .into_iter()
        .map(|(position, key, name)| OpenStage {
            position,
            key,
            name,
        })
        .collect();
    let people = people::table
        .filter(people::active.eq(true))
        .select((
            people::id,
            people::team_id,
            people::sales_role,
            people::manager_id,
        ))
        .load(t.conn())?;
    let teams = teams::table
        .select((teams::id, teams::parent_id))
        .load(t.conn())?;
    let weekly_targets = activity_targets::table
        .select((
            activity_targets::sales_role,
            activity_targets::kind,
            activity_targets::per_week,
        ))
        .load::<(String, String, i32)>(t.conn())?
        .into_iter()
        .filter_map(|(role, kind, per_week)| Some(((role, kind.parse().ok()?), per_week)))
        .collect();
    let revenue_goals = goals::table
        .filter(goals::metric.eq("revenue"))
        .select((
            goals::scope_kind,
            goals::scope_id,
            goals::period_kind,
            goals::period_start,
            goals::target,
            goals::currency,
        ))
        .load::<(
            String,
            Option<Uuid>,
            String,
            NaiveDate,
            Decimal,
            Option<String>,
        )>(t.conn())?
        .into_iter()
        .filter_map(|(scope_kind, scope_id, kind, start, target, currency)| {
            let period = attain_domain::period::Period {
                kind: kind.parse().ok()?,
                start,
            };
            Some(RevenueGoal {
                scope_kind,
                scope_id,
                range: period.range(),
                target,
                currency: currency?.trim().to_owned(),
            })
        })
        .collect();
    Ok(TenantFacts {
        deals,
        activities,
        open_stages,
        people,
        teams,
        weekly_targets,
        revenue_goals,
    })
}

impl TenantFacts {
    /// Teams at or below `team`.
    fn team_tree(&self, team: Uuid) -> BTreeSet<Uuid> {
        let mut tree: BTreeSet<Uuid> = [team].into();
        loop {
            let before = tree.len();
            for (id, parent) in &self.teams {
                if parent.is_some_and(|p| tree.contains(&p)) {
                    tree.insert(*id);
                }
            }
            if tree.len() == before {
                return tree;
            }
        }
    }

    /// Who is in `scope`, their roles, targets and the revenue goal set for
    /// exactly `range` (if any).
    pub fn scope(&self, scope: Scope, range: DateRange) -> ScopeFacts {
        let members: Option<BTreeSet<Uuid>> = match scope {
            Scope::Company => None,
            Scope::Team(team) => {
                let tree = self.team_tree(team);
                Some(
                    self.people
                        .iter()
                        .filter(|p| p.1.is_some_and(|t| tree.contains(&t)))
                        .map(|p| p.0)
                        .collect(),
                )
            }
            Scope::Rep(person) => Some([person].into()),
        };
        let roles = self
            .people
            .iter()
            .filter(|p| members.as_ref().is_none_or(|m| m.contains(&p.0)))
            .map(|p| p.2.clone())
            .collect();
        let quota = self
            .revenue_goals
            .iter()
            .find(|g| {
                g.range == range
                    && match scope {
                        Scope::Company => g.scope_kind == "company",
                        Scope::Team(id) => {
                            matches!(g.scope_kind.as_str(), "region" | "team")
                                && g.scope_id == Some(id)
                        }
                        Scope::Rep(id) => g.scope_kind == "rep" && g.scope_id == Some(id),
                    }
            })
            .map(|g| (g.target, g.currency.clone()));
        ScopeFacts {
            people: members,
            roles,
            weekly_targets: self.weekly_targets.clone(),
            quota,
        }
    }

    /// The scopes a deal's change can move: the company, every team above
    /// anyone credited on it, and those people.
    pub fn scopes_touched_by(&self, deal_id: Uuid) -> Vec<Scope> {
        let Some(deal) = self.deals.iter().find(|d| d.id == deal_id) else {
            return vec![Scope::Company];
        };
        let mut scopes: Vec<Scope> = deal
            .credits
            .iter()
            .flat_map(|(person, _)| self.scopes_of_person(*person))
            .collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }

    /// The company, the person, and every team above them.
    pub fn scopes_of_person(&self, person: Uuid) -> Vec<Scope> {
        let mut scopes = vec![Scope::Company, Scope::Rep(person)];
        let mut team = self.people.iter().find(|p| p.0 == person).and_then(|p| p.1);
        let mut steps = 0;
        while let Some(current) = team {
            scopes.push(Scope::Team(current));
            team = self.teams.iter().find(|t| t.0 == current).and_then(|t| t.1);
            steps += 1;
            if steps > self.teams.len() {
                break;
            }
        }
        scopes
    }

    /// Every scope: the company, each team and each person.
    pub fn all_scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Company];
        scopes.extend(self.teams.iter().map(|t| Scope::Team(t.0)));
        scopes.extend(self.people.iter().map(|p| Scope::Rep(p.0)));
        scopes
    }
}
