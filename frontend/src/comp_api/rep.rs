//! Server functions of the rep's commissions page (`/app/commissions`) and
//! what they return: the caller's statement for a period with every line
//! explained in words, the what-if estimator, and the caller's disputes
//! with their threads; opening a dispute on a line and replying in one.
//!
//! Each function calls the same `run` as the matching `/api/v1` endpoint
//! (`statements/mine`, `statements/what-if`, `disputes`), so permissions,
//! validation and audit are the API's own. Amounts stay decimal strings
//! from the engine to the page: the statement's JSON body is read into
//! string mirrors of the engine's types, and the few sums and ratios the
//! explanations need are done in the API's own decimal type (see
//! `Decimals`), never in floats.

use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {crate::server, convert::*};

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

/// A value and its label, for a select.
pub type Choice = (String, String);

// ---------------------------------------------------------------------------
// What the page shows
// ---------------------------------------------------------------------------

/// The page for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommissionsData {
    /// The period shown ("2026-11") and its label ("November 2026").
    pub period: String,
    pub period_label: String,
    /// Today's period: the what-if estimator answers for it only.
    pub current_period: String,
    /// Periods with a statement, newest first, and the current one.
    pub periods: Vec<Choice>,
    /// The caller's person; none when they are not in the sales organisation.
    pub person_id: Option<String>,
    /// None until the worker stores the period's first statement.
    pub statement: Option<StatementData>,
    /// The caller's disputes, every period, newest first.
    pub disputes: Vec<DisputeData>,
    /// Active products for the what-if picker: (id, "name · priority").
    pub products: Vec<Choice>,
    /// A period the API refused: the current one is shown instead.
    pub problem: Option<Problem>,
}

/// A statement's figures (decimal strings in `currency`) and its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementData {
    /// draft, approved or paid.
    pub status: String,
    pub version: i32,
    pub currency: String,
    /// What is paid: the sum of every line.
    pub payout: String,
    /// Commissions, roll-ups, caps and clawbacks.
    pub commissions: String,
    /// Attainment bonuses and SPIFFs.
    pub bonuses: String,
    pub adjustments: String,
    /// Draw top-up paid this period.
    pub draw: String,
    /// Earlier top-ups recovered this period (a positive amount).
    pub recovered: String,
    /// Recoverable draw still owed after this period.
    pub draw_balance: String,
    pub quota: Option<String>,
    /// Credited value, weights applied.
    pub credited: String,
    /// Percent, two places ("120.00"); none without a quota.
    pub attainment_pct: Option<String>,
    /// What the engine wants the rep to know (a missing quota or rate).
    pub warnings: Vec<String>,
    pub lines: Vec<LineData>,
    /// "2026-11-03 14:05 UTC".
    pub computed_at: String,
    pub approved_at: Option<String>,
    pub paid_at: Option<String>,
    /// A paid statement recomputed now, when that differs from what was paid.
    pub recalculated_payout: Option<String>,
}

/// One statement line with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineData {
    /// Position in the statement's lines (what a dispute names).
    pub index: usize,
    /// Stable across recalculations: kind, deal, tier and whose credit.
    pub key: String,
    /// The engine's kind: commission, roll_up, deal_cap, bonus, ...
    pub kind: String,
    pub kind_label: String,
    /// The deal's name, or what the line is when it has no deal.
    pub title: String,
    pub tier: Option<u32>,
    /// The rate as shown: "10%", "500 per logo".
    pub rate: Option<String>,
    /// Decimal string in the statement's currency.
    pub amount: String,
    pub rule: String,
    /// The line in words, from its fields.
    pub explanation: String,
    /// The dispute open on this line, if any.
    pub dispute_id: Option<String>,
}

/// A dispute with the line it questions and its thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeData {
    pub id: String,
    /// open, resolved or rejected.
    pub status: String,
    pub period: String,
    pub period_label: String,
    /// "Northwind platform · Commission · 10,000.00"
    pub line_summary: String,
    pub line_rule: String,
    pub opened_at: String,
    pub resolution: Option<String>,
    pub resolved_at: Option<String>,
    pub messages: Vec<MessageData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageData {
    /// "You" for the caller's own.
    pub author: String,
    pub mine: bool,
    pub body: String,
    pub at: String,
}

/// One hypothetical deal as typed in the estimator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatIfDeal {
    pub name: String,
    pub amount: String,
    /// A product id, or empty.
    pub product_id: String,
    /// new_business, expansion or renewal.
    pub deal_type: String,
}

/// The estimator's answer: the current period before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfData {
    pub period_label: String,
    pub currency: String,
    pub payout_before: String,
    pub payout_after: String,
    pub payout_change: String,
    pub attainment_before: Option<String>,
    pub attainment_after: Option<String>,
    /// Percentage points.
    pub attainment_change: Option<String>,
    /// The lines the hypothetical deals add.
    pub lines: Vec<LineData>,
    /// Other lines that appear with them (a bonus the new attainment
    /// unlocks, a cap, a draw no longer needed).
    pub other_lines: Vec<LineData>,
    /// Warnings the answer has that the statement had not.
    pub warnings: Vec<String>,
    /// How long the engine took: "0.42".
    pub elapsed_ms: String,
}

// ---------------------------------------------------------------------------
// The engine's statement, read from its JSON (decimals as strings)
// ---------------------------------------------------------------------------

#[cfg(feature = "ssr")]
/// A decimal written as a JSON string or number; empty when null.
fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

#[cfg(feature = "ssr")]
fn maybe<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    })
}

