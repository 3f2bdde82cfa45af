//! Parsing single cell values: amounts, currencies, dates, stages, deal types,
//! activity kinds, sales roles and small numbers.
//!
//! Every parser returns `Err(reason)` with a sentence that starts with the
//! offending value in quotes and says what to write instead, ready to be shown
//! next to the line and column it came from.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How to read numeric dates written with `/` or `-` and the year last
/// (`03/04/2026`). Dates with dots (`04.03.2026`) are always day first and
/// dates with the year first (`2026-03-04`) are always year-month-day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Decide per file from the values (see `rows::infer_date_order`).
    #[default]
    Auto,
    /// `MM/DD/YYYY`, as Salesforce writes in US locales.
    MonthFirst,
    /// `DD/MM/YYYY`, as most European locales write.
    DayFirst,
}

impl DateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::MonthFirst => "month_first",
            Self::DayFirst => "day_first",
        }
    }
}

/// A value could not be read; the text is the reason to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

/// Quotes a value for a reason, shortened so one broken cell cannot flood a report.
pub(crate) fn quoted(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("\"{}…\"", &value[..cut]),
        None => format!("\"{value}\""),
    }
}

/// Lowercase letters and digits only: `"Proposal/Price Quote"` → `"proposalpricequote"`.
pub(crate) fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------- amounts

/// An amount as written in a cell, with the currency it named, if any
/// (`USD 4800`, `4.800,00 €`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAmount {
    /// Rounded half-to-even to 2 decimal places, always with scale 2.
    pub value: Decimal,
    pub currency: Option<String>,
}

/// Parses a non-negative money amount.
///
/// Accepts `4800`, `4800.00`, `4,800.00`, `$4,800.00`, `USD 4800`,
/// `4 800,00 EUR`, `1'234.50` and, when `decimal_comma`, `1.234,56`. A value
/// holding both `.` and `,` is read by whichever comes last being the decimal
/// separator, whatever `decimal_comma` says. More than 2 decimals are rounded
/// half to even.
pub fn parse_amount(text: &str, decimal_comma: bool) -> Result<ParsedAmount, String> {
    let hint = if decimal_comma {
        "use digits with an optional decimal comma, e.g. 4800,00"
    } else {
        "use digits with an optional decimal point, e.g. 4800.00"
    };
    let invalid = || format!("{} is not an amount; {hint}", quoted(text.trim()));
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("is empty".to_owned());
    }
    let (mut body, mut negative) = (trimmed, false);
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        body = inner;
        negative = true;
    }
    // The number runs from the first digit (or a separator right before one)
    // to the last digit; sign and currency may stand on either side.
    let bytes = body.as_bytes();
    let Some(mut start) = bytes.iter().position(u8::is_ascii_digit) else {
        return Err(invalid());
    };
    let Some(last) = bytes.iter().rposition(u8::is_ascii_digit) else {
        return Err(invalid());
    };
    if start > 0 && matches!(bytes[start - 1], b'.' | b',') {
        start -= 1;
    }
    let mut currency = None;
    for side in [&body[..start], &body[last + 1..]] {
        let (side_negative, side_currency) = amount_affix(side).ok_or_else(invalid)?;
        negative |= side_negative;
        if let Some(code) = side_currency {
            if currency.replace(code).is_some() {
                return Err(invalid());
            }
        }
    }
    let number = &body[start..=last];
    let value = parse_number(number, decimal_comma).map_err(|grouping| match grouping {
        Some(',') => format!(
            "{} is not an amount: \",\" separates thousands here, so three digits must follow it; \
             if this file writes decimal commas, choose the decimal comma option",
            quoted(trimmed)
        ),
        Some(sep) => format!(
            "{} is not an amount: \"{sep}\" separates thousands here, so three digits must follow it",
            quoted(trimmed)
        ),
        None => invalid(),
    })?;
    let Some(value) = value else {
        return Err(format!("{} is too large to be an amount", quoted(trimmed)));
    };
    if negative && !value.is_zero() {
        return Err(format!("{} must not be negative", quoted(trimmed)));
    }
    Ok(ParsedAmount { value, currency })
}

