//! Tasks (with their checklists and history) and activities (with this
//! week's counts against the targets of the caller's sales role).

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {super::support, crate::server};

#[cfg(feature = "ssr")]
const PER_PAGE: i64 = 25;

/// Who the caller may give tasks to or log activities for: everyone for
/// owners and admins, themselves and their reports for managers, nobody
/// else for reps and executives (the form then leaves the field out).
#[cfg(feature = "ssr")]
fn assignable(
    people: &[attain_db::tenant::people::Person],
    principal: &attain_api::auth::Principal,
    me: Option<uuid::Uuid>,
) -> Vec<Choice> {
    use attain_domain::{Capability, Role};
    if !principal.role.can(Capability::EditAnyDeal) {
        return Vec::new();
    }
    if principal.role == Role::Manager {
        let reports = me
            .map(|m| support::reports_of(people, m))
            .unwrap_or_default();
        return support::people_choices(people, Some(&reports), me);
    }
    support::people_choices(people, None, me)
}

#[cfg(feature = "ssr")]
fn task_row(
    summary: &attain_api::routes::tasks::TaskSummary,
    names: &std::collections::HashMap<uuid::Uuid, String>,
) -> TaskRow {
    let task = &summary.task;
    let due_date = task.due_date.to_string();
    TaskRow {
        id: task.id.to_string(),
        title: task.title.clone(),
        owner: names
            .get(&task.owner_id)
            .cloned()
            .unwrap_or_else(|| "Former member".to_owned()),
        days_overdue: if summary.overdue {
            support::days_since(&due_date).max(1)
        } else {
            0
        },
        due_date,
        status: task.status.clone(),
        overdue: summary.overdue,
        items_done: summary.items_done,
        items_total: summary.items_total,
    }
}

/// One tab of tasks: `mine` (default), `team` (the caller's reports) or
/// `overdue` (everything the caller may see that is open and past due);
/// `status` is open (default), done, cancelled or any.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_tasks(tab: String, status: String, page: i64) -> Result<TasksPage, Problem> {
    use attain_api::routes::tasks::list::{run, TaskQuery};
    use attain_domain::{Capability, Role};
    let (state, principal) = server::caller(None).await?;
    let tab = match tab.as_str() {
        "team" | "overdue" => tab,
        _ => "mine".to_owned(),
    };
    let status = match status.as_str() {
        "done" | "cancelled" | "any" => status,
        _ => "open".to_owned(),
    };
    let query = TaskQuery {
        scope: Some(
            if tab == "overdue" {
                "all"
            } else {
                tab.as_str()
            }
            .to_owned(),
        ),
        owner_id: None,
        status: match (tab.as_str(), status.as_str()) {
            ("overdue", _) | (_, "any") => None,
            _ => Some(status.clone()),
        },
        overdue: (tab == "overdue").then(|| "true".to_owned()),
        due_before: None,
        sort: None,
    };
    let paged = run(&state, &principal, support::page(page, PER_PAGE), query).await?;
    let people = support::everyone(&state, &principal).await?;
    let names = support::names(&people);
    let me = support::me(&people, &principal);
    let has_team = principal.role == Role::Manager
        || me.is_some_and(|m| people.iter().any(|p| p.manager_id == Some(m)));
    Ok(TasksPage {
        list: crate::model::Page {
            items: paged.items.iter().map(|s| task_row(s, &names)).collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        },
        owners: assignable(&people, &principal, me),
        me: me.map(|m| m.to_string()),
        today: support::today_text(),
        may_edit: principal.role.can(Capability::EditOwnDeals),
        has_team,
        tab,
        status,
    })
}

