//! Server functions of the manager and admin compensation pages, and what
//! they return: the approvals queue (statements of a period, one statement
//! line by line, disputes with their threads), comp plans (versions, the
//! rules as a form, assignments) and payouts (totals by status, background
//! runs with progress, scenario results, quotas and exchange rates).
//!
//! Each function calls the same `run` as the matching `/api/v1` endpoint,
//! so permissions, validation and audit are the API's own. Amounts stay
//! decimal strings from the API to the page. A plan's rules can have many
//! problems at once (`invalid_plan` lists every one): saving answers them
//! as [`FieldProblem`]s in [`PlanSaved`] so the editor shows each next to
//! the input it names; other failures are the usual [`Problem`].
#![allow(clippy::too_many_arguments)]

use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// A value and its label, for a select.
pub type Choice = (String, String);
/// Labelled groups of choices (`<optgroup>`s).
pub type ChoiceGroup = (String, Vec<Choice>);
/// An amount per currency: (currency, decimal amount).
pub type MoneyTotal = (String, String);

// ---------------------------------------------------------------------------
// What the pages show
// ---------------------------------------------------------------------------

/// One problem with one field: `field` is the path the API names, such as
/// `rules.rate_table.tiers[1].from_pct`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A statement in a period's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementItem {
    pub person_id: String,
    pub person_name: String,
    /// draft, approved or paid.
    pub status: String,
    pub currency: String,
    pub payout: String,
    pub earned: String,
    pub attainment_pct: Option<String>,
    pub lines: usize,
    pub open_disputes: usize,
    pub version: i32,
}

/// One line of a statement with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub index: usize,
    pub kind: String,
    pub deal_name: Option<String>,
    /// For roll-ups and splits: whose deal credit this is.
    pub credited_from: Option<String>,
    pub share_pct: Option<String>,
    pub weight: Option<String>,
    pub fx_rate: Option<String>,
    pub base: Option<String>,
    pub tier: Option<u32>,
    /// A fraction: "0.10" is 10%.
    pub rate: Option<String>,
    pub attainment_from: Option<String>,
    pub attainment_to: Option<String>,
    pub rule: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentItem {
    pub amount: String,
    pub reason: String,
    pub carried_from: Option<String>,
    pub created: String,
}

/// One person's statement for a period, line by line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementDetail {
    pub person_id: String,
    pub person_name: String,
    pub period: String,
    pub status: String,
    pub currency: String,
    pub version: i32,
    pub quota: Option<String>,
    pub credited: String,
    pub attainment_pct: Option<String>,
    pub earned: String,
    pub adjustments: String,
    pub draw: String,
    pub recovered: String,
    pub payout: String,
    pub lines: Vec<LineItem>,
    pub adjustment_rows: Vec<AdjustmentItem>,
    pub warnings: Vec<String>,
    pub computed: String,
    pub approved: Option<String>,
    pub paid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageItem {
    pub author: String,
    pub body: String,
    pub at: String,
}

/// A dispute on one statement line, with its thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeItem {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub period: String,
    pub line: Option<LineItem>,
    /// open, resolved or rejected.
    pub status: String,
    pub resolution: Option<String>,
    pub opened: String,
    pub version: i32,
    pub messages: Vec<MessageItem>,
}

/// `/app/commissions/approvals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalsPage {
    pub period: String,
    pub periods: Vec<Choice>,
    pub items: Vec<StatementItem>,
    pub totals: Vec<MoneyTotal>,
    /// The statement opened with `?person=`.
    pub open: Option<StatementDetail>,
    /// Open disputes the caller may resolve.
    pub disputes: Vec<DisputeItem>,
    /// Owners and admins: pay, adjust, every statement.
    pub manages: bool,
    /// The caller's own person, whose statement they cannot approve.
    pub me: Option<String>,
}

/// A statement after a workflow step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDone {
    pub person_name: String,
    pub status: String,
}

/// What "approve every draft" did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkApproved {
    pub approved: usize,
    /// (person, why not).
    pub refused: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionItem {
    pub version: i32,
    /// draft or published.
    pub status: String,
    pub effective_from: String,
    pub published: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Oldest first.
    pub versions: Vec<VersionItem>,
    pub assignments: usize,
}

/// One row of a rate table as typed: percentages of quota and a rate in
/// percent ("10" is 10%).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TierForm {
    #[serde(default)]
    pub from_pct: String,
    #[serde(default)]
    pub to_pct: String,
    #[serde(default)]
    pub rate_pct: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BonusForm {
    #[serde(default)]
    pub at_pct: String,
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpiffForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub amount_per_deal: String,
    #[serde(default)]
    pub min_amount: String,
    /// The SPIFF's product and deal-type filters (JSON), kept as they were.
    #[serde(default)]
    pub keep: String,
}

/// A version's rules as the editor's inputs hold them. Everything the form
/// does not show (product weights, product and territory filters) is kept
/// from the version's stored rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    pub currency: String,
    /// bookings, arr or new_logos.
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub dt_new_business: bool,
    #[serde(default)]
    pub dt_expansion: bool,
    #[serde(default)]
    pub dt_renewal: bool,
    #[serde(default)]
    pub manager_rollup: bool,
    /// marginal or retroactive.
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub tiers: Vec<TierForm>,
    #[serde(default)]
    pub threshold_pct: String,
    #[serde(default)]
    pub cap_per_deal: String,
    #[serde(default)]
    pub cap_per_period: String,
    #[serde(default)]
    pub weight_strategic: String,
    #[serde(default)]
    pub weight_standard: String,
    #[serde(default)]
    pub weight_loss_leader: String,
    #[serde(default)]
    pub bonuses: Vec<BonusForm>,
    #[serde(default)]
    pub spiffs: Vec<SpiffForm>,
    #[serde(default)]
    pub clawback_days: String,
    #[serde(default)]
    pub draw_amount: String,
    #[serde(default)]
    pub draw_recoverable: bool,
}

impl RulesForm {
    /// What a new plan starts from: 10% up to quota, 15% above, marginal;
    /// strategic products count 1.5×, loss leaders 0.5×.
    pub fn starter() -> Self {
        Self {
            currency: "USD".into(),
            measure: "bookings".into(),
            method: "marginal".into(),
            tiers: vec![
                TierForm {
                    from_pct: "0".into(),
                    to_pct: "100".into(),
                    rate_pct: "10".into(),
                },
                TierForm {
                    from_pct: "100".into(),
                    to_pct: String::new(),
                    rate_pct: "15".into(),
                },
            ],
            weight_strategic: "1.5".into(),
            weight_standard: "1".into(),
            weight_loss_leader: "0.5".into(),
            ..Self::default()
        }
    }
}

/// The version open in the plan editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenVersion {
    pub plan_id: String,
    pub plan_name: String,
    pub version: i32,
    pub status: String,
    pub effective_from: String,
    pub published: Option<String>,
    pub rules: RulesForm,
    /// The stored rules (JSON), for what the form does not show.
    pub base_rules: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentItem {
    pub id: String,
    pub plan_name: String,
    /// The person's name, or "Everyone in <role>".
    pub target: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    /// In force today.
    pub current: bool,
}

/// `/app/admin/plans`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlansPage {
    pub plans: Vec<PlanItem>,
    pub open: Option<OpenVersion>,
    pub assignments: Vec<AssignmentItem>,
    /// People and sales roles a plan can be assigned to
    /// (`person:<id>`, `role:<key>`).
    pub targets: Vec<ChoiceGroup>,
    /// Today, and the first day of this and next month ("2026-11-01").
    pub today: String,
    pub month_start: String,
    pub next_month_start: String,
}

/// What saving, copying or publishing a version did: where it is now, or,
/// when `problems` is not empty, nothing at all and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSaved {
    pub plan_id: String,
    pub version: i32,
    pub problems: Vec<FieldProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandItem {
    pub from: String,
    pub to: String,
    pub current: usize,
    pub scenario: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioPerson {
    pub name: String,
    pub current: String,
    pub scenario: String,
    pub delta: String,
    pub attainment_pct: Option<String>,
}

/// A scenario run's result: the period's payouts now and under the version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub period: String,
    pub people: usize,
    pub current_total: String,
    pub scenario_total: String,
    pub delta: String,
    pub better_off: usize,
    pub worse_off: usize,
    pub unchanged: usize,
    pub bands: Vec<BandItem>,
    /// Biggest gain first.
    pub rows: Vec<ScenarioPerson>,
    pub elapsed_ms: u64,
}

