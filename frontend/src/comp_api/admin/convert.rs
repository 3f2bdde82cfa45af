//! The API's views as the pages show them (server only): days and
//! periods, people and members, statements, lines and disputes. Plan rules
//! are in [`super::rules`], runs in [`super::runs`]; both are re-exported
//! here so the server functions reach everything as `convert::…`.

use super::*;
use crate::problem::Problem;
use attain_api::{auth::Principal, pagination::PageQuery, ApiError, AppState};
use attain_db::tenant::people::Person;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

pub use super::rules::*;
pub use super::runs::*;

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
        .run(move |conn| attain_db::control::memberships::list_members(conn, tenant_id, 10_000, 0))
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

pub fn statement_item(s: attain_api::routes::statements::list::StatementSummary) -> StatementItem {
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

pub fn totals<K: ToString, V: ToString>(map: impl IntoIterator<Item = (K, V)>) -> Vec<MoneyTotal> {
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
        currency: String::new(),
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

/// A JSON value as text: strings as they are, null as empty.
pub fn string_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
