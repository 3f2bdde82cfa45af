//! What the sales pages show (pipeline, deals, accounts, products, stages,
//! people, onboarding): plain data compiled into both the server and the
//! wasm, plus the labels and query strings those pages share. Amounts stay
//! decimal strings; pages format them with [`crate::model::format_money`].

use crate::model::Page;
use serde::{Deserialize, Serialize};

/// An (id, name) pair for a select.
pub type Choice = (String, String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageRow {
    pub id: String,
    pub key: String,
    pub name: String,
    pub position: i32,
    pub probability: i32,
    /// open, won or lost.
    pub kind: String,
    /// new_business or retention.
    pub pipeline: String,
    pub active: bool,
    pub version: i32,
    pub deal_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealRow {
    pub id: String,
    pub name: String,
    pub amount: String,
    pub currency: String,
    pub owner: String,
    pub stage: String,
    pub status: String,
    pub deal_type: String,
    pub account: Option<String>,
    pub expected_close: Option<String>,
    pub days_in_stage: i64,
}

/// A money total in one currency: (currency, amount).
pub type Sum = (String, String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub stage: StageRow,
    /// The largest deals of the stage (at most [`BOARD_CARDS`]).
    pub deals: Vec<DealRow>,
    /// How many deals match in the stage, shown or not.
    pub total: i64,
    /// Total of the shown deals, per currency.
    pub sums: Vec<Sum>,
}

pub const BOARD_CARDS: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineView {
    /// Board columns (board view only).
    pub columns: Vec<BoardColumn>,
    /// One page of deals (list view only).
    pub list: Option<Page<DealRow>>,
    /// Every active stage, in order (filters and the new-deal form).
    pub stages: Vec<StageRow>,
    pub people: Vec<Choice>,
    pub accounts: Vec<Choice>,
    /// The caller's own person, the default owner of a new deal.
    pub me: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitRow {
    pub person_id: String,
    pub person: String,
    pub share: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineRow {
    pub product_id: String,
    pub product: String,
    pub priority: String,
    pub quantity: String,
    pub unit_price: String,
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub from: Option<String>,
    pub to: String,
    /// open, won or lost: the kind of the stage reached.
    pub to_kind: String,
    pub at: String,
    pub by: String,
    pub source: String,
    /// Time spent in the previous stage, e.g. "3 days".
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductChoice {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub list_price: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealDetail {
    pub id: String,
    pub name: String,
    pub amount: String,
    pub currency: String,
    pub status: String,
    pub deal_type: String,
    pub version: i32,
    pub owner_id: String,
    pub owner: String,
    pub account_id: Option<String>,
    pub account: Option<String>,
    pub stage_id: String,
    pub expected_close: Option<String>,
    pub closed_date: Option<String>,
    pub loss_reason: Option<String>,
    pub created: String,
    pub days_in_stage: i64,
    pub splits: Vec<SplitRow>,
    pub lines: Vec<LineRow>,
    pub milestones: Vec<MilestoneRow>,
    /// Every active stage, in order.
    pub stages: Vec<StageRow>,
    pub people: Vec<Choice>,
    pub products: Vec<ProductChoice>,
    pub accounts: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub industry: String,
    pub employees: Option<i32>,
    pub segment: String,
    pub region_id: Option<String>,
    pub region: Option<String>,
    pub owner_id: Option<String>,
    pub owner: Option<String>,
    pub score: i32,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionView {
    pub attribute: String,
    pub value: String,
    /// The value as a person reads it (a region's name rather than its id).
    pub shown: String,
    pub weight: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountsView {
    pub page: Page<AccountRow>,
    pub criteria: Vec<CriterionView>,
    pub people: Vec<Choice>,
    pub regions: Vec<Choice>,
    /// Industries seen on accounts and in the profile, for suggestions.
    pub industries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub list_price: String,
    pub currency: String,
    pub priority: String,
    pub active: bool,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub team_id: Option<String>,
    pub team: Option<String>,
    pub manager_id: Option<String>,
    pub manager: Option<String>,
    pub sales_role: String,
    pub active: bool,
    /// Whether the person signs in (is linked to a member).
    pub member: bool,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleView {
    pub page: Page<PersonRow>,
    pub teams: Vec<Choice>,
    /// Active people, for the manager select.
    pub people: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStage {
    pub name: String,
    pub probability: i32,
    pub kind: String,
    pub pipeline: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateCard {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub stages: Vec<TemplateStage>,
    pub kpis: Vec<String>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnboardingView {
    pub templates: Vec<TemplateCard>,
    pub chosen: Option<String>,
    pub chosen_at: Option<String>,
    pub people: i64,
    pub products: i64,
    pub accounts: i64,
}

/// One row of a credit-split form; empty rows are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitArg {
    pub person_id: String,
    pub share: String,
}

/// One row of a product-line form; empty rows are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineArg {
    pub product_id: String,
    pub quantity: String,
    /// Empty: the product's list price.
    pub unit_price: String,
}

/// One row of the ICP editor; rows without a value are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CriterionArg {
    pub attribute: String,
    pub value: String,
    pub weight: String,
}

fn label<'a>(table: &[(&'static str, &'static str)], key: &'a str) -> &'a str {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or(key)
}

pub const SALES_ROLES: [(&str, &str); 6] = [
    ("hunter", "Hunter"),
    ("farmer", "Farmer"),
    ("sdr", "SDR"),
    ("ae", "Account executive"),
    ("am", "Account manager"),
    ("manager", "Manager"),
];

pub fn sales_role_label(key: &str) -> &str {
    label(&SALES_ROLES, key)
}

pub const DEAL_TYPES: [(&str, &str); 3] = [
    ("new_business", "New business"),
    ("expansion", "Expansion"),
    ("renewal", "Renewal"),
];

pub fn deal_type_label(key: &str) -> &str {
    label(&DEAL_TYPES, key)
}

pub const SEGMENTS: [(&str, &str); 3] = [
    ("smb", "SMB"),
    ("mid_market", "Mid-market"),
    ("enterprise", "Enterprise"),
];

pub fn segment_label(key: &str) -> &str {
    label(&SEGMENTS, key)
}

pub const PRIORITIES: [(&str, &str); 3] = [
    ("strategic", "Strategic"),
    ("standard", "Standard"),
    ("loss_leader", "Loss leader"),
];

pub fn priority_label(key: &str) -> &str {
    label(&PRIORITIES, key)
}

pub const STAGE_KINDS: [(&str, &str); 3] = [("open", "Open"), ("won", "Won"), ("lost", "Lost")];

pub fn stage_kind_label(key: &str) -> &str {
    label(&STAGE_KINDS, key)
}

pub const PIPELINES: [(&str, &str); 2] =
    [("new_business", "New business"), ("retention", "Retention")];

pub fn pipeline_label(key: &str) -> &str {
    label(&PIPELINES, key)
}

pub const ICP_ATTRIBUTES: [(&str, &str); 5] = [
    ("industry", "Industry"),
    ("segment", "Segment"),
    ("region", "Region"),
    ("employees_min", "Employees at least"),
    ("employees_max", "Employees at most"),
];

pub fn icp_attribute_label(key: &str) -> &str {
    label(&ICP_ATTRIBUTES, key)
}

const KPIS: [(&str, &str); 11] = [
    ("new_logos", "New logos"),
    ("win_rate", "Win rate"),
    ("average_deal_size", "Average deal size"),
    ("arr", "ARR"),
    ("arpu", "ARPU"),
    ("pipeline_coverage", "Pipeline coverage"),
    ("quota_attainment", "Quota attainment"),
    ("cycle_length", "Sales cycle length"),
    ("stage_conversion", "Stage conversion"),
    ("activity_counts", "Activity counts"),
    ("hit_rate", "Hit rate"),
];

pub fn kpi_label(key: &str) -> &str {
    label(&KPIS, key)
}

/// The badge class for a deal status or stage kind.
pub fn status_badge(kind: &str) -> &'static str {
    match kind {
        "won" => "badge badge-ahead",
        "lost" => "badge badge-behind",
        _ => "badge badge-on-track",
    }
}

pub fn priority_badge(priority: &str) -> &'static str {
    match priority {
        "strategic" => "badge badge-strategic",
        "loss_leader" => "badge badge-warning",
        _ => "badge badge-neutral",
    }
}

/// "in stage 1 day" / "12 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// How long a deal has sat in its stage, for a card.
pub fn stage_age(days_in_stage: i64) -> String {
    match days_in_stage {
        0 => "Entered today".into(),
        n => format!("{} in stage", days(n)),
    }
}

/// 12345 → "12,345".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A query string (with the leading `?`) from the pairs whose value is not
/// empty, values percent-encoded.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_skip_empty_values_and_encode_the_rest() {
        assert_eq!(query_string(&[("q", ""), ("page", "")]), "");
        assert_eq!(
            query_string(&[("q", "Acme & Co"), ("view", "list"), ("owner", "")]),
            "?q=Acme+%26+Co&view=list"
        );
    }

    #[test]
    fn labels_fall_back_to_the_key() {
        assert_eq!(sales_role_label("ae"), "Account executive");
        assert_eq!(deal_type_label("expansion"), "Expansion");
        assert_eq!(kpi_label("something_new"), "something_new");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(0), "0 days");
        assert_eq!(stage_age(0), "Entered today");
        assert_eq!(stage_age(3), "3 days in stage");
        assert_eq!(group_digits(1200), "1,200");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(-1234567), "-1,234,567");
    }
}
