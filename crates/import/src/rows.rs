//! Typed rows for each import kind and the reader that applies a mapping to
//! a parsed file.
//!
//! A row is either read whole or refused: every problem in a refused row is
//! reported as a [`Rejection`] with the row's physical line, the column as the
//! file names it (or the field label when no column is mapped to a required
//! field) and a reason a person can act on. Good rows are read regardless.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::file::{CsvFile, Record};
use crate::mapping::{stage_history_columns, Field, ImportKind, Mapping};
use crate::value::{
    date_order_evidence, parse_amount, parse_currency, parse_date, parse_datetime, parse_email,
    parse_employees, parse_probability, quoted, ActivityKind, DateOrder, DealType, SalesRole,
};

/// The column named in rejections about a row as a whole.
pub const ROW_COLUMN: &str = "(row)";

/// How to read values that files write differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// Currency of amounts when neither a currency column nor the amount names one.
    pub default_currency: String,
    pub date_order: DateOrder,
    /// Whether `,` is the decimal separator; `None` infers it from the file:
    /// yes for `;`-delimited files, no otherwise.
    pub decimal_comma: Option<bool>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            default_currency: "USD".to_owned(),
            date_order: DateOrder::Auto,
            decimal_comma: None,
        }
    }
}

/// A refused row, or one of the reasons it was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rejection {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// The rows read from a file, and what was refused. `date_order` and
/// `decimal_comma` tell how the file was read, so they can be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub rejections: Vec<Rejection>,
    pub date_order: DateOrder,
    pub decimal_comma: bool,
}

impl<T> Rows<T> {
    /// The lines of refused rows, ascending, each once.
    pub fn rejected_lines(&self) -> Vec<u64> {
        let mut lines: Vec<u64> = self.rejections.iter().map(|r| r.line).collect();
        lines.dedup();
        lines
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub line: u64,
    pub external_id: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub manager_name: Option<String>,
    pub sales_role: Option<SalesRole>,
    pub team_name: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub line: u64,
    pub external_id: Option<String>,
    pub name: String,
    pub industry: Option<String>,
    pub employees: Option<i32>,
    pub region: Option<String>,
    pub website: Option<String>,
    pub owner_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealRow {
    pub line: u64,
    /// Required: importing the same file again updates instead of duplicating.
    pub external_id: String,
    pub name: String,
    pub account_name: Option<String>,
    pub owner_name: String,
    /// The CRM's stage text as given; see [`crate::suggest_stage_key`].
    pub stage: String,
    /// Two decimal places.
    pub amount: Decimal,
    /// Three upper-case letters.
    pub currency: String,
    pub close_date: Option<NaiveDate>,
    pub created_at: Option<NaiveDateTime>,
    pub deal_type: DealType,
    pub probability: Option<u8>,
    pub loss_reason: Option<String>,
    pub product: Option<String>,
    /// Stage text and when the deal entered it, oldest first.
    pub stage_history: Vec<(String, NaiveDateTime)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub line: u64,
    pub external_id: Option<String>,
    pub kind: ActivityKind,
    pub owner_name: String,
    pub occurred_at: NaiveDateTime,
    pub subject: Option<String>,
    pub deal_external_id: Option<String>,
    pub account_name: Option<String>,
}

/// Decides how to read numeric dates with the year last from the values in
/// `columns`: day first when more values can only be day-first (first number
/// above 12) than can only be month-first (second number above 12), month
/// first when the reverse. When no value tells, day first for files with a
/// decimal comma (European locales) and month first otherwise (US, and
/// Salesforce's default).
pub fn infer_date_order(file: &CsvFile, columns: &[usize], decimal_comma: bool) -> DateOrder {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    for record in &file.records {
        for &column in columns {
            match record.get(column).and_then(date_order_evidence) {
                Some(true) => day_first += 1,
                Some(false) => month_first += 1,
                None => {}
            }
        }
    }
    match day_first.cmp(&month_first) {
        std::cmp::Ordering::Greater => DateOrder::DayFirst,
        std::cmp::Ordering::Less => DateOrder::MonthFirst,
        std::cmp::Ordering::Equal if decimal_comma => DateOrder::DayFirst,
        std::cmp::Ordering::Equal => DateOrder::MonthFirst,
    }
}

/// The mapping resolved against one file's header.
struct Plan<'f> {
    file: &'f CsvFile,
    kind: ImportKind,
    /// Column indices per field, in file order.
    columns: [Vec<usize>; Field::ALL.len()],
    /// Stage history columns not claimed by the mapping: index and stage text.
    history: Vec<(usize, String)>,
    date_order: DateOrder,
    decimal_comma: bool,
}

impl<'f> Plan<'f> {
    fn new(kind: ImportKind, file: &'f CsvFile, mapping: &Mapping, opts: &ReadOptions) -> Self {
        let mut columns: [Vec<usize>; Field::ALL.len()] = std::array::from_fn(|_| Vec::new());
        let fields = Field::fields_for(kind);
        let mut mapped = vec![false; file.headers.len()];
        for (name, field) in &mapping.columns {
            if let Some(i) = file.column_index(name) {
                mapped[i] = true;
                if fields.contains(field) {
                    columns[*field as usize].push(i);
                }
            }
        }
        for list in &mut columns {
            list.sort_unstable();
            list.dedup();
        }
        let history = match kind {
            ImportKind::Deals => stage_history_columns(&file.headers)
                .into_iter()
                .filter(|(i, _)| !mapped[*i])
                .collect(),
            _ => Vec::new(),
        };
        let decimal_comma = opts.decimal_comma.unwrap_or(file.delimiter == b';');
        let date_order = match opts.date_order {
            DateOrder::Auto => {
                let mut date_columns: Vec<usize> = history.iter().map(|(i, _)| *i).collect();
                for field in [Field::CloseDate, Field::CreatedDate, Field::OccurredAt] {
                    date_columns.extend(&columns[field as usize]);
                }
                infer_date_order(file, &date_columns, decimal_comma)
            }
            order => order,
        };
        Self {
            file,
            kind,
            columns,
            history,
            date_order,
            decimal_comma,
        }
    }