#[cfg(feature = "ssr")]
/// `attain_comp::Statement`, its decimals as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawStatement {
    #[serde(default)]
    pub currency: String,
    #[serde(default, deserialize_with = "maybe")]
    pub quota: Option<String>,
    #[serde(default, deserialize_with = "number")]
    pub credited: String,
    #[serde(default, deserialize_with = "maybe")]
    pub attainment_pct: Option<String>,
    #[serde(default)]
    pub lines: Vec<RawLine>,
    #[serde(default, deserialize_with = "number")]
    pub adjustments: String,
    #[serde(default, deserialize_with = "number")]
    pub draw: String,
    #[serde(default, deserialize_with = "number")]
    pub recovered: String,
    #[serde(default, deserialize_with = "number")]
    pub payout: String,
    #[serde(default, deserialize_with = "number")]
    pub draw_balance: String,
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[cfg(feature = "ssr")]
/// `attain_comp::Line`, its decimals as text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct RawLine {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub deal_id: Option<String>,
    #[serde(default)]
    pub deal_name: Option<String>,
    #[serde(default)]
    pub credited_from: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub credit_share_pct: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub weight: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub fx_rate: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub base: Option<String>,
    #[serde(default)]
    pub tier: Option<u32>,
    #[serde(default, deserialize_with = "maybe")]
    pub rate: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub attainment_from_pct: Option<String>,
    #[serde(default, deserialize_with = "maybe")]
    pub attainment_to_pct: Option<String>,
    #[serde(default)]
    pub rule: String,
    #[serde(default, deserialize_with = "number")]
    pub amount: String,
}

#[cfg(feature = "ssr")]
impl RawLine {
    /// Kind, deal, tier and whose credit: what stays the same when the
    /// statement is recalculated and the line moves.
    pub fn key(&self) -> String {
        let deal = self.deal_id.as_deref().unwrap_or("");
        let from = self.credited_from.as_deref().unwrap_or("");
        let tier = self.tier.map(|t| t.to_string()).unwrap_or_default();
        let rule = if deal.is_empty() {
            self.rule.as_str()
        } else {
            ""
        };
        format!("{}|{deal}|{tier}|{from}|{rule}", self.kind)
    }
}

/// The engine's line kinds in words.
pub fn kind_label(kind: &str) -> &'static str {
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
        _ => "Other",
    }
}

/// The product priorities in words.
pub fn priority_label(priority: &str) -> &'static str {
    match priority {
        "strategic" => "strategic",
        "loss_leader" => "loss leader",
        _ => "standard",
    }
}

/// A statement's status: its badge class, label and what it means for the rep.
pub fn status_meaning(status: &str) -> (&'static str, &'static str, &'static str) {
    match status {
        "approved" => (
            "badge badge-on-track",
            "Approved",
            "Your manager checked it; it is paid with the next payroll. A deal that changes before then reopens it as a draft.",
        ),
        "paid" => (
            "badge badge-ahead",
            "Paid",
            "Paid and locked. Anything that changes later is carried into your next open statement as an adjustment.",
        ),
        _ => (
            "badge badge-warning",
            "Draft",
            "Recalculated within seconds whenever one of your deals changes; your manager approves it at the end of the period.",
        ),
    }
}

/// "66500.5" in "USD" → "66,500.50 USD"; without a currency, the number only.
pub fn money(amount: &str, currency: &str) -> String {
    crate::model::format_money(amount.trim(), currency)
        .trim_end()
        .to_owned()
}

/// A signed amount: "+1,500.00 USD", "-200.00 USD", "0.00 USD".
pub fn signed_money(amount: &str, currency: &str) -> String {
    let text = money(amount, currency);
    let zero = amount
        .trim()
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if text.starts_with('-') || zero {
        text
    } else {
        format!("+{text}")
    }
}

/// Percent with two places → as short as it reads: "120.00" → "120%".
pub fn pct(raw: &str) -> String {
    format!("{}%", crate::perf_api::model::trim_decimal(raw))
}

#[cfg(feature = "ssr")]
/// The rate as a rep reads it: a fraction as percent, per logo as is.
fn rate_text(line: &RawLine) -> Option<String> {
    let rate = line.rate.as_deref()?;
    if line.rule.contains("per logo") {
        Some(format!(
            "{} per logo",
            crate::perf_api::model::trim_decimal(rate)
        ))
    } else {
        Some(crate::perf_api::model::percent(rate))
    }
}

#[cfg(feature = "ssr")]
/// The line's title: its deal, or what it is.
fn line_title(line: &RawLine) -> String {
    match (&line.deal_name, line.kind.as_str()) {
        (Some(name), _) => name.clone(),
        (None, "bonus") => "Attainment bonus".to_owned(),
        (None, "period_cap") => "Cap per period".to_owned(),
        (None, "adjustment") if !line.rule.trim().is_empty() => line.rule.clone(),
        (None, "draw_top_up") => "Draw top-up".to_owned(),
        (None, "draw_recovery") => "Draw recovered".to_owned(),
        (None, kind) => kind_label(kind).to_owned(),
    }
}

#[cfg(feature = "ssr")]
/// What an explanation needs beyond the line: figures computed from the
/// deal's other slices and from the deal itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LineContext {
    /// The statement's (payout) currency.
    pub currency: String,
    /// The deal's whole credited value on this statement (all its slices),
    /// in the payout currency, two places.
    pub credited_total: Option<String>,
    /// How many tier slices the deal's credit was cut into.
    pub slices: usize,
    /// The value counted from the deal before share, weight and exchange
    /// rate, two places, and its currency.
    pub counted: Option<(String, String)>,
    /// The weighted products' priority, when they share one.
    pub priority: Option<String>,
    /// For roll-ups: whose deal it is.
    pub from_name: Option<String>,
    /// Display forms: share "100", weight "1.5", exchange rate "1.08", the
    /// slice's base "100000.00".
    pub share: Option<String>,
    pub weight: Option<String>,
    pub fx: Option<String>,
    pub base: Option<String>,
}