/// Reads what stands around the digits of an amount: whitespace, a sign, a
/// currency symbol or a 3-letter code. `None` if anything else is there.
fn amount_affix(side: &str) -> Option<(bool, Option<String>)> {
    let mut negative = false;
    let mut currency: Option<String> = None;
    let mut letters = String::new();
    let flush = |letters: &mut String, currency: &mut Option<String>| -> Option<()> {
        if letters.is_empty() {
            return Some(());
        }
        if letters.len() != 3 || currency.is_some() {
            return None;
        }
        *currency = Some(letters.to_ascii_uppercase());
        letters.clear();
        Some(())
    };
    for c in side.chars() {
        if c.is_ascii_alphabetic() {
            letters.push(c);
            continue;
        }
        flush(&mut letters, &mut currency)?;
        match c {
            '-' | '\u{2212}' => negative = true,
            '+' | '$' => {}
            c if c.is_whitespace() => {}
            c => {
                let code = symbol_currency(c)?;
                if currency.replace(code.to_owned()).is_some() {
                    return None;
                }
            }
        }
    }
    flush(&mut letters, &mut currency)?;
    Some((negative, currency))
}

fn symbol_currency(symbol: char) -> Option<&'static str> {
    Some(match symbol {
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '₹' => "INR",
        '₩' => "KRW",
        '₣' => "CHF",
        _ => return None,
    })
}

/// Digits with grouping and decimal separators → value with scale 2.
/// `Err(Some(separator))` for bad thousands grouping, `Err(None)` for
/// anything else unreadable, `Ok(None)` when the value is too large.
fn parse_number(number: &str, decimal_comma: bool) -> Result<Option<Decimal>, Option<char>> {
    let last_dot = number.rfind('.');
    let last_comma = number.rfind(',');
    let (decimal, group) = match (last_dot, last_comma) {
        (Some(d), Some(c)) if d > c => ('.', ','),
        (Some(_), Some(_)) => (',', '.'),
        _ if decimal_comma => (',', '.'),
        _ => ('.', ','),
    };
    // A "decimal" separator written several times can only be grouping (1.234.567).
    let (decimal, group) = if number.matches(decimal).count() > 1 && !number.contains(group) {
        (None, decimal)
    } else {
        (Some(decimal), group)
    };
    let (int_part, frac_part) = match decimal.and_then(|d| number.rsplit_once(d)) {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    let groups = || int_part.split(|c: char| c == group || is_space_separator(c));
    let group_count = groups().count();
    let mut mantissa: i128 = 0;
    let mut int_digits = 0usize;
    // Thousands groups: first 1-3 digits, then 2 or 3 (Indian lakh grouping), last exactly 3.
    for (i, g) in groups().enumerate() {
        let ok_len = match (i, group_count) {
            (_, 1) => true,
            (0, _) => (1..=3).contains(&g.len()),
            (i, n) if i == n - 1 => g.len() == 3,
            _ => (2..=3).contains(&g.len()),
        };
        if !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(None);
        }
        if !ok_len {
            return Err(Some(group));
        }
        for b in g.bytes() {
            if int_digits > 0 || b != b'0' {
                int_digits += 1;
            }
            if int_digits > MAX_INTEGER_DIGITS {
                return Ok(None);
            }
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
    }
    let mut scale = 0u32;
    for b in frac_part.bytes() {
        if !b.is_ascii_digit() {
            return Err(None);
        }
        // Further digits cannot change a value rounded to cents in practice.
        if scale < 12 {
            mantissa = mantissa * 10 + i128::from(b - b'0');
            scale += 1;
        }
    }
    let Ok(mut value) = Decimal::try_from_i128_with_scale(mantissa, scale) else {
        return Ok(None);
    };
    value = value.round_dp(2);
    value.rescale(2);
    Ok(Some(value))
}

/// A trillion and more is not a deal amount but a pasted id or a typo.
const MAX_INTEGER_DIGITS: usize = 15;

fn is_space_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

/// Reads a currency as a 3-letter upper-case code (`usd` → `USD`, `€` → `EUR`).
pub fn parse_currency(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(t.to_ascii_uppercase());
    }
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c == '$' {
            return Ok("USD".to_owned());
        }
        if let Some(code) = symbol_currency(c) {
            return Ok(code.to_owned());
        }
    }
    Err(format!(
        "{} is not a currency code; use a 3-letter code such as USD or EUR",
        quoted(t)
    ))
}

// ---------------------------------------------------------------- dates

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

const DATE_HINT: &str = "use YYYY-MM-DD (e.g. 2025-12-27), optionally followed by a time HH:MM";

/// A date, ignoring any time of day written after it (`2025-12-27 14:30` →
/// 2025-12-27). The calendar date is taken as written, even with a UTC offset.
pub fn parse_date(text: &str, order: DateOrder) -> Result<NaiveDate, String> {
    parse_moment(text, order).map(|m| m.date)
}