    fn columns(&self, field: Field) -> &[usize] {
        &self.columns[field as usize]
    }

    fn rows<T>(&self) -> Rows<T> {
        Rows {
            rows: Vec::with_capacity(self.file.records.len()),
            rejections: Vec::new(),
            date_order: self.date_order,
            decimal_comma: self.decimal_comma,
        }
    }

    /// The column to name in a rejection about `field`.
    fn column_name(&self, field: Field) -> &'f str {
        match self.columns(field).first() {
            Some(&i) => &self.file.headers[i],
            None => field.label(),
        }
    }
}

/// Reads one record, collecting its rejections.
struct Row<'p, 'f> {
    plan: &'p Plan<'f>,
    record: &'f Record,
    rejections: &'p mut Vec<Rejection>,
    failed: bool,
}

impl<'p, 'f> Row<'p, 'f> {
    /// `None`, with the rejection recorded, when the record has the wrong
    /// number of values. Trailing delimiters are tolerated: extra values
    /// that are empty, or missing values under unnamed columns.
    fn start(
        plan: &'p Plan<'f>,
        record: &'f Record,
        rejections: &'p mut Vec<Rejection>,
    ) -> Option<Self> {
        let expected = plan.file.headers.len();
        let found = record.len();
        let headers = &plan.file.headers;
        let fits = match found.cmp(&expected) {
            std::cmp::Ordering::Equal => true,
            std::cmp::Ordering::Greater => {
                (expected..found).all(|i| record.get(i).is_some_and(str::is_empty))
            }
            std::cmp::Ordering::Less => headers[found..].iter().all(String::is_empty),
        };
        if !fits {
            rejections.push(Rejection {
                line: record.line,
                column: ROW_COLUMN.to_owned(),
                reason: format!(
                    "has {found} values where the header has {expected}; check this line for a \
                     missing value, or a {} inside a value that is not in double quotes",
                    plan.file.delimiter_name()
                ),
            });
            return None;
        }
        Some(Self {
            plan,
            record,
            rejections,
            failed: false,
        })
    }

