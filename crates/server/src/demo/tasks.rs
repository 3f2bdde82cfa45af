//! A few hundred tasks around today: some done with a measured result, some
//! cancelled, some open and overdue, each with to-do items and a history.

use super::{
    at,
    catalogue::Catalogue,
    deals::{History, Span},
    new_id,
    org::Org,
    weighted, Clock,
};
use attain_db::{
    schema::tenant::{task_events, task_items, tasks},
    TenantConn,
};
use attain_domain::org::SalesRole;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use rand::{rngs::StdRng, Rng};
use serde_json::json;
use uuid::Uuid;

const TASK_COUNT: usize = 420;

/// Tasks each login seller gets, so their task lists are not empty.
const PER_LOGIN: usize = 9;

#[derive(Insertable)]
#[diesel(table_name = tasks, treat_none_as_default_value = false)]
struct TaskRow {
    id: Uuid,
    title: String,
    owner_id: Uuid,
    due_date: NaiveDate,
    remind_at: Option<DateTime<Utc>>,
    deal_id: Option<Uuid>,
    account_id: Option<Uuid>,
    resources: String,
    expected_result: String,
    measured_result: Option<String>,
    status: String,
    completed_at: Option<DateTime<Utc>>,
    created_by: Option<Uuid>,
    version: i32,
    created_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = task_items)]
struct ItemRow {
    id: Uuid,
    task_id: Uuid,
    text: String,
    done: bool,
    position: i32,
}

#[derive(Insertable)]
#[diesel(table_name = task_events, treat_none_as_default_value = false)]
struct EventRow {
    task_id: Uuid,
    at: DateTime<Utc>,
    by_user_id: Option<Uuid>,
    action: String,
    detail: serde_json::Value,
}