/// A date with an optional time (midnight when absent). Times with a UTC
/// offset or `Z` are converted to UTC; times without one are kept as written.
pub fn parse_datetime(text: &str, order: DateOrder) -> Result<NaiveDateTime, String> {
    let m = parse_moment(text, order)?;
    let at = m.date.and_time(m.time.unwrap_or(NaiveTime::MIN));
    Ok(match m.offset_seconds {
        Some(offset) => at - Duration::seconds(i64::from(offset)),
        None => at,
    })
}

struct Moment {
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset_seconds: Option<i32>,
}

fn parse_moment(text: &str, order: DateOrder) -> Result<Moment, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '/' | '.')))
        .unwrap_or(t.len());
    let (date_text, rest) = t.split_at(split);
    let date = match numeric_date(t, date_text, order) {
        Some(date) => date?,
        None => return named_month_date(t),
    };
    let rest = rest.trim_start_matches([',', 'T', ' ']);
    let (time, offset_seconds) = if rest.is_empty() {
        (None, None)
    } else {
        let (time, offset) = parse_time(rest).ok_or_else(|| {
            format!(
                "{} has a time that is not understood; write the time as HH:MM, e.g. 2025-12-27 14:30",
                quoted(t)
            )
        })?;
        (Some(time), offset)
    };
    Ok(Moment {
        date,
        time,
        offset_seconds,
    })
}

/// `Some(..)` when `date_text` is three numbers with one separator, `None`
/// when it does not look numeric at all.
fn numeric_date(
    full: &str,
    date_text: &str,
    order: DateOrder,
) -> Option<Result<NaiveDate, String>> {
    let sep = date_text.chars().find(|c| !c.is_ascii_digit())?;
    let mut parts = date_text.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || [a, b, c]
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let num = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (year, month, day) = if a.len() == 4 {
        if b.len() > 2 || c.len() > 2 {
            return None;
        }
        (num(a) as i32, num(b), num(c))
    } else if (c.len() == 4 || c.len() == 2) && a.len() <= 2 && b.len() <= 2 {
        let year = num(c) as i32;
        let year = match c.len() {
            2 if year < 70 => 2000 + year,
            2 => 1900 + year,
            _ => year,
        };
        let day_first = sep == '.' || order == DateOrder::DayFirst;
        if day_first {
            (year, num(b), num(a))
        } else {
            (year, num(a), num(b))
        }
    } else {
        return None;
    };
    Some(checked_date(
        full,
        year,
        month,
        day,
        sep != '.' && a.len() != 4,
        order,
    ))
}

fn checked_date(
    full: &str,
    year: i32,
    month: u32,
    day: u32,
    order_matters: bool,
    order: DateOrder,
) -> Result<NaiveDate, String> {
    if !(1900..=2199).contains(&year) {
        return Err(format!(
            "{} has the year {year}, which is out of range; {DATE_HINT}",
            quoted(full)
        ));
    }
    if !(1..=12).contains(&month) {
        let advice = match (order_matters, order) {
            (true, DateOrder::DayFirst) => {
                "; the file is read as day first (DD/MM/YYYY): if it writes the month first, set the date order to month first"
            }
            (true, _) => {
                "; the file is read as month first (MM/DD/YYYY): if it writes the day first, set the date order to day first"
            }
            (false, _) => "",
        };
        return Err(format!(
            "{} is not a date: there is no month {month}{advice}",
            quoted(full)
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let name = MONTHS[(month - 1) as usize];
        format!(
            "{} is not a real date: {name} {year} has no day {day}",
            quoted(full)
        )
    })
}

fn named_month_date(full: &str) -> Result<Moment, String> {
    const FORMATS: [&str; 6] = [
        "%d %b %Y",
        "%b %d, %Y",
        "%b %d %Y",
        "%d-%b-%Y",
        "%d-%b-%y",
        "%d. %b %Y",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(full, f).ok())
        .filter(|d| (1900..=2199).contains(&d.year()))
        .map(|date| Moment {
            date,
            time: None,
            offset_seconds: None,
        })
        .ok_or_else(|| format!("{} is not a date; {DATE_HINT}", quoted(full)))
}

/// `H:MM[:SS[.fff]]`, optional `AM`/`PM`, optional `Z`, `UTC`, `GMT` or `±HH[:MM]`.
fn parse_time(text: &str) -> Option<(NaiveTime, Option<i32>)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let number = |i: &mut usize, max_len: usize| -> Option<u32> {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() && *i - start < max_len {
            *i += 1;
        }
        (start < *i).then(|| text[start..*i].parse().ok()).flatten()
    };
    let mut hour = number(&mut i, 2)?;
    if bytes.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let minute = number(&mut i, 2)?;
    let mut second = 0;
    let mut nanos = 0;
    if bytes.get(i) == Some(&b':') {
        i += 1;
        second = number(&mut i, 2)?.min(59);
        if matches!(bytes.get(i), Some(b'.' | b',')) {
            i += 1;
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let frac = &text[start..i];
            let digits = &frac[..frac.len().min(9)];
            nanos = digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32);
        }
    }
    let mut rest = text[i..].trim_start();
    let meridiem = rest
        .get(..2)
        .filter(|m| m.eq_ignore_ascii_case("am") || m.eq_ignore_ascii_case("pm"));
    if let Some(meridiem) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        let pm = meridiem.eq_ignore_ascii_case("pm");
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        rest = rest[2..].trim_start();
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = parse_offset(rest)?;
    Some((time, offset))
}

