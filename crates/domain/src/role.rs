//! Roles inside a tenant and the capabilities each one has. The API checks a
//! capability on every route; this table is the single place that grants them.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Executive,
    Manager,
    Rep,
    BillingAdmin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Executive,
        Role::Manager,
        Role::Rep,
        Role::BillingAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Executive => "executive",
            Role::Manager => "manager",
            Role::Rep => "rep",
            Role::BillingAdmin => "billing_admin",
        }
    }

    pub fn can(self, capability: Capability) -> bool {
        use Capability::*;
        use Role::*;
        match capability {
            ViewOwnSession => true,
            ManageUsers | ManageApiTokens | ViewAuditLog | ManageOrganisation => {
                matches!(self, Owner | Admin)
            }
            ViewOrganisation => !matches!(self, BillingAdmin),
            ViewDeals | ViewKpis => matches!(self, Owner | Admin | Executive | Manager | Rep),
            EditAnyDeal => matches!(self, Owner | Admin | Manager),
            EditOwnDeals => matches!(self, Owner | Admin | Manager | Rep),
            ManageBilling => matches!(self, Owner | BillingAdmin),
            ViewStatements => matches!(self, Owner | Admin | Executive | Manager | Rep),
            ApproveStatements => matches!(self, Owner | Admin | Manager),
            ManageCompensation => matches!(self, Owner | Admin),
        }
    }

    /// Only an owner may hand out or take away ownership.
    pub fn may_assign(self, target: Role) -> bool {
        match target {
            Role::Owner => self == Role::Owner,
            _ => self.can(Capability::ManageUsers),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("must be one of owner, admin, executive, manager, rep, billing_admin (got {s:?})")
            })
    }
}

/// What a route needs from the caller's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    ViewOwnSession,
    ManageUsers,
    ManageApiTokens,
    ViewAuditLog,
    ViewDeals,
    ViewKpis,
    EditOwnDeals,
    EditAnyDeal,
    ManageBilling,
    ViewOrganisation,
    ManageOrganisation,
    /// Read commission statements: one's own, or (managers) the team's, or
    /// (executives, admins, owners) everyone's; routes narrow the scope.
    ViewStatements,
    /// Approve the statements of the people one manages; resolve disputes.
    ApproveStatements,
    /// Plans, assignments, quotas, rates, payment, payroll, scenarios.
    ManageCompensation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn billing_admin_sees_no_sales_data_and_reps_cannot_manage_users() {
        assert!(!Role::BillingAdmin.can(Capability::ViewDeals));
        assert!(Role::BillingAdmin.can(Capability::ManageBilling));
        assert!(!Role::Rep.can(Capability::ManageUsers));
        assert!(!Role::Executive.can(Capability::EditOwnDeals));
    }

    #[test]
    fn only_owners_create_owners() {
        assert!(!Role::Admin.may_assign(Role::Owner));
        assert!(Role::Admin.may_assign(Role::Manager));
        assert!(Role::Owner.may_assign(Role::Owner));
        assert!(!Role::Manager.may_assign(Role::Rep));
    }
}
