//! Calls, meetings, demos and emails per person per week, at the weekly
//! targets of their sales role scaled by their skill, linked to the deals
//! they were working that week or to their accounts.
//!
//! Two years at full volume would be ~600,000 rows; the demo keeps about
//! [`CAP`]. The recent weeks are at full volume (what activity-against-target
//! views look at), and before that logging ramps up the way it does when a
//! team adopts a tool.

use super::{
    at,
    catalogue::Catalogue,
    deals::{History, Span},
    derived_rng, new_id,
    org::Org,
    Clock,
};
use attain_db::{schema::tenant::activities, tenant::stages::ActivityTargetRow, TenantConn};
use attain_domain::org::SalesRole;
use chrono::{DateTime, Datelike, Duration, Utc};
use diesel::prelude::*;
use rand::Rng;
use uuid::Uuid;

/// About how many activities the demo writes.
pub const CAP: usize = 300_000;

/// Weeks back from this one that are always at full volume.
const FULL_WEEKS: usize = 13;

/// The share of full volume logged in the oldest weeks.
const FLOOR: f64 = 0.12;

pub struct Logged {
    pub rows: usize,
    pub full_weeks: usize,
}

#[derive(Insertable)]
#[diesel(table_name = activities, treat_none_as_default_value = false)]
struct ActivityRow {
    id: Uuid,
    external_id: Option<String>,
    kind: String,
    person_id: Uuid,
    deal_id: Option<Uuid>,
    account_id: Option<Uuid>,
    occurred_at: DateTime<Utc>,
    subject: String,
    created_at: DateTime<Utc>,
}

const SUBJECTS: [(&str, [&str; 5]); 4] = [
    (
        "call",
        [
            "Discovery call",
            "Follow-up call",
            "Qualification call",
            "Pricing call",
            "Check-in call",
        ],
    ),
    (
        "meeting",
        [
            "Discovery meeting",
            "Stakeholder meeting",
            "Business review",
            "Negotiation meeting",
            "Executive alignment",
        ],
    ),
    (
        "demo",
        [
            "Product demo",
            "Technical deep dive",
            "AI Forecasting demo",
            "Dashboards walkthrough",
            "Integration demo",
        ],
    ),
    (
        "email",
        [
            "Intro email",
            "Follow-up email",
            "Proposal sent",
            "Meeting recap",
            "Pricing details",
        ],
    ),
];

/// Weekly volume factors, newest week first: 1 for the recent weeks, then a
/// linear ramp down to [`FLOOR`], its length chosen so the total is about
/// `budget_weeks` full weeks.
fn adoption(weeks: usize, budget_weeks: f64) -> Vec<f64> {
    if budget_weeks >= weeks as f64 {
        return vec![1.0; weeks];
    }
    let full = FULL_WEEKS.min(budget_weeks.max(0.0).floor() as usize);
    let floor = if budget_weeks > full as f64 + FLOOR * weeks as f64 {
        FLOOR
    } else {
        0.0
    };
    let curve = |length: f64| -> Vec<f64> {
        (0..weeks)
            .map(|w| {
                if w < full {
                    1.0
                } else {
                    (1.0 - (w - full + 1) as f64 / length).max(floor)
                }
            })
            .collect()
    };
    let (mut low, mut high) = (1e-6, 100_000.0);
    for _ in 0..80 {
        let mid = (low + high) / 2.0;
        if curve(mid).iter().sum::<f64>() > budget_weeks {
            high = mid;
        } else {
            low = mid;
        }
    }
    curve(low)
}