    fn reject(&mut self, column: &str, reason: String) {
        self.failed = true;
        self.rejections.push(Rejection {
            line: self.record.line,
            column: column.to_owned(),
            reason,
        });
    }

    /// The first non-empty value of `field` and its column index.
    fn cell(&self, field: Field) -> Option<(&'f str, usize)> {
        self.plan
            .columns(field)
            .iter()
            .find_map(|&i| self.record.get(i).filter(|v| !v.is_empty()).map(|v| (v, i)))
    }

    /// The text of `field`: non-empty values of its columns joined by a space.
    fn text(&self, field: Field) -> Option<Cow<'f, str>> {
        let mut values = self
            .plan
            .columns(field)
            .iter()
            .filter_map(|&i| self.record.get(i))
            .filter(|v| !v.is_empty());
        let first = values.next()?;
        match values.next() {
            None => Some(Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first} {second}");
                for more in values {
                    joined.push(' ');
                    joined.push_str(more);
                }
                Some(Cow::Owned(joined))
            }
        }
    }

    fn owned_text(&self, field: Field) -> Option<String> {
        self.text(field).map(Cow::into_owned)
    }

    /// Records why a required field has no value.
    fn reject_missing(&mut self, field: Field) {
        if self.plan.columns(field).is_empty() {
            let label = field.label();
            self.reject(
                label,
                format!(
                    "no column is mapped to {label}; choose the column that holds it in the \
                     import mapping"
                ),
            );
        } else {
            let column = self.plan.column_name(field);
            self.reject(column, needs(self.plan.kind, field));
        }
    }

    fn required_text(&mut self, field: Field) -> Option<Cow<'f, str>> {
        let text = self.text(field);
        if text.is_none() {
            self.reject_missing(field);
        }
        text
    }

    /// Parses `field` if it has a value; a parse failure is recorded.
    fn optional<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (value, column) = self.cell(field)?;
        match parse(value) {
            Ok(parsed) => Some(parsed),
            Err(reason) => {
                let name = &self.plan.file.headers[column];
                self.reject(name, reason);
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        if self.cell(field).is_none() {
            self.reject_missing(field);
            return None;
        }
        self.optional(field, parse)
    }

    /// Refuses a value of `field` already seen on an earlier line.
    fn unique(&mut self, field: Field, key: Cow<'f, str>, seen: &mut HashMap<Cow<'f, str>, u64>) {
        match seen.entry(key) {
            Entry::Occupied(first) => {
                let reason = format!(
                    "duplicates the {} on line {} ({}); remove one of the rows or give each its own {}",
                    what_is_unique(field),
                    first.get(),
                    quoted(first.key()),
                    what_is_unique(field)
                );
                let column = self.plan.column_name(field);
                self.reject(column, reason);
            }
            Entry::Vacant(slot) => {
                slot.insert(self.record.line);
            }
        }
    }
}

fn what_is_unique(field: Field) -> &'static str {
    match field {
        Field::Email => "email",
        _ => "id",
    }
}

fn needs(kind: ImportKind, field: Field) -> String {
    let noun = match kind {
        ImportKind::People => "person",
        ImportKind::Accounts => "account",
        ImportKind::Deals => "deal",
        ImportKind::Activities => "activity",
    };
    let what = match field {
        Field::ExternalId => {
            return format!(
                "is empty; every {noun} needs an id, so that importing the file again updates \
                 it instead of adding it twice"
            )
        }
        Field::ActivityKind => "a kind (Call, Meeting, Demo or Email)",
        Field::OccurredAt => "a date",
        Field::OwnerName => "an owner",
        Field::Amount => "an amount",
        Field::Stage => "a stage",
        Field::Name => "a name",
        other => other.label(),
    };
    format!("is empty; every {noun} needs {what}")
}