#[cfg(feature = "ssr")]
/// The line in words, built from its fields. For example: "Northwind
/// platform — your 100% share of 120,000.00 USD × weight 1.5 (strategic) →
/// credited 180,000.00 USD; this slice of 100,000.00 USD took attainment
/// from 0% to 100%: Tier 1 (0–100%) at 10%, marginal → 100,000.00 USD ×
/// 10% = 10,000.00 USD."
pub(crate) fn explain(line: &RawLine, cx: &LineContext) -> String {
    let ccy = cx.currency.as_str();
    let amount = money(&line.amount, ccy);
    let deal = line.deal_name.clone().unwrap_or_else(|| "This deal".into());
    match line.kind.as_str() {
        "commission" | "roll_up" => {
            let mut text = deal;
            text.push_str(" — ");
            let share = cx.share.clone().unwrap_or_else(|| "100".into());
            let of = match &cx.counted {
                Some((value, currency)) => format!(" of {}", money(value, currency)),
                None => String::new(),
            };
            if line.kind == "roll_up" {
                let whose = cx
                    .from_name
                    .clone()
                    .map(|n| format!("{n}'s deal"))
                    .unwrap_or_else(|| "a deal on your team".into());
                text.push_str(&format!(
                    "roll-up credit from {whose}: their {share}% share{of}"
                ));
            } else {
                text.push_str(&format!("your {share}% share{of}"));
            }
            if let Some(weight) = cx.weight.as_deref().filter(|w| *w != "1") {
                text.push_str(&format!(" × weight {weight}"));
                if let Some(priority) = &cx.priority {
                    text.push_str(&format!(" ({priority})"));
                }
            }
            if let Some(fx) = cx.fx.as_deref().filter(|f| *f != "1") {
                let from = cx
                    .counted
                    .as_ref()
                    .map(|(_, c)| c.as_str())
                    .filter(|c| *c != ccy)
                    .map(|c| format!(" {c}→{ccy}"))
                    .unwrap_or_default();
                text.push_str(&format!(" × exchange rate {fx}{from}"));
            }
            let same_value = match (&cx.counted, &cx.credited_total) {
                (Some((value, currency)), Some(total)) => {
                    currency == ccy && same_number(value, total)
                }
                _ => false,
            };
            match &cx.credited_total {
                Some(total) if !same_value => {
                    text.push_str(&format!(" → credited {}", money(total, ccy)));
                }
                Some(_) => text.push_str(", all credited"),
                None => {}
            }
            match (&line.attainment_from_pct, &line.attainment_to_pct) {
                (Some(from), Some(to)) => {
                    let slice = match (&cx.base, cx.slices > 1) {
                        (Some(base), true) => format!("this slice of {}", money(base, ccy)),
                        _ => "it".to_owned(),
                    };
                    text.push_str(&format!(
                        "; {slice} took attainment from {} to {}",
                        pct(from),
                        pct(to)
                    ));
                }
                _ => text.push_str("; with no quota for the period, the first tier's rate applies"),
            }
            text.push_str(&format!(": {}", line.rule));
            match (&cx.base, rate_text(line), line.rule.starts_with("Below")) {
                (Some(base), Some(rate), false) if !rate.contains("per logo") => {
                    text.push_str(&format!(" → {} × {rate} = {amount}.", money(base, ccy)));
                }
                _ => text.push_str(&format!(" → {amount}.")),
            }
            text
        }
        "spiff" => {
            let share = cx
                .share
                .as_deref()
                .filter(|s| *s != "100")
                .map(|s| format!(", your {s}% share of it"))
                .unwrap_or_default();
            format!("{deal} — {}{share} → {amount}.", line.rule)
        }
        "deal_cap" => format!(
            "{deal} — {}: what this deal pays is cut by {} to stay within the cap.",
            line.rule,
            money(line.amount.trim_start_matches('-'), ccy)
        ),
        "period_cap" => format!(
            "{}: this period's earnings are cut by {} to stay within the cap.",
            line.rule,
            money(line.amount.trim_start_matches('-'), ccy)
        ),
        "clawback" => format!("{} → {amount}.", line.rule),
        "bonus" => format!("{} → {amount}.", line.rule),
        "adjustment" => format!(
            "Adjustment made by your manager or an admin: “{}” → {amount}.",
            line.rule
        ),
        "draw_top_up" => format!(
            "{}: your earnings were below the draw, so the difference is paid → {amount}.",
            line.rule
        ),
        "draw_recovery" => format!("{} → {amount}.", line.rule),
        _ => format!("{} → {amount}.", line.rule),
    }
}

/// Whether two decimal texts are the same number ("120000" and "120000.00").
#[cfg(feature = "ssr")]
fn same_number(a: &str, b: &str) -> bool {
    let norm = |raw: &str| crate::perf_api::model::trim_decimal(raw);
    norm(a) == norm(b)
}

// ---------------------------------------------------------------------------
// Server functions
// ---------------------------------------------------------------------------