pub fn build(
    t: &mut TenantConn<'_>,
    seed: u64,
    org: &Org,
    catalogue: &Catalogue,
    history: &History,
    targets: &[ActivityTargetRow],
    clock: Clock,
) -> anyhow::Result<Logged> {
    // What each person does in a full week.
    let plans: Vec<Vec<(&'static str, f64)>> = org
        .members
        .iter()
        .map(|member| {
            if member.region.is_none() {
                return Vec::new();
            }
            let effort = member.skill.clamp(0.6, 1.4);
            let mut plan: Vec<(&'static str, f64)> = SUBJECTS
                .iter()
                .filter_map(|(kind, _)| {
                    targets
                        .iter()
                        .find(|row| row.sales_role == member.role.as_str() && row.kind == *kind)
                        .map(|row| (*kind, f64::from(row.per_week) * effort))
                })
                .collect();
            if member.role == SalesRole::Hunter && !plan.iter().any(|(kind, _)| *kind == "demo") {
                plan.push(("demo", 2.0 * effort));
            }
            plan
        })
        .collect();
    let weekly: f64 = plans.iter().flatten().map(|(_, n)| n).sum();
    let this_monday =
        clock.today - Duration::days(i64::from(clock.today.weekday().num_days_from_monday()));
    let weeks = ((this_monday - clock.start).num_days() / 7 + 1).max(1) as usize;
    let budget_weeks = if weekly > 0.0 {
        CAP as f64 * 0.97 / weekly
    } else {
        weeks as f64
    };
    let factors = adoption(weeks, budget_weeks);
    let full_weeks = factors.iter().take_while(|f| **f >= 0.999).count();
    let history_start = at(clock.start, 0);

    let mut rows: Vec<ActivityRow> = Vec::with_capacity(CAP + CAP / 10);
    let mut active: Vec<Span> = Vec::new();
    for (member_index, member) in org.members.iter().enumerate() {
        let plan = &plans[member_index];
        if plan.is_empty() {
            continue;
        }
        let spans = &history.spans[member_index];
        let owned: &[usize] = catalogue
            .owned
            .get(&member_index)
            .map_or(&[], |list| list.as_slice());
        let reports: Vec<&str> = match member.team {
            Some(team) if org.teams[team].manager == member_index => org
                .team_reps(team)
                .map(|index| org.members[index].name.as_str())
                .collect(),
            _ => Vec::new(),
        };
        for (weeks_ago, factor) in factors.iter().enumerate() {
            if *factor <= 0.0 {
                continue;
            }
            let monday = this_monday - Duration::days(7 * weeks_ago as i64);
            let rng = &mut derived_rng(seed, member_index as u64, monday.num_days_from_ce() as u64);
            let week_start = at(monday, 0);
            let week_end = week_start + Duration::days(7);
            let holidays = (monday.month() == 12 && monday.day() >= 22)
                || (monday.month() == 1 && monday.day() <= 3);
            let season = if holidays { 0.35 } else { 1.0 };
            active.clear();
            active.extend(
                spans
                    .iter()
                    .filter(|s| s.from < week_end && s.to >= week_start)
                    .copied(),
            );
            for (kind, per_week) in plan {
                let expected = per_week * factor * season * rng.gen_range(0.8..1.2);
                let count =
                    expected.floor() as usize + usize::from(rng.gen::<f64>() < expected.fract());
                for _ in 0..count {
                    let occurred_at = week_start
                        + Duration::days(rng.gen_range(0..5))
                        + Duration::seconds(rng.gen_range(8 * 3600..18 * 3600));
                    if occurred_at > clock.now || occurred_at < history_start {
                        continue;
                    }
                    let deal_share = match *kind {
                        "meeting" | "demo" => 0.9,
                        "call" => 0.55,
                        _ => 0.4,
                    };
                    let (deal, account) =
                        if member.role == SalesRole::Manager && !reports.is_empty() {
                            (None, None)
                        } else if !active.is_empty() && rng.gen_bool(deal_share) {
                            let span = active[rng.gen_range(0..active.len())];
                            (Some(span.deal), Some(span.account))
                        } else if !owned.is_empty() && rng.gen_bool(0.5) {
                            (None, Some(owned[rng.gen_range(0..owned.len())]))
                        } else {
                            (None, None)
                        };
                    let subjects = SUBJECTS
                        .iter()
                        .find(|(k, _)| k == kind)
                        .map(|(_, subjects)| subjects);
                    let subject = match (account.and_then(|a| catalogue.accounts.get(a)), subjects)
                    {
                        (Some(account), Some(subjects)) => {
                            format!(
                                "{}: {}",
                                subjects[rng.gen_range(0..subjects.len())],
                                account.name
                            )
                        }
                        _ if !reports.is_empty() => match rng.gen_range(0..4) {
                            0 => "Pipeline review".to_owned(),
                            1 => "Forecast call".to_owned(),
                            _ => format!("1:1 with {}", reports[rng.gen_range(0..reports.len())]),
                        },
                        _ => match *kind {
                            "call" => "Prospecting call".to_owned(),
                            "email" => "Outreach email".to_owned(),
                            "demo" => "Webinar demo".to_owned(),
                            _ => "Internal meeting".to_owned(),
                        },
                    };
                    rows.push(ActivityRow {
                        id: new_id(rng),
                        external_id: None,
                        kind: (*kind).to_owned(),
                        person_id: member.id,
                        deal_id: deal,
                        account_id: account
                            .and_then(|a| catalogue.accounts.get(a))
                            .map(|a| a.id),
                        occurred_at,
                        subject,
                        created_at: occurred_at,
                    });
                }
            }
        }
    }
    for chunk in rows.chunks(100_000) {
        diesel::copy_from(activities::table)
            .from_insertable(chunk)
            .execute(t.conn())?;
    }
    Ok(Logged {
        rows: rows.len(),
        full_weeks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_keeps_recent_weeks_full_and_fits_the_budget() {
        let factors = adoption(105, 50.0);
        assert!(factors[..FULL_WEEKS].iter().all(|f| *f == 1.0));
        assert!((factors.iter().sum::<f64>() - 50.0).abs() < 0.5);
        assert!(factors.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(adoption(10, 20.0), vec![1.0; 10]);
    }
}