/// A background run (a recalculation or a scenario) and its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunItem {
    pub id: String,
    /// recalculation or scenario.
    pub kind: String,
    /// queued, running, done or failed.
    pub status: String,
    pub done: i32,
    pub total: i32,
    pub period: String,
    pub plan_name: Option<String>,
    pub version: Option<i32>,
    /// The plan version's currency (scenarios).
    pub currency: String,
    pub created: String,
    pub error: Option<String>,
    pub scenario: Option<ScenarioResult>,
}

impl RunItem {
    pub fn is_running(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running")
    }

    pub fn percent(&self) -> f64 {
        match (self.status.as_str(), self.total) {
            ("done", _) => 100.0,
            (_, total) if total > 0 => (f64::from(self.done) / f64::from(total) * 100.0).min(100.0),
            _ => 0.0,
        }
    }
}

/// Statements of one status in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusTotal {
    pub status: String,
    pub count: usize,
    pub totals: Vec<MoneyTotal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaItem {
    pub person_id: String,
    pub name: String,
    pub role: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateItem {
    pub period: String,
    pub from: String,
    pub to: String,
    pub rate: String,
}

/// `/app/admin/compensation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutsPage {
    pub period: String,
    /// month or quarter.
    pub period_kind: String,
    /// Next, this and earlier periods.
    pub periods: Vec<Choice>,
    /// This and earlier periods (recalculations and scenarios).
    pub past_periods: Vec<Choice>,
    pub by_status: Vec<StatusTotal>,
    pub totals: Vec<MoneyTotal>,
    pub items: Vec<StatementItem>,
    /// Plan versions a scenario can replay (`<plan id>:<version>`), drafts first.
    pub versions: Vec<ChoiceGroup>,
    pub default_version: String,
    pub runs: Vec<RunItem>,
    /// The scenario opened with `?run=`.
    pub open_run: Option<RunItem>,
    /// The latest recalculation.
    pub recalculation: Option<RunItem>,
    pub quotas: Vec<QuotaItem>,
    pub rates: Vec<RateItem>,
}

/// A quota as posted by the quotas form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaArg {
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub amount: String,
}

// ---------------------------------------------------------------------------
// Formatting (both sides)
// ---------------------------------------------------------------------------

pub const STATUSES: [(&str, &str); 3] = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("paid", "Paid"),
];

pub fn status_label(status: &str) -> &'static str {
    match status {
        "draft" => "Draft",
        "approved" => "Approved",
        "paid" => "Paid",
        "open" => "Open",
        "resolved" => "Resolved",
        "rejected" => "Rejected",
        "published" => "Published",
        "queued" => "Queued",
        "running" => "Running",
        "done" => "Done",
        "failed" => "Failed",
        _ => "Unknown",
    }
}

pub fn status_badge(status: &str) -> &'static str {
    match status {
        "draft" | "open" | "queued" | "running" => "badge badge-warning",
        "approved" | "published" => "badge badge-on-track",
        "paid" | "resolved" | "done" => "badge badge-ahead",
        "rejected" | "failed" => "badge badge-behind",
        _ => "badge badge-neutral",
    }
}

pub fn line_kind_label(kind: &str) -> &'static str {
    match kind {
        "commission" => "Commission",
        "roll_up" => "Roll-up",
        "deal_cap" => "Deal cap",
        "bonus" => "Bonus",
        "spiff" => "SPIFF",
        "period_cap" => "Period cap",
        "clawback" => "Clawback",
        "adjustment" => "Adjustment",
        "draw_top_up" => "Draw top-up",
        "draw_recovery" => "Draw recovery",
        _ => "Line",
    }
}

pub const MEASURES: [(&str, &str); 3] = [
    ("bookings", "Booked amount"),
    ("arr", "ARR (annualised)"),
    ("new_logos", "New logos (count)"),
];

/// "1600.00", "USD" → "+1,600.00 USD"; negatives keep their sign.
pub fn signed_money(amount: &str, currency: &str) -> String {
    let formatted = crate::model::format_money(amount, currency);
    let zero = amount
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if amount.starts_with('-') || zero {
        formatted
    } else {
        format!("+{formatted}")
    }
}

/// Money per currency: "12,000.00 USD · 3,000.00 EUR", or "–" for none.
pub fn totals_text(totals: &[MoneyTotal]) -> String {
    if totals.is_empty() {
        return "–".to_owned();
    }
    totals
        .iter()
        .map(|(currency, amount)| crate::model::format_money(amount, currency))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An attainment percentage ("120.00") as "120%".
pub fn pct_text(raw: &str) -> String {
    format!("{}%", crate::perf_api::model::trim_decimal(raw))
}

/// The problems that name `field` exactly.
pub fn problems_for(problems: &[FieldProblem], field: &str) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| p.message.clone())
        .collect()
}

/// "12.5" (percent) → "0.125" (fraction), by moving the decimal point:
/// rates are typed in percent and stored as fractions, never through a float.
pub fn percent_to_fraction(raw: &str) -> String {
    let raw = raw.trim();
    let (sign, digits) = raw.strip_prefix('-').map_or(("", raw), |r| ("-", r));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let padded = format!("{whole:0>3}");
    let (head, tail) = padded.split_at(padded.len() - 2);
    let head = head.trim_start_matches('0');
    let head = if head.is_empty() { "0" } else { head };
    let fraction = format!("{tail}{fraction}");
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{head}")
    } else {
        format!("{sign}{head}.{fraction}")
    }
}

/// A number as typed ("48,000.50") if it is one: digits with at most one
/// point, an optional minus; grouping characters dropped.
pub fn decimal_text(raw: &str) -> Option<String> {
    let plain: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\''))
        .collect();
    let unsigned = plain.strip_prefix('-').unwrap_or(&plain);
    let mut parts = unsigned.split('.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let valid = parts.next().is_none()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit()))
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let leading_point = whole.is_empty();
    valid.then(|| {
        if leading_point {
            plain.replacen('.', "0.", 1)
        } else {
            plain.clone()
        }
    })
}

// ---------------------------------------------------------------------------
// Server-side conversion
// ---------------------------------------------------------------------------

/// Runs `$body`; on error, hands the problem to the form (with or without JS).
#[cfg(feature = "ssr")]
macro_rules! form_call {
    ($fn_type:ty, $body:expr) => {{
        let result: Result<_, $crate::problem::Problem> = async { $body }.await;
        match result {
            Ok(value) => Ok(value),
            Err(problem) => Err($crate::server::form_error(
                <$fn_type as leptos::server_fn::ServerFn>::PATH,
                problem,
            )
            .await),
        }
    }};
}

#[cfg(feature = "ssr")]
mod convert {
    //! The API's views as the pages show them, and form values as the API
    //! reads them.
    use super::*;
    use attain_api::{auth::Principal, pagination::PageQuery, ApiError, AppState};
    use attain_db::tenant::people::Person;
    use serde::Deserializer;
    use serde_json::{json, Map, Value};
    use std::collections::HashMap;
    use uuid::Uuid;

