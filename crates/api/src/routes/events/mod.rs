//! Live updates: which topics of the tenant's "something changed" channel
//! (see `attain_cache::updates`) a caller may hear about. A topic only names
//! what changed; the page refetches through the API, which checks
//! permissions as always. Still, nobody should learn when a statement they
//! may not read moved: reps hear about the company and themselves, managers
//! about every scorecard and their reporting line's statements, and only
//! those who run the subscription about `billing`.

pub mod stream;

use crate::{auth::Principal, error::ApiError, routes::deals::caller_person};
use attain_db::{tenant::people, TenantConn};
use attain_domain::{Capability, Role};
use uuid::Uuid;

/// Who a stream is for, decided once when it opens (a change of role ends
/// the session, and with it the stream).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Owners, admins and executives: every topic of the tenant.
    Everything,
    /// Managers: every scorecard (they may read any), but statements only
    /// of `people`: themselves and everyone reporting to them.
    Team { people: Vec<Uuid> },
    /// Reps (and billing admins, who see no sales data): company-wide KPI
    /// topics (when `kpis`), topics about `person`, their own, and the
    /// subscription's (`billing`, when they manage it).
    Own {
        person: Option<Uuid>,
        kpis: bool,
        billing: bool,
    },
}

impl Audience {
    /// The audience `principal` belongs to. It follows who may read what:
    /// scorecards as the scorecard endpoint allows (reps the company's and
    /// their own), statements as the statement rules do (a rep their own, a
    /// manager their reporting line, executives, admins and owners
    /// everyone's). Roles are matched directly because no single capability
    /// draws these lines: `Capability::ViewOrganisation`, for one, is held by
    /// reps too.
    pub fn of(t: &mut TenantConn<'_>, principal: &Principal) -> Result<Self, ApiError> {
        Ok(match principal.role {
            Role::Owner | Role::Admin | Role::Executive => Audience::Everything,
            Role::Manager => Audience::Team {
                people: match caller_person(t, principal)? {
                    Some(me) => people::reporting_to(t, me)?,
                    None => Vec::new(),
                },
            },
            Role::Rep | Role::BillingAdmin => Audience::Own {
                person: caller_person(t, principal)?,
                kpis: principal.role.can(Capability::ViewKpis),
                billing: principal.role.can(Capability::ManageBilling),
            },
        })
    }

    /// Whether this audience hears about `topic`. A restricted audience does
    /// not hear of topics it is not known to be allowed (team scorecards,
    /// kinds added later): a new kind reps should hear about is added here.
    pub fn admits(&self, topic: &str) -> bool {
        let mut parts = topic.split(':');
        let parts = (parts.next(), parts.next(), parts.next());
        let names = |id: &str, person: Uuid| id.parse::<Uuid>().ok() == Some(person);
        match self {
            Audience::Everything => true,
            Audience::Team { people } => match parts {
                (Some("statement"), Some(id), _) => people.iter().any(|p| names(id, *p)),
                _ => true,
            },
            Audience::Own {
                person,
                kpis,
                billing,
            } => {
                let me = |id: &str| person.is_some_and(|me| names(id, me));
                match parts {
                    (Some("company"), None, _) => *kpis,
                    (Some("billing"), None, _) => *billing,
                    (Some("scorecard"), Some("company"), _) => *kpis,
                    (Some("scorecard"), Some("rep"), Some(id)) => *kpis && me(id),
                    (Some("statement"), Some(id), _) => me(id),
                    _ => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "2f1c1a9e-1b54-4a6e-9a53-6e0f3c5a7d10";
    const OTHER: &str = "8b0e3d52-7c41-4f0e-b1a6-0d9f2e4c6a11";

    fn rep(person: Option<&str>) -> Audience {
        Audience::Own {
            person: person.and_then(|p| p.parse().ok()),
            kpis: true,
            billing: false,
        }
    }

    #[test]
    fn owners_admins_and_executives_hear_everything() {
        for topic in [
            "company",
            &format!("statement:{OTHER}:2026-Q4"),
            &format!("scorecard:team:{OTHER}:2026-Q4"),
            "anything",
        ] {
            assert!(Audience::Everything.admits(topic), "{topic}");
        }
    }

    #[test]
    fn managers_hear_every_scorecard_and_their_lines_statements() {
        let manager = Audience::Team {
            people: vec![ME.parse().unwrap_or_default()],
        };
        assert!(manager.admits("company"));
        assert!(manager.admits(&format!("scorecard:team:{OTHER}:2026-Q4")));
        assert!(manager.admits(&format!("scorecard:rep:{OTHER}:2026-Q4")));
        assert!(manager.admits(&format!("statement:{ME}:2026-Q4")));
        assert!(!manager.admits(&format!("statement:{OTHER}:2026-Q4")));
        assert!(!manager.admits("statement:not-a-uuid:2026-Q4"));
        let without_reports = Audience::Team { people: Vec::new() };
        assert!(!without_reports.admits(&format!("statement:{ME}:2026-Q4")));
    }

    #[test]
    fn reps_hear_about_the_company_and_themselves_only() {
        let me = rep(Some(ME));
        assert!(me.admits("company"));
        assert!(me.admits("scorecard:company:2026-Q4"));
        assert!(me.admits(&format!("scorecard:rep:{ME}:2026-Q4")));
        assert!(me.admits(&format!("statement:{ME}:2026-Q4")));
        assert!(!me.admits(&format!("statement:{OTHER}:2026-Q4")));
        assert!(!me.admits(&format!("scorecard:rep:{OTHER}:2026-Q4")));
        assert!(!me.admits(&format!("scorecard:team:{OTHER}:2026-Q4")));
        assert!(!me.admits("statement:not-a-uuid:2026-Q4"));
        assert!(!me.admits("company:extra"));
        assert!(!me.admits("something-new"));
        assert!(!me.admits("billing"), "a rep hears about the subscription");
    }

    #[test]
    fn without_a_person_nothing_personal_gets_through() {
        let nobody = rep(None);
        assert!(nobody.admits("company"));
        assert!(!nobody.admits(&format!("statement:{ME}:2026-Q4")));
        assert!(!nobody.admits("statement::2026-Q4"));
        assert!(!nobody.admits("statement:"));
    }

    #[test]
    fn without_kpis_only_own_statements() {
        let billing = Audience::Own {
            person: ME.parse().ok(),
            kpis: false,
            billing: true,
        };
        assert!(!billing.admits("company"));
        assert!(!billing.admits(&format!("scorecard:rep:{ME}:2026-Q4")));
        assert!(billing.admits(&format!("statement:{ME}:2026-Q4")));
        assert!(billing.admits("billing"));
    }
}