/// What a task is about: title (with `{}` for the account), resources,
/// expected result, results when done, and its to-do items.
struct Kind {
    title: &'static str,
    resources: &'static str,
    expected: &'static str,
    results: [&'static str; 3],
    items: [&'static str; 4],
    /// Needs an open deal.
    on_open_deal: bool,
}

const SELLER_TASKS: [Kind; 6] = [
    Kind {
        title: "Send proposal to {}",
        resources: "Proposal template, pricing calculator",
        expected: "Proposal accepted for review by the buying committee",
        results: [
            "Proposal sent; review call booked",
            "Proposal sent; asked for a 10% discount",
            "Proposal sent and accepted in principle",
        ],
        items: [
            "Confirm scope with the champion",
            "Draft the proposal",
            "Get discount approval",
            "Send and book the review call",
        ],
        on_open_deal: true,
    },
    Kind {
        title: "Book the executive sponsor meeting at {}",
        resources: "Executive briefing deck",
        expected: "Meeting with the economic buyer on the calendar",
        results: [
            "Meeting booked with the CFO",
            "Sponsor meeting held; next step agreed",
            "Sponsor declined; champion presents instead",
        ],
        items: [
            "Map the buying committee",
            "Ask the champion for an introduction",
            "Prepare the briefing",
            "Send the invitation",
        ],
        on_open_deal: true,
    },
    Kind {
        title: "Follow up after the demo with {}",
        resources: "Demo recording, ROI worksheet",
        expected: "Next meeting booked within a week",
        results: [
            "Technical deep dive booked",
            "Trial started",
            "Prospect paused until next quarter",
        ],
        items: [
            "Send the recording and recap",
            "Answer open technical questions",
            "Share the ROI worksheet",
            "Book the next meeting",
        ],
        on_open_deal: true,
    },
    Kind {
        title: "Update the close plan for {}",
        resources: "Close plan template",
        expected: "Mutual close plan signed off by the champion",
        results: [
            "Close plan agreed; signature date confirmed",
            "Close date moved out a month",
            "Legal review added to the plan",
        ],
        items: [
            "List remaining steps and owners",
            "Confirm the signature date",
            "Check procurement requirements",
            "Share the plan with the champion",
        ],
        on_open_deal: true,
    },
    Kind {
        title: "Prepare the business review for {}",
        resources: "Usage report, QBR deck",
        expected: "Expansion opportunity identified",
        results: [
            "QBR held; upsell of AI Forecasting proposed",
            "QBR held; renewal risk flagged",
            "QBR held; two new teams to onboard",
        ],
        items: [
            "Pull the usage report",
            "Collect support tickets",
            "Draft the QBR deck",
            "Send the agenda",
        ],
        on_open_deal: false,
    },
    Kind {
        title: "Re-engage {}",
        resources: "Case studies, outreach sequence",
        expected: "A reply and a discovery call",
        results: [
            "Discovery call booked",
            "No reply after three touches",
            "Referred to the new head of sales",
        ],
        items: [
            "Research recent news",
            "Send a personalised email",
            "Call the main contact",
            "Connect on LinkedIn",
        ],
        on_open_deal: false,
    },
];

const MANAGER_TASKS: [Kind; 2] = [
    Kind {
        title: "Review lost deals with the team",
        resources: "Win/loss report",
        expected: "One coaching action per rep",
        results: [
            "Coaching actions agreed with each rep",
            "Pricing objections escalated to product marketing",
            "Qualification checklist updated",
        ],
        items: [
            "Pull the lost deals of the quarter",
            "Group them by loss reason",
            "Pick one deal per rep to review",
            "Write up the actions",
        ],
        on_open_deal: false,
    },
    Kind {
        title: "Clean up the pipeline before the forecast call",
        resources: "Pipeline report",
        expected: "Every open deal has a current close date and next step",
        results: [
            "14 stale deals closed out",
            "Forecast adjusted down by 8%",
            "All close dates confirmed",
        ],
        items: [
            "List deals past their close date",
            "Ask reps for next steps",
            "Close out stale deals",
            "Update the forecast",
        ],
        on_open_deal: false,
    },
];

pub fn build(
    t: &mut TenantConn<'_>,
    rng: &mut StdRng,
    org: &Org,
    catalogue: &Catalogue,
    history: &History,
    clock: Clock,
) -> anyhow::Result<(usize, usize)> {
    let sellers: Vec<usize> = org
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sells)
        .map(|(index, _)| index)
        .collect();
    let mut owners: Vec<usize> = Vec::new();
    for (index, member) in org.members.iter().enumerate() {
        if member.sells && member.login.is_some() {
            owners.extend(std::iter::repeat_n(index, PER_LOGIN));
        }
    }
    while owners.len() < TASK_COUNT && !sellers.is_empty() {
        owners.push(sellers[rng.gen_range(0..sellers.len())]);
    }

    let mut task_rows = Vec::new();
    let mut item_rows = Vec::new();
    let mut event_rows = Vec::new();
    for owner_index in owners {
        let owner = &org.members[owner_index];
        let manager = owner.role == SalesRole::Manager;
        let manager_task = manager && rng.gen_bool(0.6);
        let kinds: &[Kind] = if manager_task {
            &MANAGER_TASKS
        } else {
            &SELLER_TASKS
        };
        let kind = &kinds[rng.gen_range(0..kinds.len())];
        let spans = &history.spans[owner_index];
        let open: Vec<&Span> = spans.iter().filter(|s| s.open).collect();
        let recent: Vec<&Span> = spans
            .iter()
            .filter(|s| s.to > clock.now - Duration::days(120))
            .collect();
        let span = if manager_task {
            None
        } else if kind.on_open_deal && !open.is_empty() {
            Some(open[rng.gen_range(0..open.len())])
        } else if !recent.is_empty() {
            Some(recent[rng.gen_range(0..recent.len())])
        } else {
            None
        };
        let account = span
            .and_then(|s| catalogue.accounts.get(s.account))
            .or_else(|| {
                catalogue
                    .owned
                    .get(&owner_index)
                    .filter(|list| !list.is_empty())
                    .and_then(|list| catalogue.accounts.get(list[rng.gen_range(0..list.len())]))
            });
        let title = match account {
            Some(account) => kind.title.replace("{}", &account.name),
            None => kind.title.replace(" {}", "").replace("{}", "the account"),
        };

        let due_date = clock.today + Duration::days(rng.gen_range(-60..=30));
        let created_at = (at(due_date, 9 * 3600) - Duration::days(rng.gen_range(3..21)))
            .min(clock.now - Duration::hours(rng.gen_range(1..72)));
        let past = due_date < clock.today;
        let status = if past {
            weighted(rng, &[("done", 0.68), ("cancelled", 0.07), ("open", 0.25)])
        } else {
            weighted(rng, &[("done", 0.15), ("open", 0.85)])
        }
        .unwrap_or("open");
        let completed_at = (status != "open").then(|| {
            let when = at(due_date, rng.gen_range(9 * 3600..18 * 3600))
                + Duration::days(rng.gen_range(-4..=2));
            when.clamp(created_at + Duration::hours(1), clock.now)
        });
        let remind_at = (status == "open" && !past && rng.gen_bool(0.5))
            .then(|| at(due_date - Duration::days(1), 9 * 3600));
        let creator = owner.user_id().or_else(|| {
            owner
                .team
                .and_then(|team| org.members[org.teams[team].manager].user_id())
        });
        let id = new_id(rng);
        let item_count = rng.gen_range(2..=4);
        let done_items = match status {
            "done" => item_count,
            "cancelled" => rng.gen_range(0..item_count),
            _ => rng.gen_range(0..item_count),
        };
        let items: Vec<&str> = kind.items.iter().take(item_count).copied().collect();
        for (position, text) in items.iter().enumerate() {
            item_rows.push(ItemRow {
                id: new_id(rng),
                task_id: id,
                text: (*text).to_owned(),
                done: position < done_items,
                position: position as i32,
            });
        }
        event_rows.push(EventRow {
            task_id: id,
            at: created_at,
            by_user_id: creator,
            action: "created".into(),
            detail: json!({
                "title": title,
                "owner_id": owner.id,
                "due_date": due_date,
                "items": items,
            }),
        });
        if let Some(when) = completed_at {
            event_rows.push(EventRow {
                task_id: id,
                at: when,
                by_user_id: owner.user_id(),
                action: if status == "done" {
                    "completed"
                } else {
                    "cancelled"
                }
                .into(),
                detail: json!({ "before": "open", "after": status }),
            });
        }
        task_rows.push(TaskRow {
            id,
            title,
            owner_id: owner.id,
            due_date,
            remind_at,
            deal_id: span.map(|s| s.deal),
            account_id: account.map(|a| a.id),
            resources: kind.resources.into(),
            expected_result: kind.expected.into(),
            measured_result: (status == "done")
                .then(|| kind.results[rng.gen_range(0..kind.results.len())].to_owned()),
            status: status.into(),
            completed_at,
            created_by: creator,
            version: if status == "open" { 1 } else { 2 },
            created_at,
        });
    }
    diesel::insert_into(tasks::table)
        .values(&task_rows)
        .execute(t.conn())?;
    for chunk in item_rows.chunks(5_000) {
        diesel::insert_into(task_items::table)
            .values(chunk)
            .execute(t.conn())?;
    }
    for chunk in event_rows.chunks(5_000) {
        diesel::insert_into(task_events::table)
            .values(chunk)
            .execute(t.conn())?;
    }
    Ok((task_rows.len(), item_rows.len()))
}