    /// 422 naming `field` (any path, unlike `FieldError`).
    pub fn at(field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            code: "invalid_field".into(),
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Problem {
        Problem::from(ApiError::internal(e))
    }

    pub fn uuid(raw: &str, what: &str) -> Result<Uuid, Problem> {
        raw.trim()
            .parse()
            .map_err(|_| Problem::from(ApiError::not_found(what)))
    }

    pub fn text(raw: &str) -> Option<String> {
        let raw = raw.trim();
        (!raw.is_empty()).then(|| raw.to_owned())
    }

    // --- days and periods ---------------------------------------------------

    fn civil_from_days(days: i64) -> (i32, u32, u32) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year as i32, month as u32, day as u32)
    }

    /// Today (UTC, as the API counts days).
    pub fn today() -> (i32, u32, u32) {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        civil_from_days(seconds.div_euclid(86_400))
    }

    /// The statement period containing today, for `kind` (month or quarter).
    pub fn current_period(kind: &str) -> String {
        let (year, month, _) = today();
        if kind == "quarter" {
            format!("{year}-Q{}", (month - 1) / 3 + 1)
        } else {
            format!("{year}-{month:02}")
        }
    }

    /// `before` periods before `current`, `after` after it, newest first,
    /// labelled ("November 2026").
    pub fn period_choices(current: &str, before: usize, after: usize) -> Vec<Choice> {
        use attain_domain::period::Period;
        let Ok(now) = current.parse::<Period>() else {
            return vec![(current.to_owned(), current.to_owned())];
        };
        let mut later = Vec::new();
        let mut next = now;
        for _ in 0..after {
            next = next.next();
            later.push(next);
        }
        later.reverse();
        let mut all = later;
        all.push(now);
        let mut previous = now;
        for _ in 0..before {
            previous = previous.previous();
            all.push(previous);
        }
        all.into_iter()
            .map(|p| {
                let key = p.to_string();
                let mut label = crate::perf_api::model::period_label(&key);
                if p == now {
                    label.push_str(" (current)");
                }
                (key, label)
            })
            .collect()
    }

    pub fn day_text(year: i32, month: u32, day: u32) -> String {
        format!("{year}-{month:02}-{day:02}")
    }

    // --- people -----------------------------------------------------------

    /// The whole sales organisation.
    pub async fn everyone(state: &AppState, principal: &Principal) -> Result<Vec<Person>, Problem> {
        use attain_api::routes::people::list::{run, PeopleQuery};
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let paged = run(
                state,
                principal,
                PageQuery {
                    page: Some(number),
                    per_page: Some(PageQuery::MAX_PER_PAGE),
                },
                PeopleQuery::default(),
            )
            .await?;
            let fetched = paged.items.len();
            all.extend(paged.items);
            if fetched == 0 || all.len() as i64 >= paged.total || number >= 100 {
                return Ok(all);
            }
            number += 1;
        }
    }

    /// Names of the company's members, by user id (authors of messages).
    pub async fn member_names(
        state: &AppState,
        principal: &Principal,
    ) -> Result<HashMap<Uuid, String>, Problem> {
        let tenant_id = principal.tenant.id;
        let members = state
            .db
            .run(move |conn| {
                attain_db::control::memberships::list_members(conn, tenant_id, 10_000, 0)
            })
            .await
            .map_err(ApiError::from)?;
        Ok(members.0.into_iter().map(|m| (m.user_id, m.name)).collect())
    }

    // --- statements ---------------------------------------------------------

    fn number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        })
    }

    fn maybe<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        })
    }

    /// A statement line as the engine writes it (`attain_comp::Line`).
    #[derive(Deserialize)]
    struct RawLine {
        kind: String,
        #[serde(default)]
        deal_name: Option<String>,
        #[serde(default)]
        credited_from: Option<Uuid>,
        #[serde(default, deserialize_with = "maybe")]
        credit_share_pct: Option<String>,
        #[serde(default, deserialize_with = "maybe")]
        weight: Option<String>,
        #[serde(default, deserialize_with = "maybe")]
        fx_rate: Option<String>,
        #[serde(default, deserialize_with = "maybe")]
        base: Option<String>,
        #[serde(default)]
        tier: Option<u32>,
        #[serde(default, deserialize_with = "maybe")]
        rate: Option<String>,
        #[serde(default, deserialize_with = "maybe")]
        attainment_from_pct: Option<String>,
        #[serde(default, deserialize_with = "maybe")]
        attainment_to_pct: Option<String>,
        #[serde(default)]
        rule: String,
        #[serde(default, deserialize_with = "number")]
        amount: String,
    }

    /// A statement body (`attain_comp::Statement`).
    #[derive(Deserialize)]
    struct RawStatement {
        #[serde(default, deserialize_with = "maybe")]
        quota: Option<String>,
        #[serde(default, deserialize_with = "number")]
        credited: String,
        #[serde(default, deserialize_with = "maybe")]
        attainment_pct: Option<String>,
        #[serde(default)]
        lines: Vec<Value>,
        #[serde(default, deserialize_with = "number")]
        earned: String,
        #[serde(default, deserialize_with = "number")]
        adjustments: String,
        #[serde(default, deserialize_with = "number")]
        draw: String,
        #[serde(default, deserialize_with = "number")]
        recovered: String,
        #[serde(default)]
        warnings: Vec<String>,
    }

    pub fn line(index: usize, raw: &Value, names: &HashMap<Uuid, String>) -> Option<LineItem> {
        let raw: RawLine = serde_json::from_value(raw.clone()).ok()?;
        Some(LineItem {
            index,
            kind: raw.kind,
            deal_name: raw.deal_name,
            credited_from: raw
                .credited_from
                .map(|id| names.get(&id).cloned().unwrap_or_else(|| "someone".into())),
            share_pct: raw.credit_share_pct,
            weight: raw.weight,
            fx_rate: raw.fx_rate,
            base: raw.base,
            tier: raw.tier,
            rate: raw.rate,
            attainment_from: raw.attainment_from_pct,
            attainment_to: raw.attainment_to_pct,
            rule: raw.rule,
            amount: raw.amount,
        })
    }

    pub fn statement_item(
        s: attain_api::routes::statements::list::StatementSummary,
    ) -> StatementItem {
        StatementItem {
            person_id: s.person_id.to_string(),
            person_name: s.person_name,
            status: s.status,
            currency: s.currency,
            payout: s.payout.to_string(),
            earned: s.earned.to_string(),
            attainment_pct: s.attainment_pct.map(|a| a.to_string()),
            lines: s.lines,
            open_disputes: s.open_disputes,
            version: s.version,
        }
    }

    pub fn totals<K: ToString, V: ToString>(
        map: impl IntoIterator<Item = (K, V)>,
    ) -> Vec<MoneyTotal> {
        map.into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    pub fn detail(
        view: attain_api::routes::statements::StatementView,
        period: &str,
    ) -> Result<StatementDetail, Problem> {
        let names: HashMap<Uuid, String> = view.names.clone().into_iter().collect();
        let row = view.row;
        let body: RawStatement = serde_json::from_value(row.body.clone()).map_err(internal)?;
        let lines = body
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| line(i, l, &names))
            .collect();
        Ok(StatementDetail {
            person_id: row.person_id.to_string(),
            person_name: view.person_name,
            period: period.to_owned(),
            status: row.status,
            currency: row.currency.trim().to_owned(),
            version: row.version,
            quota: body.quota,
            credited: body.credited,
            attainment_pct: body.attainment_pct,
            earned: body.earned,
            adjustments: body.adjustments,
            draw: body.draw,
            recovered: body.recovered,
            payout: row.payout.to_string(),
            lines,
            adjustment_rows: view
                .adjustments
                .into_iter()
                .map(|a| AdjustmentItem {
                    amount: a.amount.to_string(),
                    reason: a.reason,
                    carried_from: a.carried_from.map(|d| d.to_string()),
                    created: a.created_at.format("%Y-%m-%d %H:%M").to_string(),
                })
                .collect(),
            warnings: body.warnings,
            computed: row.computed_at.format("%Y-%m-%d %H:%M").to_string(),
            approved: row
                .approved_at
                .map(|a| a.format("%Y-%m-%d %H:%M").to_string()),
            paid: row.paid_at.map(|a| a.format("%Y-%m-%d %H:%M").to_string()),
        })
    }

    pub fn dispute(
        view: attain_api::routes::disputes::DisputeView,
        authors: &HashMap<Uuid, String>,
        names: &HashMap<Uuid, String>,
    ) -> DisputeItem {
        let d = view.dispute;
        DisputeItem {
            id: d.id.to_string(),
            person_id: d.person_id.to_string(),
            person_name: view.person_name,
            period: view.period,
            line: line(usize::try_from(d.line_index).unwrap_or(0), &d.line, names),
            status: d.status,
            resolution: d.resolution,
            opened: d.opened_at.format("%Y-%m-%d %H:%M").to_string(),
            version: d.version,
            messages: view
                .messages
                .into_iter()
                .map(|m| MessageItem {
                    author: authors
                        .get(&m.author_user_id)
                        .cloned()
                        .unwrap_or_else(|| "A former member".into()),
                    body: m.body,
                    at: m.at.format("%Y-%m-%d %H:%M").to_string(),
                })
                .collect(),
        }
    }

    // --- plans --------------------------------------------------------------

    fn string_of(value: Option<&Value>) -> String {
        match value {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    /// Stored rules (canonical JSON) as the editor's inputs.
    pub fn rules_form(rules: &Value) -> RulesForm {
        let deal_types: Vec<String> = rules["crediting"]["deal_types"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let has = |t: &str| deal_types.iter().any(|d| d == t);
        let weights = &rules["priority_weights"];
        let tiers = rules["rate_table"]["tiers"]
            .as_array()
            .map(|tiers| {
                tiers
                    .iter()
                    .map(|t| TierForm {
                        from_pct: trim(&string_of(t.get("from_pct"))),
                        to_pct: trim(&string_of(t.get("to_pct"))),
                        rate_pct: {
                            let rate = string_of(t.get("rate"));
                            if rate.is_empty() {
                                rate
                            } else {
                                crate::perf_api::model::percent_number(&rate)
                            }
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        let bonuses = rules["bonuses"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|b| BonusForm {
                        at_pct: trim(&string_of(b.get("at_pct"))),
                        amount: string_of(b.get("amount")),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let spiffs = rules["spiffs"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|s| SpiffForm {
                        name: string_of(s.get("name")),
                        from: string_of(s.get("from")),
                        to: string_of(s.get("to")),
                        amount_per_deal: string_of(s.get("amount_per_deal")),
                        min_amount: string_of(s.get("min_amount")),
                        keep: json!({
                            "products": s.get("products").cloned().unwrap_or(json!([])),
                            "deal_types": s.get("deal_types").cloned().unwrap_or(json!([])),
                        })
                        .to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let draw = &rules["draw"];
        RulesForm {
            currency: string_of(rules.get("currency")),
            measure: match string_of(rules.get("measure")).as_str() {
                "" => "bookings".into(),
                other => other.to_owned(),
            },
            dt_new_business: has("new_business"),
            dt_expansion: has("expansion"),
            dt_renewal: has("renewal"),
            manager_rollup: rules["crediting"]["manager_rollup"]
                .as_bool()
                .unwrap_or(false),
            method: match string_of(rules["rate_table"].get("method")).as_str() {
                "" => "marginal".into(),
                other => other.to_owned(),
            },
            tiers,
            threshold_pct: trim(&string_of(rules.get("threshold_pct"))),
            cap_per_deal: string_of(rules.get("cap_per_deal")),
            cap_per_period: string_of(rules.get("cap_per_period")),
            weight_strategic: trim(&string_of(weights.get("strategic"))),
            weight_standard: trim(&string_of(weights.get("standard"))),
            weight_loss_leader: trim(&string_of(weights.get("loss_leader"))),
            bonuses,
            spiffs,
            clawback_days: string_of(rules.get("clawback_days")),
            draw_amount: string_of(draw.get("amount")),
            draw_recoverable: draw["recoverable"].as_bool().unwrap_or(false),
        }
    }

    fn trim(raw: &str) -> String {
        if raw.contains('.') {
            crate::perf_api::model::trim_decimal(raw)
        } else {
            raw.to_owned()
        }
    }

    /// Collects problems of typed values before the API sees them.
    struct Checker {
        problems: Vec<FieldProblem>,
    }

    impl Checker {
        fn flag(&mut self, field: String, message: &str) {
            self.problems.push(FieldProblem {
                field,
                message: message.to_owned(),
            });
        }

        /// A required number.
        fn number(&mut self, raw: &str, field: String, what: &str) -> Value {
            if raw.trim().is_empty() {
                self.flag(field, &format!("Enter {what}."));
                return Value::Null;
            }
            self.optional(raw, field)
        }

        /// A number or nothing.
        fn optional(&mut self, raw: &str, field: String) -> Value {
            if raw.trim().is_empty() {
                return Value::Null;
            }
            match decimal_text(raw) {
                Some(n) => Value::String(n),
                None => {
                    self.flag(field, "Enter a number such as 25 or 12.5.");
                    Value::Null
                }
            }
        }
    }

    /// The form's rules as the API reads them, on top of `base` (the stored
    /// rules) so what the form does not show is kept; or every problem a
    /// typed value has.
    pub fn rules_json(base: &str, form: &RulesForm) -> Result<Value, Vec<FieldProblem>> {
        let mut rules: Map<String, Value> = serde_json::from_str::<Value>(base)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let mut check = Checker {
            problems: Vec::new(),
        };
        rules.insert(
            "currency".into(),
            Value::String(form.currency.trim().to_uppercase()),
        );
        rules.insert(
            "measure".into(),
            Value::String(match form.measure.as_str() {
                "" => "bookings".into(),
                m => m.to_owned(),
            }),
        );
        let mut crediting = rules
            .get("crediting")
            .and_then(|c| c.as_object().cloned())
            .unwrap_or_default();
        let deal_types: Vec<Value> = [
            ("new_business", form.dt_new_business),
            ("expansion", form.dt_expansion),
            ("renewal", form.dt_renewal),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(t, _)| Value::String(t.into()))
        .collect();
        crediting.insert("deal_types".into(), Value::Array(deal_types));
        crediting.insert("manager_rollup".into(), Value::Bool(form.manager_rollup));
        rules.insert("crediting".into(), Value::Object(crediting));
        let mut weights = Map::new();
        for (key, raw) in [
            ("strategic", &form.weight_strategic),
            ("standard", &form.weight_standard),
            ("loss_leader", &form.weight_loss_leader),
        ] {
            let value = check.optional(raw, format!("rules.priority_weights.{key}"));
            if !value.is_null() {
                weights.insert(key.into(), value);
            }
        }
        rules.insert("priority_weights".into(), Value::Object(weights));
        let tiers: Vec<Value> = form
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let at = |f: &str| format!("rules.rate_table.tiers[{i}].{f}");
                let from = check.number(&t.from_pct, at("from_pct"), "where the tier starts");
                let to = check.optional(&t.to_pct, at("to_pct"));
                let rate = check.number(&t.rate_pct, at("rate"), "the rate in percent");
                let rate = match rate {
                    Value::String(r) => Value::String(percent_to_fraction(&r)),
                    other => other,
                };
                json!({ "from_pct": from, "to_pct": to, "rate": rate })
            })
            .collect();
        rules.insert(
            "rate_table".into(),
            json!({
                "method": if form.method == "retroactive" { "retroactive" } else { "marginal" },
                "tiers": tiers,
            }),
        );
        for (key, raw) in [
            ("threshold_pct", &form.threshold_pct),
            ("cap_per_deal", &form.cap_per_deal),
            ("cap_per_period", &form.cap_per_period),
        ] {
            let value = check.optional(raw, format!("rules.{key}"));
            rules.insert(key.into(), value);
        }
        let bonuses: Vec<Value> = form
            .bonuses
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let at = |f: &str| format!("rules.bonuses[{i}].{f}");
                json!({
                    "at_pct": check.number(&b.at_pct, at("at_pct"), "the attainment that pays it"),
                    "amount": check.number(&b.amount, at("amount"), "the amount"),
                })
            })
            .collect();
        rules.insert("bonuses".into(), Value::Array(bonuses));
        let spiffs: Vec<Value> = form
            .spiffs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let at = |f: &str| format!("rules.spiffs[{i}].{f}");
                let mut spiff: Map<String, Value> = serde_json::from_str::<Value>(&s.keep)
                    .ok()
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                spiff.insert("name".into(), Value::String(s.name.trim().to_owned()));
                for (key, raw) in [("from", &s.from), ("to", &s.to)] {
                    if raw.trim().is_empty() {
                        check.flag(at(key), "Choose a day.");
                    }
                    spiff.insert(key.into(), Value::String(raw.trim().to_owned()));
                }
                let amount = check.number(
                    &s.amount_per_deal,
                    at("amount_per_deal"),
                    "the amount per deal",
                );
                spiff.insert("amount_per_deal".into(), amount);
                let min = check.optional(&s.min_amount, at("min_amount"));
                spiff.insert("min_amount".into(), min);
                Value::Object(spiff)
            })
            .collect();
        rules.insert("spiffs".into(), Value::Array(spiffs));
        let clawback = match form.clawback_days.trim() {
            "" => Value::Null,
            raw => match raw.parse::<u32>() {
                Ok(days) => json!(days),
                Err(_) => {
                    check.flag(
                        "rules.clawback_days".into(),
                        "Enter a whole number of days, such as 90.",
                    );
                    Value::Null
                }
            },
        };
        rules.insert("clawback_days".into(), clawback);
        let draw = match check.optional(&form.draw_amount, "rules.draw.amount".into()) {
            Value::Null => Value::Null,
            amount => json!({ "amount": amount, "recoverable": form.draw_recoverable }),
        };
        rules.insert("draw".into(), draw);
        if check.problems.is_empty() {
            Ok(Value::Object(rules))
        } else {
            Err(check.problems)
        }
    }

    /// An API error as the plan editor shows it: every problem of
    /// `invalid_plan`, one for a field otherwise; an error about no field
    /// stays a [`Problem`].
    pub fn plan_problems(e: ApiError) -> Result<Vec<FieldProblem>, Problem> {
        if e.code == "invalid_plan" {
            let listed = e
                .details
                .as_ref()
                .and_then(|d| d.get("errors"))
                .and_then(|v| serde_json::from_value::<Vec<FieldProblem>>(v.clone()).ok())
                .filter(|list| !list.is_empty());
            return Ok(listed.unwrap_or_else(|| {
                vec![FieldProblem {
                    field: e.field.clone().unwrap_or_else(|| "rules".into()),
                    message: e.message.clone(),
                }]
            }));
        }
        match e.field.clone() {
            Some(field) if e.status.as_u16() == 422 || e.code == "plan_exists" => {
                Ok(vec![FieldProblem {
                    field,
                    message: e.message,
                }])
            }
            _ => Err(Problem::from(e)),
        }
    }

    // --- runs ---------------------------------------------------------------

    fn count(value: &Value) -> usize {
        value.as_u64().unwrap_or(0) as usize
    }

    pub fn scenario(result: &Value) -> Option<ScenarioResult> {
        let text = |v: &Value| string_of(Some(v));
        let optional = |v: &Value| match v {
            Value::Null => None,
            other => Some(text(other)),
        };
        Some(ScenarioResult {
            period: text(&result["period"]),
            people: count(&result["people"]),
            current_total: text(&result["current_total"]),
            scenario_total: text(&result["scenario_total"]),
            delta: text(&result["delta"]),
            better_off: count(&result["counts"]["better_off"]),
            worse_off: count(&result["counts"]["worse_off"]),
            unchanged: count(&result["counts"]["unchanged"]),
            bands: result["distribution"]
                .as_array()?
                .iter()
                .map(|b| BandItem {
                    from: text(&b["from"]),
                    to: text(&b["to"]),
                    current: count(&b["current"]),
                    scenario: count(&b["scenario"]),
                })
                .collect(),
            rows: result["rows"]
                .as_array()?
                .iter()
                .map(|r| ScenarioPerson {
                    name: text(&r["name"]),
                    current: text(&r["current"]),
                    scenario: text(&r["scenario"]),
                    delta: text(&r["delta"]),
                    attainment_pct: optional(&r["attainment_pct"]),
                })
                .collect(),
            elapsed_ms: result["elapsed_ms"].as_u64().unwrap_or(0),
        })
    }

    /// Plan names and each version's currency, by plan id.
    pub struct PlanFacts {
        pub names: HashMap<Uuid, String>,
        pub currencies: HashMap<(Uuid, i32), String>,
    }

    pub fn run_item(run: attain_db::tenant::comp_statements::RunRow, facts: &PlanFacts) -> RunItem {
        use attain_domain::period::{Period, PeriodKind};
        let period = run
            .period_kind
            .parse::<PeriodKind>()
            .ok()
            .and_then(|kind| Period::starting(kind, run.period_start).ok())
            .map(|p| p.to_string())
            .unwrap_or_else(|| run.period_start.to_string());
        let currency = run
            .plan_id
            .zip(run.plan_version)
            .and_then(|key| facts.currencies.get(&key).cloned())
            .unwrap_or_else(|| "USD".into());
        let scenario = match (run.kind.as_str(), &run.result) {
            ("scenario", Some(result)) => scenario(result),
            _ => None,
        };
        RunItem {
            id: run.id.to_string(),
            kind: run.kind,
            status: run.status,
            done: run.done,
            total: run.total,
            period,
            plan_name: run.plan_id.and_then(|id| facts.names.get(&id).cloned()),
            version: run.plan_version,
            currency,
            created: run.created_at.format("%Y-%m-%d %H:%M").to_string(),
            error: run.error,
            scenario,
        }
    }

    /// Every plan with its versions' rules (a company has a handful).
    pub async fn plan_views(
        state: &AppState,
        principal: &Principal,
    ) -> Result<Vec<attain_api::routes::comp::PlanView>, Problem> {
        use attain_api::routes::comp::{plans_get, plans_list};
        let list = plans_list::run(state, principal).await?;
        let mut views = Vec::with_capacity(list.items.len());
        for plan in list.items {
            views.push(plans_get::run(state, principal, plan.plan.id).await?);
        }
        Ok(views)
    }

    pub fn plan_facts(views: &[attain_api::routes::comp::PlanView]) -> PlanFacts {
        let mut facts = PlanFacts {
            names: HashMap::new(),
            currencies: HashMap::new(),
        };
        for view in views {
            facts.names.insert(view.plan.id, view.plan.name.clone());
            for v in &view.versions {
                let currency = v.rules["currency"].as_str().unwrap_or("USD").to_owned();
                facts.currencies.insert((view.plan.id, v.version), currency);
            }
        }
        facts
    }
}

// ---------------------------------------------------------------------------
// Approvals
// ---------------------------------------------------------------------------

/// The statements of `period` (the current one when empty) the caller may
/// approve, the one of `person` line by line, and the open disputes.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_approvals(period: String, person: String) -> Result<ApprovalsPage, Problem> {
    use attain_api::routes::{disputes, statements};
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ApproveStatements)?;
    let list = statements::list::run(
        &state,
        &principal,
        statements::list::ListQuery {
            period: convert::text(&period),
            status: None,
        },
    )
    .await?;
    let current = statements::list::run(&state, &principal, Default::default())
        .await?
        .period;
    let mut periods = convert::period_choices(&current, 12, 0);
    if !periods.iter().any(|(k, _)| *k == list.period) {
        periods.push((
            list.period.clone(),
            crate::perf_api::model::period_label(&list.period),
        ));
    }
    let open = match convert::text(&person) {
        Some(raw) => {
            let id = convert::uuid(&raw, "statement")?;
            match statements::get::run(&state, &principal, id, list.period.clone()).await {
                Ok(view) => Some(convert::detail(view, &list.period)?),
                Err(e) if e.status.as_u16() == 404 => None,
                Err(e) => return Err(e.into()),
            }
        }
        None => None,
    };
    let open_disputes = disputes::list::run(
        &state,
        &principal,
        disputes::list::DisputeQuery {
            status: Some("open".into()),
        },
    )
    .await?;
    let authors = convert::member_names(&state, &principal).await?;
    let names: std::collections::HashMap<uuid::Uuid, String> = list
        .items
        .iter()
        .map(|i| (i.person_id, i.person_name.clone()))
        .collect();
    Ok(ApprovalsPage {
        period: list.period.clone(),
        periods,
        totals: convert::totals(list.totals),
        items: list
            .items
            .into_iter()
            .map(convert::statement_item)
            .collect(),
        open,
        disputes: open_disputes
            .into_iter()
            .map(|d| convert::dispute(d, &authors, &names))
            .collect(),
        manages: principal.role.can(Capability::ManageCompensation),
        // A member's person has their user id.
        me: Some(principal.user_id.to_string()),
    })
}

/// Approves a statement at the version the page showed.
#[server(prefix = "/fn")]
pub async fn approve_statement(
    csrf: String,
    person_id: String,
    period: String,
    version: i32,
) -> Result<StepDone, Problem> {
    form_call!(ApproveStatement, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        let view = attain_api::routes::statements::approve::run(
            &state, &principal, person, period, version,
        )
        .await?;
        Ok(StepDone {
            person_name: view.person_name,
            status: view.row.status,
        })
    })
}

/// Marks an approved statement paid (owners and admins).
#[server(prefix = "/fn")]
pub async fn pay_statement(
    csrf: String,
    person_id: String,
    period: String,
    version: i32,
) -> Result<StepDone, Problem> {
    form_call!(PayStatement, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        let view =
            attain_api::routes::statements::pay::run(&state, &principal, person, period, version)
                .await?;
        Ok(StepDone {
            person_name: view.person_name,
            status: view.row.status,
        })
    })
}

/// Approves every listed draft (`drafts`: `<person id>:<version>` pairs,
/// comma-separated, as the page showed them); each that fails says why.
#[server(prefix = "/fn")]
pub async fn approve_drafts(
    csrf: String,
    period: String,
    drafts: String,
) -> Result<BulkApproved, Problem> {
    form_call!(ApproveDrafts, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut done = BulkApproved {
            approved: 0,
            refused: Vec::new(),
        };
        for pair in drafts.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((person, version)) = pair.trim().split_once(':') else {
                continue;
            };
            let person = convert::uuid(person, "statement")?;
            let version: i32 = version.parse().unwrap_or(0);
            match attain_api::routes::statements::approve::run(
                &state,
                &principal,
                person,
                period.clone(),
                version,
            )
            .await
            {
                Ok(_) => done.approved += 1,
                Err(e) => {
                    let name = attain_api::routes::statements::get::run(
                        &state,
                        &principal,
                        person,
                        period.clone(),
                    )
                    .await
                    .map(|v| v.person_name)
                    .unwrap_or_else(|_| "A statement".into());
                    done.refused.push((name, e.message));
                }
            }
        }
        Ok(done)
    })
}

