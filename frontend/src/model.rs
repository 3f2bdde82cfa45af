//! What pages show. Plain data, compiled into both the server and the wasm.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub tenant_slug: String,
    pub tenant_name: String,
    pub role: String,
    pub csrf_token: String,
    pub tenants: Vec<TenantOption>,
    /// A billing banner due now (a failed payment's grace period, or read-only).
    pub billing_banner: Option<String>,
}

impl SessionInfo {
    /// Owners and billing admins run the subscription.
    pub fn manages_billing(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "billing_admin")
    }

    pub fn is_admin(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "admin")
    }

    pub fn sees_sales_data(&self) -> bool {
        self.role != "billing_admin"
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantOption {
    pub slug: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn last_page(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
    pub joined: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationCreated {
    pub email: String,
    pub role: String,
    pub invite_url: String,
    pub expires: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub prefix: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenCreated {
    pub name: String,
    pub role: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub change: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub computed_at: Option<String>,
    pub deal_count: i64,
    pub open_count: i64,
    pub won_count: i64,
    pub lost_count: i64,
    /// Win rate in percent, one decimal.
    pub win_rate_percent: Option<String>,
    /// (currency, won amount, open pipeline), amounts as decimal strings.
    pub by_currency: Vec<(String, String, String)>,
}

pub const ROLES: [(&str, &str); 6] = [
    ("owner", "Owner"),
    ("admin", "Admin"),
    ("executive", "Executive"),
    ("manager", "Manager"),
    ("rep", "Rep"),
    ("billing_admin", "Billing admin"),
];

pub fn role_label(role: &str) -> &'static str {
    ROLES
        .iter()
        .find(|(key, _)| *key == role)
        .map(|(_, label)| *label)
        .unwrap_or("Member")
}

/// A team in tree order; `depth` 0 is top level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamNode {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub manager_id: Option<String>,
    pub manager: Option<String>,
    pub depth: usize,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamsView {
    pub teams: Vec<TeamNode>,
    /// Active members who can manage a team: (user id, name).
    pub people: Vec<(String, String)>,
}

/// "66500.5" and "USD" → "66,500.50 USD": digit grouping done on the decimal
/// text itself, so amounts never pass through a float.
pub fn format_money(amount: &str, currency: &str) -> String {
    let (sign, digits) = amount
        .strip_prefix('-')
        .map_or(("", amount), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let cents: String = fraction.chars().chain("00".chars()).take(2).collect();
    format!("{sign}{grouped}.{cents} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_without_floats() {
        assert_eq!(format_money("66500.00", "USD"), "66,500.00 USD");
        assert_eq!(format_money("1234567.5", "EUR"), "1,234,567.50 EUR");
        assert_eq!(format_money("0", "USD"), "0.00 USD");
        assert_eq!(format_money("-950.25", "GBP"), "-950.25 GBP");
        assert_eq!(format_money("999", "USD"), "999.00 USD");
    }
}

/// The billing page: the company's plan as Stripe's webhooks last set it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingView {
    pub tier: String,
    pub tier_label: String,
    pub interval: String,
    pub status: String,
    pub status_meaning: String,
    /// `full`, `grace` or `read_only`.
    pub access: String,
    pub banner: Option<String>,
    pub seats_used: i64,
    pub seats_paid: i32,
    pub max_seats: Option<u32>,
    pub trial_days_left: Option<i64>,
    pub trial_ends: Option<String>,
    pub period_ends: Option<String>,
    pub cancel_at_period_end: bool,
    pub has_subscription: bool,
    /// Checkout can start (no live subscription).
    pub can_check_out: bool,
    pub invoices: Vec<InvoiceRow>,
    pub offers: Vec<TierOffer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub number: String,
    pub created: String,
    /// Formatted with its currency, e.g. "$90.00".
    pub total: String,
    pub status: String,
    pub url: Option<String>,
    pub pdf: Option<String>,
}

/// A tier as sold: prices per seat per month, formatted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierOffer {
    pub tier: String,
    pub label: String,
    pub monthly: String,
    pub yearly: String,
    pub max_seats: Option<u32>,
}
