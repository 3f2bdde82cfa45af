//! What the performance pages show (KPI scorecards, goals, tasks and
//! activities, imports): plain data compiled into both the server and the
//! wasm, and the pure helpers that format it. Amounts and ratios stay
//! decimal strings; ratios are turned into percentages by moving the decimal
//! point, never through a float.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A value and its label, for a select.
pub type Choice = (String, String);

/// Labelled groups of choices (`<optgroup>`s).
pub type ChoiceGroup = (String, Vec<Choice>);

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_key(year: i32, month: u32) -> String {
    format!("{year}-{month:02}")
}

fn quarter_key(year: i32, month: u32) -> String {
    format!("{year}-Q{}", (month - 1) / 3 + 1)
}

/// The month before (`year`, `month`), months 1 to 12.
fn previous_month(year: i32, month: u32) -> (i32, u32) {
    if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    }
}

/// "2026-Q3" → "Q3 2026", "2026-07" → "July 2026", "2026" → "2026",
/// "2026-07-01..2026-09-30" → "2026-07-01 to 2026-09-30".
pub fn period_label(key: &str) -> String {
    if let Some((from, to)) = key.split_once("..") {
        return format!("{from} to {to}");
    }
    match key.split_once('-') {
        Some((year, quarter)) if quarter.starts_with('Q') => format!("{quarter} {year}"),
        Some((year, month)) => month
            .parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
            .map(|name| format!("{name} {year}"))
            .unwrap_or_else(|| key.to_owned()),
        None => key.to_owned(),
    }
}

/// The periods the scorecard page offers around today (`year`, `month`).
pub fn scorecard_periods(year: i32, month: u32) -> Vec<Choice> {
    let (last_month_year, last_month) = previous_month(year, month);
    let this_quarter_start = (month - 1) / 3 * 3 + 1;
    let (last_quarter_year, last_quarter_month) = previous_month(year, this_quarter_start);
    let entry = |key: String, name: &str| {
        let label = format!("{name} ({})", period_label(&key));
        (key, label)
    };
    vec![
        entry(month_key(year, month), "This month"),
        entry(month_key(last_month_year, last_month), "Last month"),
        entry(quarter_key(year, month), "This quarter"),
        entry(
            quarter_key(last_quarter_year, last_quarter_month),
            "Last quarter",
        ),
        entry(year.to_string(), "This year"),
        entry((year - 1).to_string(), "Last year"),
    ]
}