/// Adds a manual line to a statement that is not paid (owners and admins).
#[server(prefix = "/fn")]
pub async fn adjust_statement(
    csrf: String,
    person_id: String,
    period: String,
    amount: String,
    reason: String,
) -> Result<String, Problem> {
    form_call!(AdjustStatement, {
        use attain_api::routes::statements::adjust::{run, NewAdjustment};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        if amount.trim().is_empty() {
            return Err(convert::at(
                "amount",
                "Enter an amount, such as 250 or -120.50.",
            ));
        }
        let amount = decimal_text(&amount)
            .ok_or_else(|| convert::at("amount", "Enter an amount, such as 250 or -120.50."))?;
        let row = run(
            &state,
            &principal,
            person,
            period,
            NewAdjustment {
                amount: serde_json::Value::String(amount),
                reason,
            },
        )
        .await?;
        Ok(row.amount.to_string())
    })
}

/// Adds a reply to a dispute's thread.
#[server(prefix = "/fn")]
pub async fn answer_dispute(csrf: String, dispute_id: String, body: String) -> Result<(), Problem> {
    form_call!(AnswerDispute, {
        use attain_api::routes::disputes::reply::{run, NewMessage};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&dispute_id, "dispute")?;
        run(&state, &principal, id, NewMessage { body }).await?;
        Ok(())
    })
}

