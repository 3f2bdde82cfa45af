//! Labels and number formatting for the compensation admin pages, the same
//! on the server and in the browser: rates typed in percent and stored as
//! fractions, typed numbers checked, money with its sign; never a float.

use super::model::{FieldProblem, MoneyTotal};

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