/// `Some(None)` for no offset, `Some(Some(seconds))` for one, `None` if unreadable.
fn parse_offset(text: &str) -> Option<Option<i32>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    if matches!(t, "Z" | "z" | "UTC" | "GMT") {
        return Some(Some(0));
    }
    let t = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = t[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (h <= 18 && m < 60).then_some(Some(sign * (h * 3600 + m * 60)))
}

/// Where a numeric date with the year last shows which order it uses: `Some(true)`
/// when the first number cannot be a month (day first), `Some(false)` when the
/// second cannot (month first), `None` when it does not tell.
pub(crate) fn date_order_evidence(text: &str) -> Option<bool> {
    let t = text.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '/' | '-')))
        .unwrap_or(t.len());
    let mut parts = t[..end].split(['/', '-']);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || a.len() > 2 || b.len() > 2 || !(c.len() == 4 || c.len() == 2) {
        return None;
    }
    let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
    match (a > 12, b > 12) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------- stages

/// The platform's canonical stage keys, in pipeline order.
pub const STAGE_KEYS: [&str; 7] = [
    "lead",
    "qualified",
    "meeting",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
];

/// Suggests the canonical stage key for a CRM stage (id or label), comparing
/// letters and digits only, case-insensitively.
///
/// HubSpot default pipeline: appointmentscheduled → meeting, qualifiedtobuy →
/// qualified, presentationscheduled → proposal, decisionmakerboughtin and
/// contractsent → negotiation, closedwon / closedlost → closed_won / closed_lost.
/// Salesforce defaults: Prospecting → lead, Qualification → qualified, Needs
/// Analysis and Value Proposition → meeting, Id. Decision Makers, Perception
/// Analysis and Proposal/Price Quote → proposal, Negotiation/Review →
/// negotiation, Closed Won / Closed Lost. Other names are matched by the words
/// they contain (won, lost, negotiation, proposal, quote, demo, meeting,
/// qualified, lead, prospect, new…); `None` when nothing fits.
pub fn suggest_stage_key(crm_stage: &str) -> Option<&'static str> {
    let n = normalize(crm_stage);
    let exact = match n.as_str() {
        "appointmentscheduled"
        | "meetingscheduled"
        | "meeting"
        | "meetingbooked"
        | "demo"
        | "demoscheduled"
        | "discoverycall"
        | "needsanalysis"
        | "valueproposition" => "meeting",
        "qualifiedtobuy" | "qualification" | "qualified" | "qualify" | "sql" | "discovery" => {
            "qualified"
        }
        "presentationscheduled"
        | "iddecisionmakers"
        | "perceptionanalysis"
        | "proposalpricequote"
        | "proposal"
        | "proposalsent"
        | "quote"
        | "quotesent"
        | "pricing" => "proposal",
        "decisionmakerboughtin"
        | "contractsent"
        | "negotiationreview"
        | "negotiation"
        | "negotiating"
        | "contract"
        | "legal"
        | "commit"
        | "verbalcommit" => "negotiation",
        "closedwon" | "won" | "win" | "closedwin" | "signed" | "booked" => "closed_won",
        "closedlost" | "lost" | "loss" | "closedloss" | "dead" | "disqualified" | "churned" => {
            "closed_lost"
        }
        "lead" | "new" | "newlead" | "open" | "prospect" | "prospecting" | "inbound" | "mql"
        | "contacted" | "firstcontact" => "lead",
        _ => "",
    };
    if !exact.is_empty() {
        return Some(exact);
    }
    let text = crm_stage.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is = |names: &[&str]| words.iter().any(|w| names.contains(w));
    let starts = |prefixes: &[&str]| {
        words
            .iter()
            .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
    };
    let key = if is(&["won", "win", "signed"]) {
        "closed_won"
    } else if is(&["lost", "dead", "churned"]) || starts(&["disqualif"]) {
        "closed_lost"
    } else if starts(&["negotiat", "contract", "legal", "commit"]) {
        "negotiation"
    } else if starts(&["proposal", "quote", "pricing", "presentation"]) {
        "proposal"
    } else if starts(&["demo", "meeting", "appointment", "analysis"]) {
        "meeting"
    } else if starts(&["qualif", "discovery"]) {
        "qualified"
    } else if starts(&["lead", "prospect", "inbound"]) || is(&["new", "open"]) {
        "lead"
    } else {
        return None;
    };
    Some(key)
}