/// "Changed the due date from 2026-07-01 to 2026-07-08", and so on.
#[cfg(feature = "ssr")]
fn describe_event(
    action: &str,
    detail: &serde_json::Value,
    names: &std::collections::HashMap<uuid::Uuid, String>,
) -> String {
    let text = |key: &str| -> String {
        match &detail[key] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => "nothing".to_owned(),
            other => other.to_string(),
        }
    };
    let quoted = |key: &str| format!("\u{201c}{}\u{201d}", text(key));
    match action {
        "created" => {
            let items = detail["items"].as_array().map_or(0, Vec::len);
            match items {
                0 => "Created the task".to_owned(),
                1 => "Created the task with 1 to-do item".to_owned(),
                n => format!("Created the task with {n} to-do items"),
            }
        }
        "completed" => "Completed the task".to_owned(),
        "reopened" => "Reopened the task".to_owned(),
        "cancelled" => "Cancelled the task".to_owned(),
        "item_added" => format!("Added the item {}", quoted("text")),
        "item_removed" => format!("Removed the item {}", quoted("text")),
        "item_renamed" => format!(
            "Renamed the item {} to {}",
            quoted("before"),
            quoted("after")
        ),
        "item_done" => format!("Ticked off {}", quoted("text")),
        "item_reopened" => format!("Unticked {}", quoted("text")),
        "items_reordered" => "Reordered the items".to_owned(),
        "measured_result_changed" => match &detail["after"] {
            serde_json::Value::Null => "Cleared the measured result".to_owned(),
            _ => format!("Recorded the measured result {}", quoted("after")),
        },
        "owner_changed" => {
            let name = |key: &str| {
                text(key)
                    .parse::<uuid::Uuid>()
                    .ok()
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| "someone".to_owned())
            };
            format!(
                "Handed the task from {} to {}",
                name("before"),
                name("after")
            )
        }
        other => match other.strip_suffix("_changed") {
            Some(field) => format!(
                "Changed the {} from {} to {}",
                field.replace('_', " "),
                text("before"),
                text("after")
            ),
            None => other.replace('_', " "),
        },
    }
}

/// One task with its checklist and history; `None` for an empty id.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_task(id: String) -> Result<Option<TaskDetail>, Problem> {
    use attain_api::routes::{deals, tasks};
    use attain_domain::Capability;
    if id.trim().is_empty() {
        return Ok(None);
    }
    let (state, principal) = server::caller(None).await?;
    let task_id = support::required(&id, "task")?;
    let view = tasks::get::run(&state, &principal, task_id).await?;
    let people = support::everyone(&state, &principal).await?;
    let names = support::names(&people);
    let members = support::member_names(&state, principal.tenant.id).await?;
    let me = support::me(&people, &principal);
    let task = &view.summary.task;
    let deal = match task.deal_id {
        Some(deal_id) => deals::get::run(&state, &principal, deal_id)
            .await
            .ok()
            .map(|d| (d.deal.id.to_string(), d.deal.name)),
        None => None,
    };
    let editable = principal.role.can(Capability::EditAnyDeal)
        || (principal.role.can(Capability::EditOwnDeals) && me == Some(task.owner_id));
    Ok(Some(TaskDetail {
        row: task_row(&view.summary, &names),
        owner_id: task.owner_id.to_string(),
        resources: task.resources.clone(),
        expected_result: task.expected_result.clone(),
        measured_result: task.measured_result.clone(),
        remind_at: task
            .remind_at
            .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string()),
        completed_at: task
            .completed_at
            .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string()),
        deal,
        version: task.version,
        items: view
            .items
            .iter()
            .map(|item| TaskItemRow {
                id: item.id.to_string(),
                text: item.text.clone(),
                done: item.done,
            })
            .collect(),
        history: view
            .history
            .iter()
            .map(|event| TaskEventRow {
                at: event.at.format("%Y-%m-%d %H:%M").to_string(),
                by: event
                    .by_user_id
                    .and_then(|id| members.get(&id).cloned())
                    .unwrap_or_else(|| "System".to_owned()),
                text: describe_event(&event.action, &event.detail, &names),
            })
            .collect(),
        editable,
    }))
}