/// Resolves (optionally paying an adjustment) or rejects a dispute.
#[server(prefix = "/fn")]
pub async fn settle_dispute(
    csrf: String,
    dispute_id: String,
    version: i32,
    status: String,
    resolution: String,
    adjustment: String,
) -> Result<String, Problem> {
    form_call!(SettleDispute, {
        use attain_api::routes::disputes::resolve::{run, Resolution};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&dispute_id, "dispute")?;
        let adjustment = match adjustment.trim() {
            "" => None,
            raw => Some(serde_json::Value::String(decimal_text(raw).ok_or_else(
                || {
                    convert::at(
                        "adjustment",
                        "Enter an amount, such as 500, or leave it empty.",
                    )
                },
            )?)),
        };
        let closed = run(
            &state,
            &principal,
            id,
            Resolution {
                version,
                status,
                resolution,
                adjustment,
            },
        )
        .await?;
        Ok(closed.dispute.status)
    })
}

// ---------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------

/// Every plan; the version `plan` / `version` names (or the first plan's
/// latest draft, else its latest version) as a form; every assignment.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_plans(plan: String, version: String) -> Result<PlansPage, Problem> {
    use attain_api::routes::comp::assignments_list;
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ManageCompensation)?;
    let views = convert::plan_views(&state, &principal).await?;
    let assignments = assignments_list::run(&state, &principal).await?.items;
    let people = convert::everyone(&state, &principal).await?;
    let (year, month, day) = convert::today();
    let today = convert::day_text(year, month, day);
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let wanted = convert::text(&plan).and_then(|p| p.parse::<uuid::Uuid>().ok());
    let chosen = match wanted {
        Some(id) => views.iter().find(|v| v.plan.id == id),
        None => views.first(),
    };
    let open = chosen.and_then(|view| {
        let wanted: Option<i32> = version.trim().parse().ok();
        let v = match wanted {
            Some(n) => view.versions.iter().find(|v| v.version == n),
            None => view
                .versions
                .iter()
                .rev()
                .find(|v| v.status == "draft")
                .or_else(|| view.versions.last()),
        }?;
        Some(OpenVersion {
            plan_id: view.plan.id.to_string(),
            plan_name: view.plan.name.clone(),
            version: v.version,
            status: v.status.clone(),
            effective_from: v.effective_from.to_string(),
            published: v
                .published_at
                .map(|a| a.format("%Y-%m-%d %H:%M").to_string()),
            rules: convert::rules_form(&v.rules),
            base_rules: v.rules.to_string(),
        })
    });
    let person_names: std::collections::HashMap<uuid::Uuid, String> =
        people.iter().map(|p| (p.id, p.name.clone())).collect();
    let plan_names: std::collections::HashMap<uuid::Uuid, String> = views
        .iter()
        .map(|v| (v.plan.id, v.plan.name.clone()))
        .collect();
    let plans = views
        .iter()
        .map(|view| PlanItem {
            id: view.plan.id.to_string(),
            name: view.plan.name.clone(),
            description: view.plan.description.clone(),
            versions: view
                .versions
                .iter()
                .map(|v| VersionItem {
                    version: v.version,
                    status: v.status.clone(),
                    effective_from: v.effective_from.to_string(),
                    published: v.published_at.map(|a| a.format("%Y-%m-%d").to_string()),
                })
                .collect(),
            assignments: assignments
                .iter()
                .filter(|a| a.plan_id == view.plan.id)
                .count(),
        })
        .collect();
    let assignments = assignments
        .into_iter()
        .map(|a| {
            let target = match (a.person_id, a.role.as_deref()) {
                (Some(person), _) => person_names
                    .get(&person)
                    .cloned()
                    .unwrap_or_else(|| "A removed person".into()),
                (None, Some(role)) => format!(
                    "Everyone in {}",
                    crate::sales_model::sales_role_label(role).to_lowercase()
                ),
                (None, None) => "Nobody".into(),
            };
            let starts_on = a.starts_on.to_string();
            let ends_on = a.ends_on.map(|d| d.to_string());
            let current =
                starts_on <= today && ends_on.as_deref().is_none_or(|end| end >= today.as_str());
            AssignmentItem {
                id: a.id.to_string(),
                plan_name: plan_names
                    .get(&a.plan_id)
                    .cloned()
                    .unwrap_or_else(|| "A removed plan".into()),
                target,
                starts_on,
                ends_on,
                current,
            }
        })
        .collect();
    let mut active: Vec<&attain_db::tenant::people::Person> =
        people.iter().filter(|p| p.active).collect();
    active.sort_by_key(|p| p.name.to_lowercase());
    let targets = vec![
        (
            "People".to_owned(),
            active
                .into_iter()
                .map(|p| (format!("person:{}", p.id), p.name.clone()))
                .collect(),
        ),
        (
            "Everyone in a sales role".to_owned(),
            crate::sales_model::SALES_ROLES
                .iter()
                .map(|(key, label)| (format!("role:{key}"), (*label).to_owned()))
                .collect(),
        ),
    ];
    Ok(PlansPage {
        plans,
        open,
        assignments,
        targets,
        today,
        month_start: convert::day_text(year, month, 1),
        next_month_start: convert::day_text(next_year, next_month, 1),
    })
}

