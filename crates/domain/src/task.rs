//! Tasks: to-do items with owners, due dates, resources and measured results.
//! This module holds the rules that need no database: which statuses exist,
//! when a task is overdue or due for a reminder, when `completed_at` is set,
//! and what changed between two versions of a task's checklist (the history).

use crate::validation::{bounded_text, FieldError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

crate::org::text_enum!(
    /// Where a task stands. Only open tasks can be overdue.
    TaskStatus, "status", Open = "open", Done = "done", Cancelled = "cancelled"
);

/// Most to-do items one task may carry.
pub const MAX_ITEMS: usize = 50;

/// An open task whose due date has passed (the day it is due is not overdue).
pub fn is_overdue(status: TaskStatus, due_date: NaiveDate, today: NaiveDate) -> bool {
    status == TaskStatus::Open && due_date < today
}

/// Why an open task belongs in its owner's reminder bell, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReminderReason {
    Overdue,
    DueToday,
    Reminder,
}

/// Overdue beats due today, which beats a reminder time that has come.
pub fn reminder_reason(
    status: TaskStatus,
    due_date: NaiveDate,
    remind_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<ReminderReason> {
    if status != TaskStatus::Open {
        return None;
    }
    let today = now.date_naive();
    if due_date < today {
        Some(ReminderReason::Overdue)
    } else if due_date == today {
        Some(ReminderReason::DueToday)
    } else if remind_at.is_some_and(|at| at <= now) {
        Some(ReminderReason::Reminder)
    } else {
        None
    }
}

/// `completed_at` after a status change: set when a task becomes done,
/// kept while it stays done, cleared when it is reopened or cancelled.
pub fn completed_at_after(
    before: TaskStatus,
    after: TaskStatus,
    completed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match (before, after) {
        (TaskStatus::Done, TaskStatus::Done) => completed_at.or(Some(now)),
        (_, TaskStatus::Done) => Some(now),
        _ => None,
    }
}

pub fn parse_title(raw: &str) -> Result<String, FieldError> {
    bounded_text("title", raw, 1, 200)
}

/// Free text such as resources or results: trimmed, at most 2,000 characters.
pub fn parse_notes(field: &'static str, raw: &str) -> Result<String, FieldError> {
    bounded_text(field, raw, 0, 2000)
}

/// The text of one to-do item; errors name `items`.
pub fn parse_item_text(raw: &str) -> Result<String, FieldError> {
    bounded_text("items", raw, 1, 300)
        .map_err(|e| FieldError::new("items", format!("each item's text {}", e.message)))
}

pub fn check_item_count(count: usize) -> Result<(), FieldError> {
    if count > MAX_ITEMS {
        Err(FieldError::new(
            "items",
            format!("a task may have at most {MAX_ITEMS} items"),
        ))
    } else {
        Ok(())
    }
}

/// A to-do item as the history compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    pub id: Uuid,
    pub text: String,
    pub done: bool,
}

/// One change to a task's checklist, recorded in the task's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ItemChange {
    ItemAdded {
        item_id: Uuid,
        text: String,
    },
    ItemRemoved {
        item_id: Uuid,
        text: String,
    },
    ItemRenamed {
        item_id: Uuid,
        before: String,
        after: String,
    },
    ItemDone {
        item_id: Uuid,
        text: String,
    },
    ItemReopened {
        item_id: Uuid,
        text: String,
    },
}

impl ItemChange {
    pub fn action(&self) -> &'static str {
        match self {
            ItemChange::ItemAdded { .. } => "item_added",
            ItemChange::ItemRemoved { .. } => "item_removed",
            ItemChange::ItemRenamed { .. } => "item_renamed",
            ItemChange::ItemDone { .. } => "item_done",
            ItemChange::ItemReopened { .. } => "item_reopened",
        }
    }
}

/// What changed from `before` to `after`, matched by item id; order changes
/// alone are not history.
pub fn diff_items(before: &[ItemState], after: &[ItemState]) -> Vec<ItemChange> {
    let mut changes = Vec::new();
    for old in before {
        if !after.iter().any(|new| new.id == old.id) {
            changes.push(ItemChange::ItemRemoved {
                item_id: old.id,
                text: old.text.clone(),
            });
        }
    }
    for new in after {
        let Some(old) = before.iter().find(|old| old.id == new.id) else {
            changes.push(ItemChange::ItemAdded {
                item_id: new.id,
                text: new.text.clone(),
            });
            if new.done {
                changes.push(ItemChange::ItemDone {
                    item_id: new.id,
                    text: new.text.clone(),
                });
            }
            continue;
        };
        if old.text != new.text {
            changes.push(ItemChange::ItemRenamed {
                item_id: new.id,
                before: old.text.clone(),
                after: new.text.clone(),
            });
        }
        match (old.done, new.done) {
            (false, true) => changes.push(ItemChange::ItemDone {
                item_id: new.id,
                text: new.text.clone(),
            }),
            (true, false) => changes.push(ItemChange::ItemReopened {
                item_id: new.id,
                text: new.text.clone(),
            }),
            _ => {}
        }
    }
    changes
}