/// Creates a task; `items` is one to-do item per line. Returns its id.
#[server(prefix = "/fn")]
pub async fn create_task(
    csrf: String,
    title: String,
    due_date: String,
    owner_id: String,
    items: String,
    resources: String,
    expected_result: String,
    remind_at: String,
) -> Result<String, Problem> {
    form_call!(CreateTask, {
        use attain_api::routes::tasks::create::{run, CreateTask};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let Some(due_date) = support::date(&due_date, "due_date")? else {
            return Err(support::field("due_date", "is required"));
        };
        let body = CreateTask {
            title,
            due_date,
            owner_id: support::id(&owner_id, "owner_id")?,
            remind_at: support::utc_time(&remind_at, "remind_at")?,
            deal_id: None,
            account_id: None,
            resources: support::text(&resources),
            expected_result: support::text(&expected_result),
            items: items
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        Ok(run(&state, &principal, body)
            .await?
            .summary
            .task
            .id
            .to_string())
    })
}

#[cfg(feature = "ssr")]
fn no_change(version: i32) -> attain_api::routes::tasks::update::UpdateTask {
    attain_api::routes::tasks::update::UpdateTask {
        version,
        title: None,
        due_date: None,
        owner_id: None,
        remind_at: None,
        resources: None,
        expected_result: None,
        measured_result: None,
        status: None,
        items: None,
    }
}

/// Saves the checklist: ticks as given, plus `new_item` when not empty.
#[server(prefix = "/fn")]
pub async fn update_task_items(
    csrf: String,
    task_id: String,
    version: i32,
    #[server(default)] items: Vec<ItemArg>,
    #[server(default)] new_item: String,
) -> Result<(), Problem> {
    form_call!(UpdateTaskItems, {
        use attain_api::routes::tasks::update::{run, ItemInput};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let task_id = support::required(&task_id, "task")?;
        let mut inputs = Vec::with_capacity(items.len() + 1);
        for item in &items {
            inputs.push(ItemInput {
                id: support::id(&item.id, "items")?,
                text: item.text.clone(),
                done: item.done == "true",
            });
        }
        if let Some(text) = support::text(&new_item) {
            inputs.push(ItemInput {
                id: None,
                text,
                done: false,
            });
        }
        let mut body = no_change(version);
        body.items = Some(inputs);
        run(&state, &principal, task_id, body).await?;
        Ok(())
    })
}

/// Records (or clears, when empty) what the task achieved.
#[server(prefix = "/fn")]
pub async fn update_task_result(
    csrf: String,
    task_id: String,
    version: i32,
    measured_result: String,
) -> Result<(), Problem> {
    form_call!(UpdateTaskResult, {
        use attain_api::routes::tasks::update::run;
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let task_id = support::required(&task_id, "task")?;
        let mut body = no_change(version);
        body.measured_result = Some(support::text(&measured_result));
        run(&state, &principal, task_id, body).await?;
        Ok(())
    })
}

/// Completes, reopens or cancels a task; returns the new status.
#[server(prefix = "/fn")]
pub async fn set_task_status(
    csrf: String,
    task_id: String,
    version: i32,
    status: String,
) -> Result<String, Problem> {
    form_call!(SetTaskStatus, {
        use attain_api::routes::tasks::update::run;
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let task_id = support::required(&task_id, "task")?;
        let mut body = no_change(version);
        body.status = Some(status);
        Ok(run(&state, &principal, task_id, body)
            .await?
            .summary
            .task
            .status)
    })
}

/// Activities with filters (`scope` mine, team or all; `kind`; days `from`
/// and `to`), this week against the caller's targets, and what the log form
/// offers.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_activities(
    scope: String,
    kind: String,
    from: String,
    to: String,
    page: i64,
) -> Result<ActivitiesPage, Problem> {
    use attain_api::routes::{activities, deals};
    use attain_domain::{Capability, Role};
    let (state, principal) = server::caller(None).await?;
    let query = activities::list::ActivityQuery {
        person_id: None,
        kind: support::text(&kind),
        from: support::text(&from),
        to: support::text(&to),
        deal_id: None,
        account_id: None,
        scope: support::text(&scope),
        sort: None,
    };
    let paged =
        activities::list::run(&state, &principal, support::page(page, PER_PAGE), query).await?;
    let people = support::everyone(&state, &principal).await?;
    let names = support::names(&people);
    let me = support::me(&people, &principal);
    let open = deals::list::run(
        &state,
        &principal,
        support::page(1, attain_api::pagination::PageQuery::MAX_PER_PAGE),
        deals::list::DealQuery {
            status: Some("open".to_owned()),
            sort: Some("name".to_owned()),
            ..Default::default()
        },
    )
    .await?;
    let mut deal_names: std::collections::HashMap<uuid::Uuid, String> =
        open.items.iter().map(|d| (d.id, d.name.clone())).collect();
    let missing: Vec<uuid::Uuid> = paged
        .items
        .iter()
        .filter_map(|a| a.deal_id)
        .filter(|id| !deal_names.contains_key(id))
        .collect();
    for deal_id in missing {
        if let Ok(view) = deals::get::run(&state, &principal, deal_id).await {
            deal_names.insert(deal_id, view.deal.name);
        }
    }
    let week = match me {
        Some(_) => activities::summary::run(&state, &principal, Default::default())
            .await
            .ok(),
        None => None,
    };
    let has_team = principal.role == Role::Manager
        || me.is_some_and(|m| people.iter().any(|p| p.manager_id == Some(m)));
    Ok(ActivitiesPage {
        list: crate::model::Page {
            items: paged
                .items
                .iter()
                .map(|a| ActivityRow {
                    id: a.id.to_string(),
                    kind: a.kind.clone(),
                    at: a.occurred_at.format("%Y-%m-%d %H:%M").to_string(),
                    subject: a.subject.clone(),
                    person: names
                        .get(&a.person_id)
                        .cloned()
                        .unwrap_or_else(|| "Former member".to_owned()),
                    deal: a.deal_id.map(|id| {
                        (
                            id.to_string(),
                            deal_names
                                .get(&id)
                                .cloned()
                                .unwrap_or_else(|| "A deal".to_owned()),
                        )
                    }),
                })
                .collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        },
        sales_role: week.as_ref().map(|w| w.sales_role.clone()),
        week: week.map(|w| {
            (
                w.week.to_string(),
                w.items
                    .iter()
                    .map(|item| WeekProgress {
                        kind: item.kind.as_str().to_owned(),
                        done: item.done,
                        target: i64::from(item.target),
                        percent: item.percent.map(|p| p.to_string()),
                    })
                    .collect(),
            )
        }),
        deals: open
            .items
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .collect(),
        people: assignable(&people, &principal, me),
        me: me.map(|m| m.to_string()),
        now: support::now_local_input(),
        may_log: principal.role.can(Capability::EditOwnDeals),
        has_team,
    })
}

/// Logs an activity (for `person_id`, or the caller when empty).
#[server(prefix = "/fn")]
pub async fn log_activity(
    csrf: String,
    kind: String,
    occurred_at: String,
    subject: String,
    deal_id: String,
    person_id: String,
) -> Result<String, Problem> {
    form_call!(LogActivity, {
        use attain_api::routes::activities::create::{run, CreateActivity};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let Some(occurred_at) = support::utc_time(&occurred_at, "occurred_at")? else {
            return Err(support::field("occurred_at", "is required"));
        };
        let body = CreateActivity {
            kind,
            occurred_at,
            subject: support::text(&subject),
            deal_id: support::id(&deal_id, "deal_id")?,
            account_id: None,
            person_id: support::id(&person_id, "person_id")?,
        };
        Ok(run(&state, &principal, body).await?.kind)
    })
}