fn clean_default_currency(opts: &ReadOptions) -> String {
    parse_currency(&opts.default_currency).unwrap_or_else(|_| "USD".to_owned())
}

pub fn read_people(file: &CsvFile, mapping: &Mapping, opts: &ReadOptions) -> Rows<PersonRow> {
    let plan = Plan::new(ImportKind::People, file, mapping, opts);
    let mut out = plan.rows();
    let mut ids = HashMap::new();
    let mut emails = HashMap::new();
    for record in &file.records {
        let Some(mut row) = Row::start(&plan, record, &mut out.rejections) else {
            continue;
        };
        let external_id = row.text(Field::ExternalId);
        if let Some(id) = &external_id {
            row.unique(Field::ExternalId, id.clone(), &mut ids);
        }
        let name = row.required_text(Field::Name);
        let email = row.optional(Field::Email, parse_email);
        if let Some(email) = &email {
            row.unique(Field::Email, Cow::Owned(email.to_lowercase()), &mut emails);
        }
        let sales_role = row.optional(Field::SalesRole, |v| {
            v.parse().map_err(|e: crate::InvalidValue| e.0)
        });
        let (false, Some(name)) = (row.failed, name) else {
            continue;
        };
        out.rows.push(PersonRow {
            line: record.line,
            external_id: external_id.map(Cow::into_owned),
            name: name.into_owned(),
            email,
            manager_name: row.owned_text(Field::ManagerName),
            sales_role,
            team_name: row.owned_text(Field::TeamName),
            region: row.owned_text(Field::Region),
        });
    }
    out
}

pub fn read_accounts(file: &CsvFile, mapping: &Mapping, opts: &ReadOptions) -> Rows<AccountRow> {
    let plan = Plan::new(ImportKind::Accounts, file, mapping, opts);
    let mut out = plan.rows();
    let mut ids = HashMap::new();
    for record in &file.records {
        let Some(mut row) = Row::start(&plan, record, &mut out.rejections) else {
            continue;
        };
        let external_id = row.text(Field::ExternalId);
        if let Some(id) = &external_id {
            row.unique(Field::ExternalId, id.clone(), &mut ids);
        }
        let name = row.required_text(Field::Name);
        let employees = row.optional(Field::Employees, parse_employees);
        let (false, Some(name)) = (row.failed, name) else {
            continue;
        };
        out.rows.push(AccountRow {
            line: record.line,
            external_id: external_id.map(Cow::into_owned),
            name: name.into_owned(),
            industry: row.owned_text(Field::Industry),
            employees,
            region: row.owned_text(Field::Region),
            website: row.owned_text(Field::Website),
            owner_name: row.owned_text(Field::OwnerName),
        });
    }
    out
}

