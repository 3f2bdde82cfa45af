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
}

impl SessionInfo {
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