/// Saves the editor: a new plan (no `plan_id`: its version 1), a new
/// version (`version` 0) or a draft's changes. Problems of the rules come
/// back in [`PlanSaved::problems`], each naming its input.
#[server(prefix = "/fn")]
pub async fn save_plan(
    csrf: String,
    plan_id: String,
    version: i32,
    #[server(default)] name: String,
    #[server(default)] description: String,
    effective_from: String,
    #[server(default)] base_rules: String,
    #[server(default)] rules: RulesForm,
) -> Result<PlanSaved, Problem> {
    form_call!(SavePlan, {
        use attain_api::routes::comp::{plans_create, versions_create, versions_update};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut early = Vec::new();
        let effective = match effective_from.trim() {
            "" => {
                early.push(FieldProblem {
                    field: "effective_from".into(),
                    message: "Choose the first day this version applies to.".into(),
                });
                None
            }
            raw => match raw.parse() {
                Ok(day) => Some(day),
                Err(_) => {
                    early.push(FieldProblem {
                        field: "effective_from".into(),
                        message: "Enter a day such as 2026-01-01.".into(),
                    });
                    None
                }
            },
        };
        let new_plan = plan_id.trim().is_empty();
        if new_plan && name.trim().is_empty() {
            early.push(FieldProblem {
                field: "name".into(),
                message: "Name the plan, such as \"AE plan 2026\".".into(),
            });
        }
        let json = match convert::rules_json(&base_rules, &rules) {
            Ok(json) => Some(json),
            Err(problems) => {
                early.extend(problems);
                None
            }
        };
        let (Some(effective_from), Some(json), true) = (effective, json, early.is_empty()) else {
            return Ok(PlanSaved {
                plan_id,
                version,
                problems: early,
            });
        };
        let saved = if new_plan {
            plans_create::run(
                &state,
                &principal,
                plans_create::CreatePlan {
                    name,
                    description: convert::text(&description),
                    effective_from,
                    rules: json,
                },
            )
            .await
            .map(|view| (view.plan.id, 1))
        } else {
            let id = convert::uuid(&plan_id, "plan")?;
            let body = versions_create::VersionInput {
                effective_from,
                rules: json,
            };
            if version == 0 {
                versions_create::run(&state, &principal, id, body)
                    .await
                    .map(|v| (v.plan_id, v.version))
            } else {
                versions_update::run(&state, &principal, id, version, body)
                    .await
                    .map(|v| (v.plan_id, v.version))
            }
        };
        match saved {
            Ok((id, number)) => Ok(PlanSaved {
                plan_id: id.to_string(),
                version: number,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// A new draft version of a plan, starting as a copy of `version`, from
/// `effective_from`.
#[server(prefix = "/fn")]
pub async fn copy_plan_version(
    csrf: String,
    plan_id: String,
    version: i32,
    effective_from: String,
) -> Result<PlanSaved, Problem> {
    form_call!(CopyPlanVersion, {
        use attain_api::routes::comp::{plans_get, versions_create};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&plan_id, "plan")?;
        let effective = effective_from
            .trim()
            .parse()
            .map_err(|_| convert::at("copy_effective_from", "Enter a day such as 2026-01-01."))?;
        let view = plans_get::run(&state, &principal, id).await?;
        let source = view
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| Problem::from(attain_api::ApiError::not_found("plan version")))?;
        match versions_create::run(
            &state,
            &principal,
            id,
            versions_create::VersionInput {
                effective_from: effective,
                rules: source.rules.clone(),
            },
        )
        .await
        {
            Ok(created) => Ok(PlanSaved {
                plan_id,
                version: created.version,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// Puts a draft in force from its effective date.
#[server(prefix = "/fn")]
pub async fn publish_plan_version(
    csrf: String,
    plan_id: String,
    version: i32,
) -> Result<PlanSaved, Problem> {
    form_call!(PublishPlanVersion, {
        use attain_api::routes::comp::versions_publish;
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&plan_id, "plan")?;
        match versions_publish::run(&state, &principal, id, version).await {
            Ok(published) => Ok(PlanSaved {
                plan_id,
                version: published.version,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// Assigns a plan to `target` (`person:<id>` or `role:<key>`).
#[server(prefix = "/fn")]
pub async fn assign_plan(
    csrf: String,
    plan_id: String,
    target: String,
    starts_on: String,
    ends_on: String,
) -> Result<String, Problem> {
    form_call!(AssignPlan, {
        use attain_api::routes::comp::assignments_create::{run, CreateAssignment};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let plan = plan_id
            .trim()
            .parse()
            .map_err(|_| convert::at("plan_id", "Choose a plan."))?;
        let (person_id, role) = match target.trim().split_once(':') {
            Some(("person", id)) => (
                Some(
                    id.parse()
                        .map_err(|_| convert::at("person_id", "Choose a person or a role."))?,
                ),
                None,
            ),
            Some(("role", role)) => (None, Some(role.to_owned())),
            _ => return Err(convert::at("person_id", "Choose a person or a role.")),
        };
        let starts = starts_on
            .trim()
            .parse()
            .map_err(|_| convert::at("starts_on", "Choose the first day of the assignment."))?;
        let ends = match ends_on.trim() {
            "" => None,
            raw => Some(
                raw.parse()
                    .map_err(|_| convert::at("ends_on", "Enter a day such as 2026-12-31."))?,
            ),
        };
        let row = run(
            &state,
            &principal,
            CreateAssignment {
                plan_id: plan,
                person_id,
                role,
                starts_on: starts,
                ends_on: ends,
            },
        )
        .await?;
        Ok(row.id.to_string())
    })
}

/// Removes an assignment.
#[server(prefix = "/fn")]
pub async fn unassign_plan(csrf: String, assignment_id: String) -> Result<(), Problem> {
    form_call!(UnassignPlan, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&assignment_id, "assignment")?;
        attain_api::routes::comp::assignments_delete::run(&state, &principal, id).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Payouts
// ---------------------------------------------------------------------------

/// Totals of `period` by status, its statements, runs (the one `run`
/// names open), plan versions for scenarios, quotas and exchange rates.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_payouts(period: String, run: String) -> Result<PayoutsPage, Problem> {
    use attain_api::routes::{comp, comp_runs, statements};
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ManageCompensation)?;
    let kind = comp::settings_get::run(&state, &principal)
        .await?
        .period_kind;
    let current = convert::current_period(&kind);
    let list = statements::list::run(
        &state,
        &principal,
        statements::list::ListQuery {
            period: convert::text(&period),
            status: None,
        },
    )
    .await?;
    let period = list.period.clone();
    let mut by_status = Vec::new();
    for (status, _) in STATUSES {
        let items: Vec<_> = list.items.iter().filter(|i| i.status == status).collect();
        let of_status = statements::list::run(
            &state,
            &principal,
            statements::list::ListQuery {
                period: Some(period.clone()),
                status: Some(status.to_owned()),
            },
        )
        .await?;
        by_status.push(StatusTotal {
            status: status.to_owned(),
            count: items.len(),
            totals: convert::totals(of_status.totals),
        });
    }
    let mut periods = convert::period_choices(&current, 11, 1);
    if !periods.iter().any(|(k, _)| *k == period) {
        periods.push((
            period.clone(),
            crate::perf_api::model::period_label(&period),
        ));
    }
    let past_periods = convert::period_choices(&current, 11, 0);
    let views = convert::plan_views(&state, &principal).await?;
    let facts = convert::plan_facts(&views);
    let mut versions: Vec<ChoiceGroup> = Vec::new();
    let mut default_version = String::new();
    for view in &views {
        let mut choices: Vec<Choice> = view
            .versions
            .iter()
            .rev()
            .map(|v| {
                let label = format!(
                    "{} · v{} · {} from {}",
                    view.plan.name,
                    v.version,
                    if v.status == "draft" {
                        "draft"
                    } else {
                        "published"
                    },
                    v.effective_from
                );
                (format!("{}:{}", view.plan.id, v.version), label)
            })
            .collect();
        if default_version.is_empty() {
            if let Some(draft) = view.versions.iter().rev().find(|v| v.status == "draft") {
                default_version = format!("{}:{}", view.plan.id, draft.version);
            }
        }
        choices.sort_by_key(|(value, label)| (!label.contains("draft"), value.clone()));
        versions.push((view.plan.name.clone(), choices));
    }
    if default_version.is_empty() {
        default_version = versions
            .first()
            .and_then(|(_, c)| c.first())
            .map(|(v, _)| v.clone())
            .unwrap_or_default();
    }
    let runs: Vec<RunItem> = comp_runs::list::run(
        &state,
        &principal,
        comp_runs::list::RunQuery {
            kind: Some("scenario".into()),
        },
    )
    .await?
    .into_iter()
    .map(|r| convert::run_item(r, &facts))
    .collect();
    let open_run = match convert::text(&run) {
        Some(raw) => {
            let id = convert::uuid(&raw, "run")?;
            Some(convert::run_item(
                comp_runs::get::run(&state, &principal, id).await?,
                &facts,
            ))
        }
        None => None,
    };
    let recalculation = comp_runs::list::run(
        &state,
        &principal,
        comp_runs::list::RunQuery {
            kind: Some("recalculation".into()),
        },
    )
    .await?
    .into_iter()
    .next()
    .map(|r| convert::run_item(r, &facts));
    let people = convert::everyone(&state, &principal).await?;
    let quotas = comp::quotas_get::run(
        &state,
        &principal,
        comp::quotas_get::QuotaQuery {
            period: Some(period.clone()),
        },
    )
    .await?;
    let amounts: std::collections::HashMap<uuid::Uuid, String> = quotas
        .items
        .into_iter()
        .map(|q| (q.person_id, q.amount.to_string()))
        .collect();
    let mut active: Vec<&attain_db::tenant::people::Person> = people
        .iter()
        .filter(|p| p.active || amounts.contains_key(&p.id))
        .collect();
    active.sort_by_key(|p| p.name.to_lowercase());
    let quotas = active
        .into_iter()
        .map(|p| QuotaItem {
            person_id: p.id.to_string(),
            name: p.name.clone(),
            role: crate::sales_model::sales_role_label(&p.sales_role).to_owned(),
            amount: amounts.get(&p.id).cloned().unwrap_or_default(),
        })
        .collect();
    let rates = comp::rates_get::run(&state, &principal)
        .await?
        .items
        .into_iter()
        .map(|r| RateItem {
            period: r.period,
            from: r.from,
            to: r.to,
            rate: crate::perf_api::model::trim_decimal(&r.rate.to_string()),
        })
        .collect();
    Ok(PayoutsPage {
        period,
        period_kind: kind,
        periods,
        past_periods,
        by_status,
        totals: convert::totals(list.totals),
        items: list
            .items
            .into_iter()
            .map(convert::statement_item)
            .collect(),
        versions,
        default_version,
        runs,
        open_run,
        recalculation,
        quotas,
        rates,
    })
}

/// A run's status and progress (and, once done, a scenario's result).
#[server(prefix = "/fn", input = GetUrl)]
pub async fn payouts_run(id: String) -> Result<RunItem, Problem> {
    let (state, principal) = crate::server::caller(None).await?;
    let id = convert::uuid(&id, "run")?;
    let run = attain_api::routes::comp_runs::get::run(&state, &principal, id).await?;
    let views = match run.plan_id {
        Some(plan) => {
            vec![attain_api::routes::comp::plans_get::run(&state, &principal, plan).await?]
        }
        None => Vec::new(),
    };
    Ok(convert::run_item(run, &convert::plan_facts(&views)))
}

/// Recomputes every statement from `from` (a period) to now, in the background.
#[server(prefix = "/fn")]
pub async fn start_recalculation(csrf: String, from: String) -> Result<RunItem, Problem> {
    form_call!(StartRecalculation, {
        use attain_api::routes::comp_runs::recalculate::{run, RecalculationInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let row = run(
            &state,
            &principal,
            RecalculationInput {
                from: convert::text(&from),
            },
        )
        .await?;
        Ok(convert::run_item(row, &convert::plan_facts(&[])))
    })
}

/// Replays `plan_version` (`<plan id>:<version>`) over `period`'s deals.
#[server(prefix = "/fn")]
pub async fn start_scenario(
    csrf: String,
    plan_version: String,
    period: String,
) -> Result<RunItem, Problem> {
    form_call!(StartScenario, {
        use attain_api::routes::comp_runs::scenario::{run, ScenarioInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let (plan, version) = plan_version
            .trim()
            .split_once(':')
            .and_then(|(p, v)| Some((p.parse::<uuid::Uuid>().ok()?, v.parse::<i32>().ok()?)))
            .ok_or_else(|| convert::at("version", "Choose a plan version to model."))?;
        let row = run(
            &state,
            &principal,
            ScenarioInput {
                plan_id: plan,
                version,
                period,
            },
        )
        .await?;
        let view = attain_api::routes::comp::plans_get::run(&state, &principal, plan).await?;
        Ok(convert::run_item(row, &convert::plan_facts(&[view])))
    })
}

/// Sets the typed quotas of `period`; an empty amount leaves a quota as it
/// is. Answers how many were set.
#[server(prefix = "/fn")]
pub async fn save_period_quotas(
    csrf: String,
    period: String,
    #[server(default)] quotas: Vec<QuotaArg>,
) -> Result<usize, Problem> {
    form_call!(SavePeriodQuotas, {
        use attain_api::routes::comp::quotas_put::{run, PutQuotas, QuotaInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut sent = Vec::new();
        let mut positions = Vec::new();
        for (i, q) in quotas.iter().enumerate() {
            if q.amount.trim().is_empty() {
                continue;
            }
            let amount = decimal_text(&q.amount).ok_or_else(|| {
                convert::at(
                    format!("quotas[{i}].amount"),
                    "Enter an amount such as 100000.",
                )
            })?;
            let person_id = q
                .person_id
                .parse()
                .map_err(|_| convert::at(format!("quotas[{i}].amount"), "Unknown person."))?;
            sent.push(QuotaInput {
                person_id,
                amount: serde_json::Value::String(amount),
            });
            positions.push(i);
        }
        let count = sent.len();
        match run(
            &state,
            &principal,
            PutQuotas {
                period,
                quotas: sent,
            },
        )
        .await
        {
            Ok(_) => Ok(count),
            Err(mut e) => {
                // `quotas[j]` of what was sent is row `positions[j]` of the form.
                if let Some(field) = e.field.clone() {
                    if let Some(rest) = field.strip_prefix("quotas[") {
                        if let Some((j, tail)) = rest.split_once(']') {
                            if let Some(row) =
                                j.parse::<usize>().ok().and_then(|j| positions.get(j))
                            {
                                let tail = if tail == ".person_id" {
                                    ".amount"
                                } else {
                                    tail
                                };
                                e.field = Some(format!("quotas[{row}]{tail}"));
                            }
                        }
                    }
                }
                Err(e.into())
            }
        }
    })
}

/// Adds (or replaces) one exchange rate: `1 from = rate to` in `period`.
#[server(prefix = "/fn")]
pub async fn add_fx_rate(
    csrf: String,
    period: String,
    from: String,
    to: String,
    rate: String,
) -> Result<(), Problem> {
    form_call!(AddFxRate, {
        use attain_api::routes::comp::rates_put::{run, PutRates, RateInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let value = decimal_text(&rate)
            .ok_or_else(|| convert::at("rate", "Enter a rate such as 1.085."))?;
        let result = run(
            &state,
            &principal,
            PutRates {
                rates: vec![RateInput {
                    period,
                    from: from.trim().to_uppercase(),
                    to: to.trim().to_uppercase(),
                    rate: serde_json::Value::String(value),
                }],
            },
        )
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(mut e) => {
                e.field = e
                    .field
                    .map(|f| f.strip_prefix("rates[0].").map(str::to_owned).unwrap_or(f));
                Err(e.into())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_move_between_percent_and_fraction_without_floats() {
        assert_eq!(percent_to_fraction("10"), "0.1");
        assert_eq!(percent_to_fraction("12.5"), "0.125");
        assert_eq!(percent_to_fraction("150"), "1.5");
        assert_eq!(percent_to_fraction("0"), "0");
        assert_eq!(percent_to_fraction("7"), "0.07");
        assert_eq!(percent_to_fraction("-2.5"), "-0.025");
        assert_eq!(crate::perf_api::model::percent_number("0.125"), "12.5");
    }

    #[test]
    fn typed_numbers_are_checked() {
        assert_eq!(decimal_text("48,000.50").as_deref(), Some("48000.50"));
        assert_eq!(decimal_text("-5").as_deref(), Some("-5"));
        assert_eq!(decimal_text(".5").as_deref(), Some("0.5"));
        assert_eq!(decimal_text("abc"), None);
        assert_eq!(decimal_text("1.2.3"), None);
        assert_eq!(decimal_text(""), None);
    }

    #[test]
    fn signed_amounts_show_their_direction() {
        assert_eq!(signed_money("1600.00", "USD"), "+1,600.00 USD");
        assert_eq!(signed_money("-50", "USD"), "-50.00 USD");
        assert_eq!(signed_money("0.00", "USD"), "0.00 USD");
    }
}