// ---------------------------------------------------------------- enums

macro_rules! named_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// What kind of sale a deal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealType {
    NewBusiness,
    Expansion,
    Renewal,
}
named_enum!(DealType { NewBusiness => "new_business", Expansion => "expansion", Renewal => "renewal" });

impl FromStr for DealType {
    type Err = InvalidValue;

    /// Blank is new business. HubSpot `newbusiness`/`existingbusiness`,
    /// Salesforce `New Business`, `Existing Business` (expansion),
    /// `Existing Business - Upgrade`, `Upsell`, `Cross-sell` (expansion),
    /// `Renewal`, `Existing Business - Renewal` (renewal).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        // The values exports write on every row, without allocating.
        for (written, deal_type) in [
            ("newbusiness", Self::NewBusiness),
            ("New Business", Self::NewBusiness),
            ("existingbusiness", Self::Expansion),
            ("Existing Business", Self::Expansion),
            ("Renewal", Self::Renewal),
        ] {
            if t.eq_ignore_ascii_case(written) {
                return Ok(deal_type);
            }
        }
        let n = normalize(t);
        let found = if n.is_empty() {
            Some(Self::NewBusiness)
        } else if n.contains("renew") {
            Some(Self::Renewal)
        } else if [
            "existing",
            "expan",
            "upsell",
            "upgrade",
            "crosssell",
            "addon",
            "upsale",
        ]
        .iter()
        .any(|w| n.contains(w))
        {
            Some(Self::Expansion)
        } else if ["new", "acquisition", "firstsale"]
            .iter()
            .any(|w| n.contains(w))
        {
            Some(Self::NewBusiness)
        } else {
            None
        };
        found.ok_or_else(|| {
            InvalidValue(format!(
                "{} is not a deal type; use New Business, Existing Business (an expansion) or Renewal",
                quoted(text.trim())
            ))
        })
    }
}

/// What an activity was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Meeting,
    Demo,
    Email,
}
named_enum!(ActivityKind { Call => "call", Meeting => "meeting", Demo => "demo", Email => "email" });

impl FromStr for ActivityKind {
    type Err = InvalidValue;

    /// `Call`, `Phone call`, `Logged call` → call; `Meeting`, `Event`,
    /// `Appointment` → meeting; `Demo`, `Presentation` → demo; `Email`,
    /// `Sent email`, `INCOMING_EMAIL` → email.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let n = normalize(text);
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        let found = if has(&["demo", "presentation", "webinar"]) {
            Some(Self::Demo)
        } else if has(&["voicemail"]) {
            Some(Self::Call)
        } else if has(&["email", "mail", "inmail"]) {
            Some(Self::Email)
        } else if has(&["call", "phone", "dial"]) {
            Some(Self::Call)
        } else if has(&["meeting", "event", "appointment", "visit", "lunch", "zoom"]) {
            Some(Self::Meeting)
        } else {
            None
        };
        found.ok_or_else(|| {
            InvalidValue(format!(
                "{} is not an activity kind; use Call, Meeting, Demo or Email",
                quoted(text.trim())
            ))
        })
    }
}

/// A seller's role in the sales team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesRole {
    Hunter,
    Farmer,
    Sdr,
    Ae,
    Am,
    Manager,
}
named_enum!(SalesRole { Hunter => "hunter", Farmer => "farmer", Sdr => "sdr", Ae => "ae", Am => "am", Manager => "manager" });