/// The caller's statement for `period` (empty: the current one), the
/// periods they have statements for, their disputes and the products the
/// what-if estimator offers.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_my_commissions(period: String) -> Result<CommissionsData, Problem> {
    use attain_api::routes::statements::mine::{run, MineQuery};
    let (state, principal) = server::caller(None).await?;
    let wanted = period.trim();
    let (mine, problem) = if wanted.is_empty() {
        (run(&state, &principal, MineQuery::default()).await?, None)
    } else {
        let query = MineQuery {
            period: Some(wanted.to_owned()),
        };
        match run(&state, &principal, query).await {
            Ok(mine) => (mine, None),
            Err(error) if error.field.is_some() => (
                run(&state, &principal, MineQuery::default()).await?,
                Some(Problem::from(error)),
            ),
            Err(error) => return Err(error.into()),
        }
    };
    let current_period = if wanted.is_empty() || problem.is_some() {
        mine.period.clone()
    } else {
        run(&state, &principal, MineQuery::default()).await?.period
    };
    let products = products(&state, &principal).await;
    let person = mine.person_id;
    let statement = match mine.statement {
        Some(view) => Some(statement_data(&state, &principal, view, &products).await?),
        None => None,
    };
    let shown = statement.as_ref().map(|s| (mine.period.as_str(), s));
    let disputes = match person {
        Some(me) => my_disputes(&state, &principal, me, shown).await?,
        None => Vec::new(),
    };
    let mut periods: Vec<Choice> = mine.periods.iter().map(|p| (p.clone(), label(p))).collect();
    for p in [&current_period, &mine.period] {
        if !periods.iter().any(|(key, _)| key == p) {
            periods.push((p.clone(), label(p)));
        }
    }
    periods.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(CommissionsData {
        period_label: label(&mine.period),
        period: mine.period,
        current_period,
        periods,
        person_id: person.map(|p| p.to_string()),
        statement,
        disputes,
        products: products
            .iter()
            .map(|p| {
                (
                    p.id.to_string(),
                    format!("{} · {}", p.name, priority_label(&p.priority)),
                )
            })
            .collect(),
        problem,
    })
}

/// The current period recomputed with `deals` added. A field the API
/// refuses comes back named as it names it (`deals[0].amount`).
#[server(prefix = "/fn", input = Json)]
pub async fn estimate_what_if(csrf: String, deals: Vec<WhatIfDeal>) -> Result<WhatIfData, Problem> {
    use attain_api::routes::statements::what_if::{run, HypotheticalDeal, WhatIfInput};
    let (state, principal) = server::caller(Some(&csrf)).await?;
    let mut input = Vec::with_capacity(deals.len());
    for (i, deal) in deals.iter().enumerate() {
        let amount = plain_number(&deal.amount);
        if amount.is_empty() {
            return Err(field_at(
                format!("deals[{i}].amount"),
                "enter the deal's amount",
            ));
        }
        let product_id = match deal.product_id.trim() {
            "" => None,
            raw => Some(raw.parse().map_err(|_| {
                field_at(
                    format!("deals[{i}].product_id"),
                    "is not one of your products",
                )
            })?),
        };
        input.push(HypotheticalDeal {
            name: Some(deal.name.trim().to_owned()).filter(|n| !n.is_empty()),
            amount: serde_json::Value::String(amount),
            currency: None,
            deal_type: Some(deal.deal_type.trim().to_owned()).filter(|t| !t.is_empty()),
            close_date: None,
            product_id,
        });
    }
    let answer = run(
        &state,
        &principal,
        WhatIfInput {
            person_id: None,
            deals: input,
        },
    )
    .await?;
    let products = products(&state, &principal).await;
    what_if_data(answer, &deals, &products)
}

/// Questions one line of the caller's statement, with a first message.
#[server(prefix = "/fn")]
pub async fn dispute_line(
    csrf: String,
    person_id: String,
    period: String,
    line_index: String,
    message: String,
) -> Result<String, Problem> {
    form_call!(DisputeLine, {
        use attain_api::routes::disputes::create::{run, NewDispute};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let person_id = person_id
            .trim()
            .parse()
            .map_err(|_| Problem::from(attain_api::ApiError::not_found("statement")))?;
        let line_index = line_index
            .trim()
            .parse()
            .map_err(|_| field_at("line_index".into(), "choose a line"))?;
        let body = NewDispute {
            person_id,
            period,
            line_index,
            message,
        };
        Ok(run(&state, &principal, body).await?.dispute.id.to_string())
    })
}

/// Adds to a dispute's thread.
#[server(prefix = "/fn")]
pub async fn reply_in_dispute(
    csrf: String,
    dispute_id: String,
    body: String,
) -> Result<String, Problem> {
    form_call!(ReplyInDispute, {
        use attain_api::routes::disputes::reply::{run, NewMessage};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let id = dispute_id
            .trim()
            .parse()
            .map_err(|_| Problem::from(attain_api::ApiError::not_found("dispute")))?;
        run(&state, &principal, id, NewMessage { body }).await?;
        Ok(dispute_id)
    })
}

#[cfg(feature = "ssr")]
fn label(period: &str) -> String {
    crate::perf_api::model::period_label(period)
}

#[cfg(feature = "ssr")]
/// A number as typed ("48,000.50") without grouping characters.
fn plain_number(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\''))
        .collect()
}

#[cfg(feature = "ssr")]
fn field_at(field: String, message: &str) -> Problem {
    Problem {
        code: "invalid_field".into(),
        message: format!("{field} {message}"),
        field: Some(field),
    }
}

