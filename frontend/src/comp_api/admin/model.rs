//! What the approvals, comp plans and payouts pages show: plain data,
//! compiled into both the server and the wasm. Amounts stay decimal strings.

use serde::{Deserialize, Serialize};

/// A value and its label, for a select.
pub type Choice = (String, String);
/// Labelled groups of choices (`<optgroup>`s).
pub type ChoiceGroup = (String, Vec<Choice>);
/// An amount per currency: (currency, decimal amount).
pub type MoneyTotal = (String, String);

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
    /// The statement's currency, when the period's list has it.
    pub currency: String,
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