/// The periods goals can be set for: last, this and next year, their
/// quarters and months (this and next year), grouped for a select.
pub fn goal_periods(year: i32) -> Vec<ChoiceGroup> {
    let years = (year - 1..=year + 1)
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    let quarters = (year..=year + 1)
        .flat_map(|y| (1..=4).map(move |q| (format!("{y}-Q{q}"), format!("Q{q} {y}"))))
        .collect();
    let months = (year..=year + 1)
        .flat_map(|y| (1..=12).map(move |m| (month_key(y, m), period_label(&month_key(y, m)))))
        .collect();
    vec![
        ("Years".to_owned(), years),
        ("Quarters".to_owned(), quarters),
        ("Months".to_owned(), months),
    ]
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// "23.5000" → "23.5", "12.00" → "12", "-0.50" → "-0.5".
pub fn trim_decimal(raw: &str) -> String {
    let raw = raw.trim();
    match raw.split_once('.') {
        Some((whole, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() {
                whole.to_owned()
            } else {
                format!("{whole}.{fraction}")
            }
        }
        None => raw.to_owned(),
    }
}

/// A ratio as a percentage, by moving the decimal point two places:
/// "0.6250" → "62.5%", "1.1" → "110%", "0" → "0%".
pub fn percent(ratio: &str) -> String {
    format!("{}%", percent_number(ratio))
}

/// As [`percent`], without the sign.
pub fn percent_number(ratio: &str) -> String {
    let raw = ratio.trim();
    let (sign, digits) = raw.strip_prefix('-').map_or(("", raw), |r| ("-", r));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let padded: String = fraction.chars().chain("00".chars()).collect();
    let (moved, rest) = padded.split_at(2);
    let whole = format!("{whole}{moved}");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    let sign = if whole == "0" && rest.is_empty() {
        ""
    } else {
        sign
    };
    if rest.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{rest}")
    }
}

/// A decimal string for drawing only (bars, rings); 0 when unreadable.
pub fn geometry(raw: &str) -> f64 {
    raw.trim().parse().unwrap_or(0.0)
}

/// A count with thousands separators: 12345 → "12,345".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------
// KPI scorecard
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversionRow {
    pub from_stage: String,
    pub to_stage: String,
    pub entered: i64,
    pub advanced: i64,
    /// A ratio with four places; none when no deal entered the stage.
    pub rate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityTarget {
    pub kind: String,
    pub done: i64,
    pub target: i64,
    pub attainment: Option<String>,
}

/// The scorecard of one scope and period, as the API computes it; money
/// per currency (currency → decimal string), ratios as decimal strings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScorecardData {
    pub from: String,
    pub to: String,
    pub won_count: i64,
    pub lost_count: i64,
    pub open_count: i64,
    pub win_rate: Option<String>,
    pub bookings: BTreeMap<String, String>,
    pub average_deal_size: BTreeMap<String, String>,
    pub average_cycle_days: Option<String>,
    pub pipeline_created: BTreeMap<String, String>,
    pub open_pipeline: BTreeMap<String, String>,
    pub conversions: Vec<ConversionRow>,
    pub arr: BTreeMap<String, String>,
    pub arpu: BTreeMap<String, String>,
    pub new_logos: i64,
    pub quota: Option<String>,
    pub quota_currency: Option<String>,
    pub quota_attainment: Option<String>,
    pub pipeline_coverage: Option<String>,
    pub activities: Vec<ActivityTarget>,
}

impl ScorecardData {
    /// Whether the scope had any deal or activity in the period.
    pub fn is_empty(&self) -> bool {
        self.won_count + self.lost_count + self.open_count == 0
            && self.pipeline_created.is_empty()
            && self.open_pipeline.is_empty()
            && self.arr.is_empty()
            && self.activities.iter().all(|a| a.done == 0)
    }

    /// Every currency any money figure is in, in order.
    pub fn currencies(&self) -> Vec<String> {
        let mut all: Vec<String> = [
            &self.bookings,
            &self.open_pipeline,
            &self.pipeline_created,
            &self.arr,
        ]
        .iter()
        .flat_map(|m| m.keys().cloned())
        .collect();
        all.sort();
        all.dedup();
        all
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiPage {
    /// Scopes the caller may pick, grouped (company, regions, teams, people).
    pub scopes: Vec<ChoiceGroup>,
    /// Calendar periods around today.
    pub periods: Vec<Choice>,
    /// The scope, period (or "custom") and range asked for.
    pub scope: String,
    pub period: String,
    pub from: String,
    pub to: String,
    pub scope_label: String,
    pub period_label: String,
    pub card: Option<ScorecardData>,
    /// snapshot or computed.
    pub source: String,
    pub computed_at: Option<String>,
    /// Why there is no scorecard (a field of the picker, or the scope).
    pub problem: Option<Problem>,
}

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

pub const METRICS: [(&str, &str); 4] = [
    ("revenue", "Revenue"),
    ("new_logos", "New logos"),
    ("pipeline_created", "Pipeline created"),
    ("activities", "Activities"),
];

pub fn metric_label(key: &str) -> &str {
    METRICS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}

pub fn metric_is_money(key: &str) -> bool {
    matches!(key, "revenue" | "pipeline_created")
}

/// A goal in the cascade, in drawing order (`depth` 0 at the roots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalLine {
    pub id: String,
    pub depth: usize,
    /// company, region, team or rep.
    pub scope_kind: String,
    pub scope_name: String,
    pub period: String,
    pub metric: String,
    pub target: String,
    pub currency: Option<String>,
    pub children: usize,
    pub children_total: String,
    /// children_total / target, four places.
    pub coverage: Option<String>,
    /// target − children_total (negative: the children exceed it).
    pub gap: String,
    /// covered, short, over or no_children.
    pub status: String,
    pub version: i32,
    /// Whether the caller may change this goal.
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalsPage {
    pub period: String,
    pub metric: String,
    pub periods: Vec<ChoiceGroup>,
    pub lines: Vec<GoalLine>,
    /// Scopes a goal can be set for (grouped: company, regions, teams, people).
    pub scopes: Vec<ChoiceGroup>,
    /// Goals that can hold a new one: (id, "Company · Q3 2026 · Revenue 1,000.00 USD").
    pub parents: Vec<Choice>,
    /// Whether the caller may set goals at all (owners, admins, managers).
    pub may_set: bool,
    /// The currency most goals use, the form's default.
    pub currency: String,
}

/// A goal's amount: money with its currency, a count without.
pub fn goal_amount(amount: &str, currency: Option<&str>) -> String {
    match currency {
        Some(currency) => crate::model::format_money(amount, currency),
        None => {
            let whole = trim_decimal(amount);
            whole.parse::<i64>().map(count).unwrap_or(whole)
        }
    }
}

pub fn scope_kind_label(kind: &str) -> &str {
    match kind {
        "company" => "Company",
        "region" => "Region",
        "team" => "Team",
        "rep" => "Rep",
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Tasks and activities
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    /// open, done or cancelled.
    pub status: String,
    pub overdue: bool,
    /// Whole days past the due day (open tasks).
    pub days_overdue: i64,
    pub items_done: i64,
    pub items_total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskItemRow {
    pub id: String,
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskEventRow {
    pub at: String,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDetail {
    pub row: TaskRow,
    pub owner_id: String,
    pub resources: String,
    pub expected_result: String,
    pub measured_result: Option<String>,
    pub remind_at: Option<String>,
    pub completed_at: Option<String>,
    pub deal: Option<Choice>,
    pub version: i32,
    pub items: Vec<TaskItemRow>,
    /// Oldest first.
    pub history: Vec<TaskEventRow>,
    /// Whether the caller may change it.
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TasksPage {
    pub tab: String,
    pub status: String,
    pub list: crate::model::Page<TaskRow>,
    /// Owners the caller may give a task to (themselves first); empty for reps.
    pub owners: Vec<Choice>,
    /// The caller's own person, if they are in the sales organisation.
    pub me: Option<String>,
    pub today: String,
    /// Whether the caller may create and change tasks.
    pub may_edit: bool,
    /// Whether the caller has reports (shows the "My team" tab).
    pub has_team: bool,
}

pub const ACTIVITY_KINDS: [(&str, &str); 4] = [
    ("call", "Call"),
    ("meeting", "Meeting"),
    ("demo", "Demo"),
    ("email", "Email"),
];

pub fn activity_label(key: &str) -> &str {
    ACTIVITY_KINDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}

/// Plural for counts: "3 calls", "1 demo".
pub fn activity_count(kind: &str, n: i64) -> String {
    let noun = activity_label(kind).to_lowercase();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", count(n))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: String,
    pub kind: String,
    pub at: String,
    pub subject: String,
    pub person: String,
    pub deal: Option<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekProgress {
    pub kind: String,
    pub done: i64,
    pub target: i64,
    /// Percent with one place; none without a target.
    pub percent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitiesPage {
    pub list: crate::model::Page<ActivityRow>,
    /// This week (Monday, UTC) of the caller against their role's targets.
    pub week: Option<(String, Vec<WeekProgress>)>,
    pub sales_role: Option<String>,
    /// Open deals to log against.
    pub deals: Vec<Choice>,
    /// People the caller may log for (themselves first); empty for reps.
    pub people: Vec<Choice>,
    pub me: Option<String>,
    /// "2026-07-06T14:30", UTC: the form's default time.
    pub now: String,
    pub may_log: bool,
    pub has_team: bool,
}

// ---------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------

pub const IMPORT_KINDS: [(&str, &str); 4] = [
    ("deals", "Deals"),
    ("people", "People"),
    ("accounts", "Accounts"),
    ("activities", "Activities"),
];

pub fn import_kind_label(key: &str) -> &str {
    IMPORT_KINDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}

pub fn source_label(key: &str) -> &str {
    match key {
        "hubspot" => "HubSpot export",
        "salesforce" => "Salesforce report",
        _ => "Generic CSV",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldOption {
    pub field: String,
    pub label: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageMapRow {
    pub crm_stage: String,
    pub rows: usize,
    /// The pipeline stage key the rows go to; none refuses them.
    pub stage_key: Option<String>,
    /// Chosen by an admin (else suggested).
    pub chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectionRow {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewData {
    pub headers: Vec<String>,
    pub delimiter: String,
    pub fields: Vec<FieldOption>,
    /// Labels of required fields no column feeds.
    pub missing_required: Vec<String>,
    pub stages: Vec<StageMapRow>,
    /// The first rows as they will be imported: column labels, then rows.
    pub sample_columns: Vec<String>,
    pub sample_rows: Vec<Vec<String>>,
    /// The first refusals (all are in the download).
    pub rejections: Vec<RejectionRow>,
    pub good_rows: usize,
    pub rejected_rows: usize,
    pub date_order: String,
    pub decimal_comma: bool,
    /// Active pipeline stages: (key, name).
    pub pipeline: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportData {
    pub id: String,
    pub kind: String,
    pub source: String,
    pub file_name: String,
    /// previewed, queued, running, done or failed.
    pub status: String,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub rejected_rows: i32,
    pub error: Option<String>,
    pub version: i32,
    pub created: String,
    pub finished: Option<String>,
    /// CSV column → field key.
    pub mapping: BTreeMap<String, String>,
    pub preview: Option<PreviewData>,
}

impl ImportData {
    pub fn is_running(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running")
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.status.as_str(), "done" | "failed")
    }

    /// Processed share in percent (0 to 100), for the progress bar.
    pub fn progress_percent(&self) -> i64 {
        if self.status == "done" {
            return 100;
        }
        if self.total_rows <= 0 {
            return 0;
        }
        (i64::from(self.processed_rows) * 100 / i64::from(self.total_rows)).clamp(0, 100)
    }

    pub fn rejections_href(&self) -> String {
        format!("/api/v1/imports/{}/rejections.csv", self.id)
    }
}

pub fn import_status_label(status: &str) -> &str {
    match status {
        "previewed" => "Ready to start",
        "queued" => "Queued",
        "running" => "Importing",
        "done" => "Done",
        "failed" => "Failed",
        other => other,
    }
}

pub fn import_status_badge(status: &str) -> &'static str {
    match status {
        "done" => "badge badge-ahead",
        "failed" => "badge badge-behind",
        "queued" | "running" => "badge badge-on-track",
        _ => "badge badge-neutral",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportListRow {
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub status: String,
    pub total_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub rejected_rows: i32,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportsPage {
    pub recent: Vec<ImportListRow>,
    /// The import asked for in the address (`?import=`), if any.
    pub open: Option<ImportData>,
}

/// One column of the mapping form; the field is "" to ignore the column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnArg {
    pub column: String,
    #[serde(default)]
    pub field: String,
}

/// One CRM stage of the stage-mapping form; "" refuses its rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageArg {
    pub crm_stage: String,
    #[serde(default)]
    pub stage_key: String,
}

/// One to-do item of the checklist form; `done` is "true" when ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemArg {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub done: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_become_percentages_without_floats() {
        assert_eq!(percent("0.6250"), "62.5%");
        assert_eq!(percent("1.1"), "110%");
        assert_eq!(percent("0"), "0%");
        assert_eq!(percent("0.0000"), "0%");
        assert_eq!(percent("0.3333"), "33.33%");
        assert_eq!(percent("12.5"), "1250%");
        assert_eq!(percent("-0.05"), "-5%");
        assert_eq!(trim_decimal("23.5000"), "23.5");
        assert_eq!(trim_decimal("12.00"), "12");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-1200), "-1,200");
        assert_eq!(goal_amount("12.00", None), "12");
        assert_eq!(goal_amount("1000.5", Some("EUR")), "1,000.50 EUR");
    }

    #[test]
    fn periods_around_today() {
        let periods = scorecard_periods(2026, 1);
        let keys: Vec<&str> = periods.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["2026-01", "2025-12", "2026-Q1", "2025-Q4", "2026", "2025"]
        );
        assert_eq!(periods[0].1, "This month (January 2026)");
        assert_eq!(scorecard_periods(2026, 8)[3].0, "2026-Q2");
        assert_eq!(period_label("2026-Q3"), "Q3 2026");
        assert_eq!(period_label("2026-07"), "July 2026");
        assert_eq!(
            period_label("2026-07-01..2026-07-31"),
            "2026-07-01 to 2026-07-31"
        );
        let goals = goal_periods(2026);
        assert_eq!(goals[0].1.len(), 3);
        assert_eq!(goals[1].1[4].0, "2027-Q1");
        assert_eq!(goals[2].1.len(), 24);
    }
}

/// The executive alignment dashboard: one period's goal cascade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentPage {
    /// `2026-Q4` or `2026`.
    pub period: String,
    /// (value, label) of the periods to pick from.
    pub periods: Vec<(String, String)>,
    pub as_of: String,
    pub computed: String,
    pub ahead: usize,
    pub on_track: usize,
    pub behind: usize,
    /// Parents before children.
    pub goals: Vec<AlignGoal>,
    pub risks: Vec<AlignRisk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignGoal {
    pub id: String,
    pub parent_id: Option<String>,
    /// Company, Region, Team or Rep.
    pub kind: String,
    pub name: String,
    /// ahead, on_track or behind.
    pub class: String,
    pub target: String,
    pub actual: String,
    pub expected: String,
    /// Actual − expected, signed.
    pub gap: String,
    /// The gap in days of run rate, e.g. "-12.5 days".
    pub gap_days: Option<String>,
    pub pace_explanation: String,
    pub forecast: String,
    pub chance: String,
    pub chance_words: String,
    pub forecast_sentence: String,
    pub score: Option<String>,
    pub score_note: String,
    pub parts: Vec<AlignPart>,
    /// For drawing only: actual, expected, forecast and target as numbers.
    pub drawn: (f64, f64, f64, f64),
    /// The priority mix against the target; `None` without a target mix.
    pub mix: Option<AlignMix>,
    /// Says how many deals were left out for want of an exchange rate.
    pub unconverted: Option<String>,
}

/// Target, pipeline and bookings as shares of each product priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignMix {
    /// "Target", "Pipeline", "Bookings", each with its score against the
    /// target (none for the target itself), and its segments.
    pub rows: Vec<MixRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixRow {
    pub label: String,
    pub score: Option<String>,
    /// Empty when nothing with product lines is in it.
    pub segments: Vec<MixSegment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixSegment {
    /// `strategic`, `standard` or `loss_leader`: the segment's colour.
    pub key: String,
    pub label: String,
    /// 0–100, for drawing.
    pub percent: f64,
    pub text: String,
}

/// The company's target mix as its form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetMixForm {
    /// Percent per priority; empty strings when no target is set.
    pub strategic: String,
    pub standard: String,
    pub loss_leader: String,
    pub set: bool,
    pub may_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignPart {
    pub label: String,
    pub score: String,
    /// Its share of the score, in percent.
    pub weight: String,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignRisk {
    pub goal_id: String,
    pub name: String,
    pub kind: String,
    pub gap: String,
    pub chance: String,
    pub sentence: String,
}

/// The manager's team view of one team and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachingPage {
    pub team_id: String,
    pub team_name: String,
    pub period: String,
    /// (value, label) of the periods to pick from.
    pub periods: Vec<(String, String)>,
    /// (id, label) of the teams the caller may open.
    pub teams: Vec<(String, String)>,
    /// "2025-12-03 to 2026-12-02": the deals the funnels count.
    pub funnel_range: String,
    pub rows: Vec<CoachRow>,
    pub kpis: Vec<CoachKpi>,
    /// (stage, deals entering it, conversion to the next) for the team.
    pub team_funnel: Vec<(String, u64, String)>,
    /// The rep opened below the board (`?rep=`), with their funnel and notes.
    pub selected: Option<CoachRep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachRow {
    pub rank: u32,
    pub rep_id: String,
    pub name: String,
    pub attainment: String,
    /// Attainment in percent for the meter (0 when no quota).
    pub attainment_percent: f64,
    pub has_quota: bool,
    pub bookings: String,
    pub win_rate: String,
    pub activities: String,
    /// "Demo → Proposal" and what it costs, when the rep trails the team somewhere.
    pub weakest: Option<(String, String)>,
    /// (kind, message)
    pub flags: Vec<(String, String)>,
    pub top_quartile: Vec<String>,
    pub last_one_on_one: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachKpi {
    pub label: String,
    pub median: String,
    pub top_quartile: String,
    /// "higher" or "lower" is better.
    pub better: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachRep {
    pub rep_id: String,
    pub name: String,
    pub kpis: Vec<CoachRepKpi>,
    pub stages: Vec<CoachStage>,
    pub weakest_explanation: Option<String>,
    pub weakest_label: Option<String>,
    pub notes: Vec<CoachNote>,
    pub can_write: bool,
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachStage {
    pub step: String,
    pub rep_rate: String,
    pub team_rate: String,
    pub rep_percent: f64,
    pub team_percent: f64,
    pub weakest: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachNote {
    pub held_on: String,
    pub author: String,
    pub notes: String,
    pub next_steps: String,
    pub focus_stage: Option<String>,
}

/// One KPI of the opened rep against the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachRepKpi {
    pub label: String,
    pub value: String,
    pub median: String,
    pub top_quartile: String,
    /// ahead (top quartile), on-track (at or above the median) or behind.
    pub standing: String,
    pub standing_label: String,
}

/// The company's management maturity, as the alignment dashboard shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaturityCard {
    pub level: String,
    /// Every level in order with whether the company has reached it.
    pub levels: Vec<(String, bool)>,
    /// (level it belongs to, met, what was found, what to do when not met)
    pub evidence: Vec<(String, bool, String, String)>,
    pub next_step: String,
}

/// Peer benchmarks of the company's cohorts for one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarksPage {
    pub period: String,
    /// (value, label) of the periods to pick from.
    pub periods: Vec<(String, String)>,
    pub opted_in: bool,
    pub may_change: bool,
    /// "software, 51-200 employees"
    pub company: String,
    /// When the latest run finished, and how many companies took part.
    pub ran: Option<(String, i32)>,
    pub cohorts: Vec<BenchCohort>,
    /// (metric, the company's own figure)
    pub own: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchCohort {
    pub label: String,
    pub published: bool,
    pub companies: Option<i32>,
    pub note: Option<String>,
    pub rows: Vec<BenchRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRow {
    pub metric: String,
    pub own: String,
    /// p25, p50, p75, p90 formatted; empty when withheld.
    pub percentiles: Vec<String>,
    /// "Top quartile", "Above the median", …; empty when unknown.
    pub standing: String,
    /// ahead, on-track or behind (for the badge).
    pub standing_class: String,
    pub withheld: Option<String>,
}