// ---------------------------------------------------------------------------
// Server-side conversion
// ---------------------------------------------------------------------------

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use attain_api::{
        auth::Principal,
        routes::{disputes::DisputeView, statements::what_if::WhatIfAnswer},
        ApiError, AppState,
    };
    use attain_db::tenant::{comp_statements::DisputeRow, products::Product};
    use std::{
        collections::{BTreeMap, HashMap},
        fmt::Display,
        ops::Add,
        str::FromStr,
    };
    use uuid::Uuid;

    fn internal(e: impl Display) -> Problem {
        Problem::from(ApiError::internal(e.to_string()))
    }

    /// Exact arithmetic in the API's decimal type. This crate does not
    /// depend on the decimal crate itself: the type comes from a value the
    /// API returned (`like`), with the operations the page needs.
    #[derive(Clone, Copy)]
    pub struct Decimals<D> {
        zero: D,
        one: D,
        hundred: D,
        mul: fn(D, D) -> Option<D>,
        div: fn(D, D) -> Option<D>,
        round: fn(D, u32) -> D,
    }

    impl<D> Decimals<D>
    where
        D: Copy + FromStr + Display + PartialEq + Add<Output = D>,
    {
        pub fn new(
            like: &D,
            mul: fn(D, D) -> Option<D>,
            div: fn(D, D) -> Option<D>,
            round: fn(D, u32) -> D,
        ) -> Self {
            let number = |raw: &str| raw.parse().ok().unwrap_or(*like);
            Self {
                zero: number("0"),
                one: number("1"),
                hundred: number("100"),
                mul,
                div,
                round,
            }
        }

        pub fn parse(&self, raw: &str) -> Option<D> {
            raw.trim().parse().ok()
        }

        pub fn sum<'a>(&self, raws: impl Iterator<Item = &'a str>) -> D {
            raws.filter_map(|r| self.parse(r))
                .fold(self.zero, |sum, d| sum + d)
        }

        /// Rounded to `places`, without trailing zeros past two places.
        pub fn text(&self, d: D, places: u32) -> String {
            (self.round)(d, places).to_string()
        }

        /// A factor for display: at most `places` decimals, no trailing zeros.
        pub fn short(&self, raw: &str, places: u32) -> Option<String> {
            let d = self.parse(raw)?;
            Some(crate::perf_api::model::trim_decimal(&self.text(d, places)))
        }

        pub fn is_one(&self, raw: Option<&str>) -> bool {
            raw.and_then(|r| self.parse(r))
                .is_none_or(|d| d == self.one)
        }

        /// `total` ÷ (`share`% × `weight` × `fx`), two places.
        pub fn counted(&self, total: D, share: &str, weight: &str, fx: &str) -> Option<String> {
            let share = (self.div)(self.parse(share)?, self.hundred)?;
            let factor = (self.mul)((self.mul)(share, self.parse(weight)?)?, self.parse(fx)?)?;
            if factor == self.zero {
                return None;
            }
            Some(self.text((self.div)(total, factor)?, 2))
        }
    }

    /// What the explanations need from the deals themselves: their currency
    /// and the priority of the products they weigh.
    #[derive(Debug, Clone, Default)]
    pub struct DealFacts {
        pub currency: Option<String>,
        pub priority: Option<String>,
    }

    /// Lines with their explanations. `facts` are by deal id; `names` by
    /// person id.
    pub fn lines_data<D>(
        dec: &Decimals<D>,
        raw: &[RawLine],
        currency: &str,
        facts: &HashMap<String, DealFacts>,
        names: &HashMap<String, String>,
    ) -> Vec<LineData>
    where
        D: Copy + FromStr + Display + PartialEq + Add<Output = D>,
    {
        // A deal's credit may be cut into tier slices: its whole credited
        // value is the sum of their bases.
        let credit = |l: &RawLine| {
            (
                l.deal_id.clone().unwrap_or_default(),
                l.credited_from.clone().unwrap_or_default(),
                l.kind.clone(),
            )
        };
        let mut totals: BTreeMap<(String, String, String), (D, usize)> = BTreeMap::new();
        for line in raw
            .iter()
            .filter(|l| matches!(l.kind.as_str(), "commission" | "roll_up"))
        {
            let entry = totals.entry(credit(line)).or_insert((dec.zero, 0));
            if let Some(base) = line.base.as_deref().and_then(|b| dec.parse(b)) {
                entry.0 = entry.0 + base;
            }
            entry.1 += 1;
        }
        raw.iter()
            .enumerate()
            .map(|(index, line)| {
                let fact = line
                    .deal_id
                    .as_ref()
                    .and_then(|id| facts.get(id))
                    .cloned()
                    .unwrap_or_default();
                let total = totals.get(&credit(line)).copied();
                let fx = line.fx_rate.clone().unwrap_or_else(|| "1".into());
                let deal_currency = if dec.is_one(Some(&fx)) {
                    Some(currency.to_owned())
                } else {
                    fact.currency.clone()
                };
                let counted = match (total, &line.credit_share_pct, &line.weight, deal_currency) {
                    (Some((total, _)), Some(share), Some(weight), Some(c)) => {
                        dec.counted(total, share, weight, &fx).map(|v| (v, c))
                    }
                    _ => None,
                };
                let cx = LineContext {
                    currency: currency.to_owned(),
                    credited_total: total.map(|(t, _)| dec.text(t, 2)),
                    slices: total.map(|(_, n)| n).unwrap_or(0),
                    counted,
                    priority: fact.priority.clone(),
                    from_name: line
                        .credited_from
                        .as_ref()
                        .and_then(|id| names.get(id))
                        .cloned(),
                    share: line
                        .credit_share_pct
                        .as_deref()
                        .and_then(|s| dec.short(s, 4)),
                    weight: line.weight.as_deref().and_then(|w| dec.short(w, 4)),
                    fx: line.fx_rate.as_deref().and_then(|f| dec.short(f, 6)),
                    base: line
                        .base
                        .as_deref()
                        .and_then(|b| dec.parse(b))
                        .map(|b| dec.text(b, 2)),
                };
                LineData {
                    index,
                    key: line.key(),
                    kind: line.kind.clone(),
                    kind_label: kind_label(&line.kind).to_owned(),
                    title: line_title(line),
                    tier: line.tier,
                    rate: rate_text(line),
                    amount: line.amount.clone(),
                    rule: line.rule.clone(),
                    explanation: explain(line, &cx),
                    dispute_id: None,
                }
            })
            .collect()
    }

    /// Active products, by name (empty when the role may not list them).
    pub async fn products(state: &AppState, principal: &Principal) -> Vec<Product> {
        use attain_api::routes::products::list::{run, ProductQuery};
        let query = ProductQuery {
            active: Some(true),
            ..Default::default()
        };
        run(state, principal, query).await.unwrap_or_default()
    }

    /// Currency and product priority of the deals whose lines use an
    /// exchange rate or a weight (at most 25 deals are looked up).
    async fn deal_facts<D>(
        state: &AppState,
        principal: &Principal,
        dec: &Decimals<D>,
        lines: &[RawLine],
        products: &[Product],
    ) -> HashMap<String, DealFacts>
    where
        D: Copy + FromStr + Display + PartialEq + Add<Output = D>,
    {
        let mut wanted: Vec<Uuid> = Vec::new();
        for line in lines {
            let unusual =
                !dec.is_one(line.weight.as_deref()) || !dec.is_one(line.fx_rate.as_deref());
            if let (true, Some(id)) = (
                unusual,
                line.deal_id.as_deref().and_then(|i| i.parse().ok()),
            ) {
                if !wanted.contains(&id) {
                    wanted.push(id);
                }
            }
        }
        let priorities: HashMap<Uuid, &str> = products
            .iter()
            .map(|p| (p.id, p.priority.as_str()))
            .collect();
        let mut facts = HashMap::new();
        for id in wanted.into_iter().take(25) {
            let Ok(view) = attain_api::routes::deals::get::run(state, principal, id).await else {
                continue;
            };
            let mut found: Vec<&str> = view
                .lines
                .iter()
                .filter_map(|l| priorities.get(&l.product_id).copied())
                .filter(|p| *p != "standard")
                .collect();
            found.sort_unstable();
            found.dedup();
            facts.insert(
                id.to_string(),
                DealFacts {
                    currency: Some(view.deal.currency.clone()),
                    priority: (found.len() == 1).then(|| priority_label(found[0]).to_owned()),
                },
            );
        }
        facts
    }

    /// A timestamp of the API's rows as "2026-11-03 14:05 UTC" (a macro:
    /// this crate does not name chrono's types).
    macro_rules! stamp {
        ($at:expr) => {
            $at.format("%Y-%m-%d %H:%M UTC").to_string()
        };
    }

    /// Decimals in the API's own type, modelled on `like`.
    macro_rules! decimals {
        ($like:expr) => {
            Decimals::new(
                $like,
                |a, b| a.checked_mul(b),
                |a, b| a.checked_div(b),
                |d, places| d.round_dp(places),
            )
        };
    }

    fn by_text<V: Clone>(names: &BTreeMap<Uuid, V>) -> HashMap<String, V> {
        names
            .iter()
            .map(|(id, v)| (id.to_string(), v.clone()))
            .collect()
    }

    const COMMISSION_KINDS: [&str; 5] = [
        "commission",
        "roll_up",
        "deal_cap",
        "period_cap",
        "clawback",
    ];

    /// The statement as the page shows it, its open disputes marked on
    /// their lines.
    pub async fn statement_data(
        state: &AppState,
        principal: &Principal,
        view: attain_api::routes::statements::StatementView,
        products: &[Product],
    ) -> Result<StatementData, Problem> {
        let body: RawStatement = serde_json::from_value(view.row.body.clone()).map_err(internal)?;
        let dec = decimals!(&view.row.payout);
        let currency = if body.currency.is_empty() {
            view.row.currency.clone()
        } else {
            body.currency.clone()
        };
        let facts = deal_facts(state, principal, &dec, &body.lines, products).await;
        let names = by_text(&view.names);
        let mut lines = lines_data(&dec, &body.lines, &currency, &facts, &names);
        for dispute in view.disputes.iter().filter(|d| d.status == "open") {
            let Ok(disputed) = serde_json::from_value::<RawLine>(dispute.line.clone()) else {
                continue;
            };
            let key = disputed.key();
            let at = usize::try_from(dispute.line_index).ok();
            let found = lines
                .iter()
                .position(|l| Some(l.index) == at && l.key == key)
                .or_else(|| lines.iter().position(|l| l.key == key));
            if let Some(i) = found {
                lines[i].dispute_id = Some(dispute.id.to_string());
            }
        }
        let of_kinds = |kinds: &[&str]| {
            dec.text(
                dec.sum(
                    body.lines
                        .iter()
                        .filter(|l| kinds.contains(&l.kind.as_str()))
                        .map(|l| l.amount.as_str()),
                ),
                2,
            )
        };
        let recalculated_payout = view
            .row
            .recalculated_body
            .as_ref()
            .and_then(|b| serde_json::from_value::<RawStatement>(b.clone()).ok())
            .map(|b| b.payout)
            .filter(|p| dec.parse(p) != Some(view.row.payout));
        Ok(StatementData {
            status: view.row.status.clone(),
            version: view.row.version,
            payout: view.row.payout.to_string(),
            commissions: of_kinds(&COMMISSION_KINDS),
            bonuses: of_kinds(&["bonus", "spiff"]),
            adjustments: body.adjustments.clone(),
            draw: body.draw.clone(),
            recovered: body.recovered.clone(),
            draw_balance: body.draw_balance.clone(),
            quota: body.quota.clone(),
            credited: dec
                .parse(&body.credited)
                .map(|d| dec.text(d, 2))
                .unwrap_or_else(|| body.credited.clone()),
            attainment_pct: body.attainment_pct.clone(),
            warnings: body.warnings.clone(),
            lines,
            computed_at: stamp!(view.row.computed_at),
            approved_at: view.row.approved_at.map(|at| stamp!(at)),
            paid_at: view.row.paid_at.map(|at| stamp!(at)),
            recalculated_payout,
            currency,
        })
    }

    /// The caller's own disputes, every period, newest first.
    pub async fn my_disputes(
        state: &AppState,
        principal: &Principal,
        me: Uuid,
        statement: Option<(&str, &StatementData)>,
    ) -> Result<Vec<DisputeData>, Problem> {
        use attain_api::routes::disputes::list::{run, DisputeQuery};
        let all: Vec<DisputeView> = run(state, principal, DisputeQuery::default())
            .await?
            .into_iter()
            .filter(|d| d.dispute.person_id == me)
            .collect();
        let others = all
            .iter()
            .flat_map(|d| d.messages.iter())
            .any(|m| m.author_user_id != principal.user_id);
        let authors = if others {
            member_names(state, principal).await?
        } else {
            HashMap::new()
        };
        Ok(all
            .into_iter()
            .map(|d| {
                let currency = statement
                    .filter(|(period, _)| *period == d.period)
                    .map(|(_, s)| s.currency.clone())
                    .unwrap_or_default();
                dispute_data(d, &currency, principal.user_id, &authors)
            })
            .collect())
    }

    fn dispute_data(
        view: DisputeView,
        currency: &str,
        me: Uuid,
        authors: &HashMap<Uuid, String>,
    ) -> DisputeData {
        let DisputeView {
            dispute,
            period,
            messages,
            ..
        } = view;
        let DisputeRow {
            id,
            line,
            status,
            resolution,
            opened_at,
            resolved_at,
            ..
        } = dispute;
        let line: RawLine = serde_json::from_value(line).unwrap_or_default();
        DisputeData {
            id: id.to_string(),
            status,
            period_label: label(&period),
            period,
            line_summary: format!(
                "{} · {} · {}",
                line_title(&line),
                kind_label(&line.kind),
                money(&line.amount, currency)
            ),
            line_rule: line.rule.clone(),
            opened_at: stamp!(opened_at),
            resolution,
            resolved_at: resolved_at.map(|at| stamp!(at)),
            messages: messages
                .into_iter()
                .map(|m| MessageData {
                    author: if m.author_user_id == me {
                        "You".to_owned()
                    } else {
                        authors
                            .get(&m.author_user_id)
                            .cloned()
                            .unwrap_or_else(|| "Someone who has left".to_owned())
                    },
                    mine: m.author_user_id == me,
                    body: m.body,
                    at: stamp!(m.at),
                })
                .collect(),
        }
    }

    /// Names of the company's members, by user id (authors of messages).
    async fn member_names(
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

    /// The what-if answer as the page shows it; `deals` are the inputs, in
    /// order (their names, products).
    pub fn what_if_data(
        answer: WhatIfAnswer,
        deals: &[WhatIfDeal],
        products: &[Product],
    ) -> Result<WhatIfData, Problem> {
        #[derive(Deserialize)]
        struct Raw {
            before: RawStatement,
            after: RawStatement,
            #[serde(default)]
            new_lines: Vec<RawLine>,
        }
        let dec = decimals!(&answer.result.payout_change);
        let raw: Raw = serde_json::to_value(&answer)
            .and_then(serde_json::from_value)
            .map_err(internal)?;
        let currency = raw.after.currency.clone();
        let priorities: HashMap<String, &str> = products
            .iter()
            .map(|p| (p.id.to_string(), p.priority.as_str()))
            .collect();
        let mut facts = HashMap::new();
        for line in &raw.new_lines {
            let (Some(id), Some(name)) = (&line.deal_id, &line.deal_name) else {
                continue;
            };
            let input = deals.iter().enumerate().find(|(i, d)| {
                let typed = d.name.trim();
                if typed.is_empty() {
                    *name == format!("What-if deal {}", i + 1)
                } else {
                    typed == name
                }
            });
            let priority = input
                .and_then(|(_, d)| priorities.get(d.product_id.trim()).copied())
                .filter(|p| *p != "standard")
                .map(|p| priority_label(p).to_owned());
            facts.insert(
                id.clone(),
                DealFacts {
                    currency: Some(currency.clone()),
                    priority,
                },
            );
        }
        let no_names = HashMap::new();
        let lines = lines_data(&dec, &raw.new_lines, &currency, &facts, &no_names);
        let new_ids: Vec<&String> = raw
            .new_lines
            .iter()
            .filter_map(|l| l.deal_id.as_ref())
            .collect();
        let same =
            |a: &RawLine, b: &RawLine| a.kind == b.kind && a.rule == b.rule && a.amount == b.amount;
        let others: Vec<RawLine> = raw
            .after
            .lines
            .iter()
            .filter(|l| l.deal_id.as_ref().is_none_or(|id| !new_ids.contains(&id)))
            .filter(|l| !raw.before.lines.iter().any(|b| same(b, l)))
            .cloned()
            .collect();
        let other_lines = lines_data(&dec, &others, &currency, &HashMap::new(), &no_names);
        let warnings = raw
            .after
            .warnings
            .iter()
            .filter(|w| !raw.before.warnings.contains(w))
            .cloned()
            .collect();
        Ok(WhatIfData {
            period_label: label(&answer.period),
            payout_before: raw.before.payout.clone(),
            payout_after: raw.after.payout.clone(),
            payout_change: dec.text(answer.result.payout_change, 2),
            attainment_before: raw.before.attainment_pct.clone(),
            attainment_after: raw.after.attainment_pct.clone(),
            attainment_change: answer.result.attainment_change_pct.map(|d| dec.text(d, 2)),
            lines,
            other_lines,
            warnings,
            elapsed_ms: format!("{:.2}", answer.elapsed_ms),
            currency,
        })
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn slice(from: &str, to: &str, tier: u32, rate: &str, base: &str, amount: &str) -> RawLine {
        let range = if tier == 1 {
            "0–100%"
        } else {
            "100% and above"
        };
        RawLine {
            kind: "commission".into(),
            deal_id: Some("d1".into()),
            deal_name: Some("Northwind platform".into()),
            credit_share_pct: Some("100".into()),
            weight: Some("1".into()),
            fx_rate: Some("1".into()),
            base: Some(base.into()),
            tier: Some(tier),
            rate: Some(rate.into()),
            attainment_from_pct: Some(from.into()),
            attainment_to_pct: Some(to.into()),
            rule: format!(
                "Tier {tier} ({range}) at {}, marginal",
                crate::perf_api::model::percent(rate)
            ),
            amount: amount.into(),
            ..Default::default()
        }
    }

    fn context(base: &str) -> LineContext {
        LineContext {
            currency: "USD".into(),
            credited_total: Some("120000.00".into()),
            slices: 2,
            counted: Some(("120000.00".into(), "USD".into())),
            share: Some("100".into()),
            weight: Some("1".into()),
            fx: Some("1".into()),
            base: Some(base.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_commission_slice_reads_as_share_attainment_tier_and_arithmetic() {
        let line = slice("0.00", "100.00", 1, "0.10", "100000", "10000.00");
        let text = explain(&line, &context("100000.00"));
        assert_eq!(
            text,
            "Northwind platform — your 100% share of 120,000.00 USD, all credited; this slice of \
             100,000.00 USD took attainment from 0% to 100%: Tier 1 (0–100%) at 10%, marginal → \
             100,000.00 USD × 10% = 10,000.00 USD."
        );
    }

    #[test]
    fn weights_exchange_rates_and_roll_ups_are_named() {
        let mut line = slice("0.00", "54.00", 1, "0.10", "54000", "5400.00");
        line.kind = "roll_up".into();
        line.rule.push_str("; roll-up from Rita");
        let cx = LineContext {
            currency: "USD".into(),
            credited_total: Some("54000.00".into()),
            slices: 1,
            counted: Some(("33333.33".into(), "EUR".into())),
            priority: Some("strategic".into()),
            from_name: Some("Rita".into()),
            share: Some("100".into()),
            weight: Some("1.5".into()),
            fx: Some("1.08".into()),
            base: Some("54000.00".into()),
        };
        let text = explain(&line, &cx);
        assert!(
            text.starts_with(
                "Northwind platform — roll-up credit from Rita's deal: their 100% share of \
                 33,333.33 EUR × weight 1.5 (strategic) × exchange rate 1.08 EUR→USD → credited \
                 54,000.00 USD; it took attainment from 0% to 54%"
            ),
            "{text}"
        );
    }

    #[test]
    fn without_a_quota_the_first_tier_is_explained() {
        let mut line = slice("", "", 1, "0.10", "5000", "500.00");
        line.attainment_from_pct = None;
        line.attainment_to_pct = None;
        let mut cx = context("5000.00");
        cx.slices = 1;
        cx.credited_total = Some("5000.00".into());
        cx.counted = Some(("5000.00".into(), "USD".into()));
        let text = explain(&line, &cx);
        assert!(
            text.contains("with no quota for the period, the first tier's rate applies"),
            "{text}"
        );
        assert!(text.ends_with("5,000.00 USD × 10% = 500.00 USD."), "{text}");
    }

    #[test]
    fn lines_without_deals_have_titles_and_keys() {
        let bonus = RawLine {
            kind: "bonus".into(),
            rule: "Attainment bonus at 100% (reached 120%)".into(),
            amount: "1000.00".into(),
            ..Default::default()
        };
        assert_eq!(line_title(&bonus), "Attainment bonus");
        assert_eq!(
            explain(
                &bonus,
                &LineContext {
                    currency: "USD".into(),
                    ..Default::default()
                }
            ),
            "Attainment bonus at 100% (reached 120%) → 1,000.00 USD."
        );
        let a = slice("0.00", "100.00", 1, "0.10", "100000", "10000.00");
        let mut b = a.clone();
        b.amount = "9000.00".into();
        assert_eq!(a.key(), b.key(), "a recalculated line keeps its key");
        assert_ne!(a.key(), bonus.key());
    }

    #[test]
    fn amounts_read_as_money() {
        assert_eq!(money("13000", "USD"), "13,000.00 USD");
        assert_eq!(money("-250.5", ""), "-250.50");
        assert_eq!(signed_money("1500.00", "USD"), "+1,500.00 USD");
        assert_eq!(signed_money("-1500.00", "USD"), "-1,500.00 USD");
        assert_eq!(signed_money("0.00", "USD"), "0.00 USD");
        assert_eq!(pct("120.00"), "120%");
        assert_eq!(pct("54.25"), "54.25%");
        assert_eq!(
            rate_text(&slice("0", "1", 1, "0.125", "1", "1")).as_deref(),
            Some("12.5%")
        );
    }

    #[test]
    fn statement_json_reads_into_the_mirror() {
        let body = serde_json::json!({
            "person_id": "2f1c1a9e-1b54-4a6e-9a53-6e0f3c5a7d10", "period": "2026-11",
            "currency": "USD", "plan_ids": [], "quota": "100000", "credited": "120000",
            "attainment_pct": "120.00", "earned": "13000.00", "adjustments": "0", "draw": "0",
            "recovered": "0", "payout": "13000.00", "draw_balance": "0", "warnings": [],
            "lines": [{"kind": "commission", "deal_id": "d1", "deal_name": "N", "plan_id": null,
                "plan_version": 1, "credited_from": null, "credit_share_pct": "100", "weight": "1",
                "fx_rate": "1", "base": "100000", "tier": 1, "rate": "0.10",
                "attainment_from_pct": "0.00", "attainment_to_pct": "100.00",
                "rule": "Tier 1", "amount": "10000.00"}]
        });
        let raw: RawStatement = serde_json::from_value(body).expect("reads");
        assert_eq!(raw.payout, "13000.00");
        assert_eq!(raw.quota.as_deref(), Some("100000"));
        assert_eq!(raw.lines[0].tier, Some(1));
        assert_eq!(raw.lines[0].rate.as_deref(), Some("0.10"));
    }
}