pub fn read_deals(file: &CsvFile, mapping: &Mapping, opts: &ReadOptions) -> Rows<DealRow> {
    let plan = Plan::new(ImportKind::Deals, file, mapping, opts);
    let mut out = plan.rows();
    let default_currency = clean_default_currency(opts);
    let (order, decimal_comma) = (plan.date_order, plan.decimal_comma);
    let mut ids = HashMap::with_capacity(file.records.len());
    for record in &file.records {
        let Some(mut row) = Row::start(&plan, record, &mut out.rejections) else {
            continue;
        };
        let external_id = row.required_text(Field::ExternalId);
        if let Some(id) = &external_id {
            row.unique(Field::ExternalId, id.clone(), &mut ids);
        }
        let name = row.required_text(Field::Name);
        let owner_name = row.required_text(Field::OwnerName);
        let stage = row.required_text(Field::Stage);
        let amount = row.required(Field::Amount, |v| parse_amount(v, decimal_comma));
        let column_currency = row.optional(Field::Currency, parse_currency);
        let amount_currency = amount.as_ref().and_then(|a| a.currency.clone());
        let currency = match (column_currency, amount_currency) {
            (Some(column), Some(written)) if column != written => {
                let reason = format!(
                    "the amount is written in {written} but {} says {column}; correct one of them",
                    plan.column_name(Field::Currency)
                );
                row.reject(plan.column_name(Field::Amount), reason);
                column
            }
            (Some(code), _) | (None, Some(code)) => code,
            (None, None) => default_currency.clone(),
        };
        let close_date = row.optional(Field::CloseDate, |v| parse_date(v, order));
        let created_at = row.optional(Field::CreatedDate, |v| parse_datetime(v, order));
        let deal_type = row.optional(Field::DealType, |v| {
            v.parse().map_err(|e: crate::InvalidValue| e.0)
        });
        let probability = row.optional(Field::Probability, parse_probability);
        let mut stage_history = Vec::with_capacity(plan.history.len());
        for (column, history_stage) in &plan.history {
            let Some(value) = record.get(*column).filter(|v| !v.is_empty()) else {
                continue;
            };
            match parse_datetime(value, order) {
                Ok(at) => stage_history.push((history_stage.clone(), at)),
                Err(reason) => row.reject(&file.headers[*column], reason),
            }
        }
        let (false, Some(external_id), Some(name), Some(owner_name), Some(stage), Some(amount)) =
            (row.failed, external_id, name, owner_name, stage, amount)
        else {
            continue;
        };
        stage_history.sort_by_key(|(_, at)| *at);
        out.rows.push(DealRow {
            line: record.line,
            external_id: external_id.into_owned(),
            name: name.into_owned(),
            account_name: row.owned_text(Field::AccountName),
            owner_name: owner_name.into_owned(),
            stage: stage.into_owned(),
            amount: amount.value,
            currency,
            close_date,
            created_at,
            deal_type: deal_type.unwrap_or(DealType::NewBusiness),
            probability,
            loss_reason: row.owned_text(Field::LossReason),
            product: row.owned_text(Field::Product),
            stage_history,
        });
    }
    out
}

pub fn read_activities(file: &CsvFile, mapping: &Mapping, opts: &ReadOptions) -> Rows<ActivityRow> {
    let plan = Plan::new(ImportKind::Activities, file, mapping, opts);
    let mut out = plan.rows();
    let order = plan.date_order;
    let mut ids = HashMap::new();
    for record in &file.records {
        let Some(mut row) = Row::start(&plan, record, &mut out.rejections) else {
            continue;
        };
        let external_id = row.text(Field::ExternalId);
        if let Some(id) = &external_id {
            row.unique(Field::ExternalId, id.clone(), &mut ids);
        }
        let kind = row.required(Field::ActivityKind, |v| {
            v.parse().map_err(|e: crate::InvalidValue| e.0)
        });
        let owner_name = row.required_text(Field::OwnerName);
        let occurred_at = row.required(Field::OccurredAt, |v| parse_datetime(v, order));
        let (false, Some(kind), Some(owner_name), Some(occurred_at)) =
            (row.failed, kind, owner_name, occurred_at)
        else {
            continue;
        };
        out.rows.push(ActivityRow {
            line: record.line,
            external_id: external_id.map(Cow::into_owned),
            kind,
            owner_name: owner_name.into_owned(),
            occurred_at,
            subject: row.owned_text(Field::Subject),
            deal_external_id: row.owned_text(Field::DealExternalId),
            account_name: row.owned_text(Field::AccountName),
        });
    }
    out
}

/// Every distinct stage text in `rows` (current stages and stage history),
/// in order of first appearance, with its suggested canonical key: what the
/// admin confirms before importing deals.
pub fn stages_in(rows: &[DealRow]) -> Vec<(String, Option<&'static str>)> {
    let mut seen: Vec<(String, Option<&'static str>)> = Vec::new();
    let stages = rows.iter().flat_map(|r| {
        std::iter::once(r.stage.as_str()).chain(r.stage_history.iter().map(|(s, _)| s.as_str()))
    });
    for stage in stages {
        if !seen.iter().any(|(s, _)| s == stage) {
            seen.push((stage.to_owned(), crate::value::suggest_stage_key(stage)));
        }
    }
    seen
}