impl FromStr for SalesRole {
    type Err = InvalidValue;

    /// Codes and common titles: `Account Executive`/`AE` → ae, `Account
    /// Manager`/`AM`/`Customer Success Manager` → am, `Sales Development
    /// Rep`/`SDR`/`BDR` → sdr, `Sales Manager`/`Team Lead`/`Director`/`VP` →
    /// manager, `Hunter`, `Farmer`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let n = normalize(text);
        let exact = match n.as_str() {
            "hunter" | "newbusiness" => Some(Self::Hunter),
            "farmer" => Some(Self::Farmer),
            "sdr" | "bdr" | "adr" | "sdrs" | "bdrs" => Some(Self::Sdr),
            "ae" | "aes" => Some(Self::Ae),
            "am" | "ams" | "csm" | "kam" => Some(Self::Am),
            "manager" | "lead" | "head" | "vp" | "director" | "cro" => Some(Self::Manager),
            _ => None,
        };
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        let found = exact.or_else(|| {
            if has(&["development", "sdr", "bdr"]) {
                Some(Self::Sdr)
            } else if has(&["accountexecutive", "salesexecutive"]) {
                Some(Self::Ae)
            } else if has(&["accountmanager", "customersuccess", "keyaccount"]) {
                Some(Self::Am)
            } else if has(&[
                "manager",
                "teamlead",
                "director",
                "head",
                "vp",
                "vicepresident",
                "chief",
            ]) {
                Some(Self::Manager)
            } else if has(&["hunter"]) {
                Some(Self::Hunter)
            } else if has(&["farmer"]) {
                Some(Self::Farmer)
            } else {
                None
            }
        });
        found.ok_or_else(|| {
            InvalidValue(format!(
                "{} is not a sales role; use Account Executive, Account Manager, SDR, \
                 Sales Manager, Hunter or Farmer",
                quoted(text.trim())
            ))
        })
    }
}

// ---------------------------------------------------------------- small values

/// A win probability in percent: `40`, `40%`, `40.5` (rounded), or a fraction
/// with a decimal point such as HubSpot's `0.4` (→ 40).
pub fn parse_probability(text: &str) -> Result<u8, String> {
    let t = text.trim();
    let invalid = || {
        format!(
            "{} is not a probability; use a whole percentage from 0 to 100, e.g. 40",
            quoted(t)
        )
    };
    let (number, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (t, false),
    };
    let value = Decimal::from_str(&number.replace(',', ".")).map_err(|_| invalid())?;
    let value = if !percent && number.contains(['.', ',']) && value <= Decimal::ONE {
        value * Decimal::ONE_HUNDRED
    } else {
        value
    };
    if value.is_sign_negative() || value > Decimal::ONE_HUNDRED {
        return Err(invalid());
    }
    let rounded = value.round();
    u8::try_from(rounded.mantissa() / 10i128.pow(rounded.scale())).map_err(|_| invalid())
}

/// A whole number of employees: `250`, `1,200`, `1.200`, `1 200`, `1200.0`.
pub fn parse_employees(text: &str) -> Result<i32, String> {
    let t = text.trim();
    let invalid = || {
        format!(
            "{} is not a number of employees; use a whole number, e.g. 250",
            quoted(t)
        )
    };
    let whole = t
        .strip_suffix(".0")
        .or_else(|| t.strip_suffix(".00"))
        .unwrap_or(t);
    let mut groups = whole.split([',', '.', ' ', '\u{a0}', '\'']);
    let first = groups.next().unwrap_or_default();
    if first.is_empty() || first.len() > 10 {
        return Err(invalid());
    }
    let mut digits = String::with_capacity(whole.len());
    digits.push_str(first);
    for g in groups {
        if g.len() != 3 {
            return Err(invalid());
        }
        digits.push_str(g);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    digits.parse::<i32>().map_err(|_| invalid())
}

/// An email address of the plain `name@domain.tld` shape.
pub fn parse_email(text: &str) -> Result<String, String> {
    let t = text.trim();
    let t = t
        .strip_prefix("mailto:")
        .unwrap_or(t)
        .trim_start_matches('<')
        .trim_end_matches('>');
    let valid = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(t.to_owned())
    } else {
        Err(format!(
            "{} is not an email address; use the form name@company.com",
            quoted(text.trim())
        ))
    }
}