/// The history action for a status change.
pub fn status_action(after: TaskStatus) -> &'static str {
    match after {
        TaskStatus::Open => "reopened",
        TaskStatus::Done => "completed",
        TaskStatus::Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn only_open_tasks_past_their_due_day_are_overdue() {
        let today = day(2026, 7, 10);
        assert!(is_overdue(TaskStatus::Open, day(2026, 7, 9), today));
        assert!(
            !is_overdue(TaskStatus::Open, today, today),
            "due today is not late yet"
        );
        assert!(!is_overdue(TaskStatus::Done, day(2026, 7, 1), today));
        assert!(!is_overdue(TaskStatus::Cancelled, day(2026, 7, 1), today));
    }

    #[test]
    fn reminders_show_overdue_then_due_today_then_reminder_times_that_came() {
        let now = noon(2026, 7, 10);
        let open = TaskStatus::Open;
        assert_eq!(
            reminder_reason(open, day(2026, 7, 9), None, now),
            Some(ReminderReason::Overdue)
        );
        assert_eq!(
            reminder_reason(open, day(2026, 7, 10), None, now),
            Some(ReminderReason::DueToday)
        );
        let earlier = Some(noon(2026, 7, 9));
        assert_eq!(
            reminder_reason(open, day(2026, 7, 20), earlier, now),
            Some(ReminderReason::Reminder)
        );
        let later = Some(noon(2026, 7, 11));
        assert_eq!(reminder_reason(open, day(2026, 7, 20), later, now), None);
        assert_eq!(
            reminder_reason(TaskStatus::Done, day(2026, 7, 1), earlier, now),
            None
        );
    }

    #[test]
    fn completing_sets_completed_at_and_reopening_or_cancelling_clears_it() {
        let now = noon(2026, 7, 10);
        let before = Some(noon(2026, 7, 1));
        assert_eq!(
            completed_at_after(TaskStatus::Open, TaskStatus::Done, None, now),
            Some(now)
        );
        assert_eq!(
            completed_at_after(TaskStatus::Done, TaskStatus::Done, before, now),
            before
        );
        assert_eq!(
            completed_at_after(TaskStatus::Done, TaskStatus::Open, before, now),
            None
        );
        assert_eq!(
            completed_at_after(TaskStatus::Done, TaskStatus::Cancelled, before, now),
            None
        );
        assert_eq!(
            completed_at_after(TaskStatus::Open, TaskStatus::Cancelled, None, now),
            None
        );
    }

    #[test]
    fn item_diffs_name_each_change() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let c = Uuid::from_u128(3);
        let item = |id, text: &str, done| ItemState {
            id,
            text: text.into(),
            done,
        };
        let before = [item(a, "Call", false), item(b, "Send deck", true)];
        let after = [item(a, "Call Ann", true), item(c, "Book demo", false)];
        let actions: Vec<_> = diff_items(&before, &after)
            .iter()
            .map(ItemChange::action)
            .collect();
        assert_eq!(
            actions,
            ["item_removed", "item_renamed", "item_done", "item_added"]
        );
        assert!(diff_items(&before, &before).is_empty());
        let reordered = [before[1].clone(), before[0].clone()];
        assert!(
            diff_items(&before, &reordered).is_empty(),
            "order alone is not a change"
        );
    }

    #[test]
    fn texts_and_item_counts_are_bounded_and_name_their_field() {
        assert_eq!(parse_title("  Prepare QBR ").unwrap(), "Prepare QBR");
        assert_eq!(parse_title(" ").unwrap_err().field, "title");
        assert_eq!(parse_item_text("").unwrap_err().field, "items");
        assert_eq!(parse_notes("resources", "").unwrap(), "");
        assert!(check_item_count(MAX_ITEMS).is_ok());
        assert_eq!(check_item_count(MAX_ITEMS + 1).unwrap_err().field, "items");
        assert_eq!(
            "archived".parse::<TaskStatus>().unwrap_err().field,
            "status"
        );
    }
}
