//! Activities (calls, meetings, demos, emails) and the weekly targets per
//! sales role they are measured against.
//!
//! Who sees what, here and for tasks: a rep sees only their own; a manager
//! sees their own and those of everyone who reports to them (through
//! `people.manager_id`, at any depth); owners, admins and executives see all;
//! billing admins see nothing (403). Logging for someone else needs
//! `EditAnyDeal`, and a manager may only log for their reports. Weeks and
//! "today" are UTC days.

pub mod create;
pub mod list;
pub mod summary;
pub mod targets_get;
pub mod targets_put;

use super::deals::{caller_person, ensure_active_person};
use crate::{auth::Principal, error::ApiError};
use attain_db::{
    tenant::{accounts, deals, people},
    TenantConn,
};
use attain_domain::{Capability, FieldError, Role};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

/// `?scope=`: the caller's own records, their reports' too, or everything they may see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    Mine,
    Team,
    #[default]
    All,
}

impl Scope {
    pub fn parse(raw: Option<&str>) -> Result<Self, FieldError> {
        match raw {
            None | Some("all") => Ok(Scope::All),
            Some("mine") => Ok(Scope::Mine),
            Some("team") => Ok(Scope::Team),
            Some(_) => Err(FieldError::new("scope", "must be mine, team or all")),
        }
    }
}

/// Whose records the caller may see: `None` means everyone's.
pub fn visible_people(
    t: &mut TenantConn<'_>,
    principal: &Principal,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let me = caller_person(t, principal)?;
    match principal.role {
        Role::Rep => Ok(Some(me.into_iter().collect())),
        Role::Manager => Ok(Some(match me {
            Some(me) => people::reporting_to(t, me)?,
            None => Vec::new(),
        })),
        _ => Ok(None),
    }
}

/// The people a list covers: what the caller may see, narrowed by `scope`.
pub fn people_in_scope(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    scope: Scope,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    let visible = visible_people(t, principal)?;
    let me = caller_person(t, principal)?;
    let scoped = match (scope, me) {
        (Scope::All, _) => return Ok(visible),
        (Scope::Mine, me) => me.into_iter().collect(),
        (Scope::Team, Some(me)) => people::reporting_to(t, me)?,
        (Scope::Team, None) => Vec::new(),
    };
    Ok(Some(match visible {
        Some(visible) => scoped
            .into_iter()
            .filter(|id| visible.contains(id))
            .collect(),
        None => scoped,
    }))
}

/// Whether the caller may see records of `person`.
pub fn may_see(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    person: Uuid,
) -> Result<bool, ApiError> {
    Ok(visible_people(t, principal)?.is_none_or(|people| people.contains(&person)))
}

/// The person a new record belongs to: `requested`, or the caller. Acting
/// for someone else needs `EditAnyDeal`; a manager may act only for their
/// reports. `field` names the person in errors.
pub fn acting_for(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    field: &'static str,
    requested: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let me = caller_person(t, principal)?;
    let person = match (requested, me) {
        (Some(person), me) if me == Some(person) => person,
        (Some(person), me) => {
            principal.require(Capability::EditAnyDeal)?;
            if principal.role == Role::Manager {
                let reports = match me {
                    Some(me) => people::reporting_to(t, me)?,
                    None => Vec::new(),
                };
                if !reports.contains(&person) {
                    return Err(FieldError::new(
                        field,
                        "must be you or someone who reports to you",
                    )
                    .into());
                }
            }
            person
        }
        (None, Some(me)) => me,
        (None, None) => {
            return Err(FieldError::new(
                field,
                "you are not in this company's sales organisation; name a person",
            )
            .into())
        }
    };
    ensure_active_person(t, field, person)?;
    Ok(person)
}

/// Checks that a linked deal and account exist; without an account, a
/// deal's account is used.
pub fn linked_records(
    t: &mut TenantConn<'_>,
    deal_id: Option<Uuid>,
    account_id: Option<Uuid>,
) -> Result<Option<Uuid>, ApiError> {
    let deal_account = match deal_id {
        Some(id) => {
            deals::find(t, id)?
                .ok_or_else(|| FieldError::new("deal_id", "is not a deal of your company"))?
                .account_id
        }
        None => None,
    };
    if let Some(id) = account_id {
        if accounts::find(t, id)?.is_none() {
            return Err(FieldError::new("account_id", "is not an account of your company").into());
        }
    }
    Ok(account_id.or(deal_account))
}

/// A bound of a time filter: a day (`2026-07-01`) or an RFC 3339 instant.
/// A day as the upper bound includes the whole day.
pub fn parse_bound(
    field: &'static str,
    raw: &str,
    upper: bool,
) -> Result<DateTime<Utc>, FieldError> {
    let raw = raw.trim();
    if let Ok(day) = raw.parse::<NaiveDate>() {
        let day = if upper {
            day.succ_opt().unwrap_or(day)
        } else {
            day
        };
        return Ok(day.and_time(NaiveTime::MIN).and_utc());
    }
    DateTime::parse_from_rfc3339(raw)
        .map(|at| {
            let at = at.with_timezone(&Utc);
            if upper {
                at + chrono::Duration::microseconds(1)
            } else {
                at
            }
        })
        .map_err(|_| FieldError::new(field, "must be a day (2026-07-01) or an RFC 3339 time"))
}
