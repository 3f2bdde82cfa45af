//! Commission statements: what each person earned per period, line by line.
//!
//! Who sees whose: a rep their own; a manager their own and everyone below
//! them in the reporting lines; executives, admins and owners everyone.
//! Someone else's statement is 404, never 403, so ids cannot be probed.
//! Managers approve the statements of people below them (never their own);
//! admins and owners pay approved statements; a paid statement is locked.

pub mod adjust;
pub mod approve;
pub mod get;
pub mod list;
pub mod mine;
pub mod pay;
pub mod payroll;
pub mod what_if;

use crate::{auth::Principal, error::ApiError, routes::deals::caller_person};
use attain_db::{
    tenant::{
        comp_inputs,
        comp_statements::{self, AdjustmentRow, DisputeRow, StatementRow},
        people,
    },
    TenantConn,
};
use attain_domain::{period::Period, Capability, FieldError, Role};
use serde::Serialize;
use uuid::Uuid;

/// Whose statements the caller may see.
pub enum Visible {
    Everyone,
    People(Vec<Uuid>),
}

impl Visible {
    pub fn includes(&self, person: Uuid) -> bool {
        match self {
            Visible::Everyone => true,
            Visible::People(ids) => ids.contains(&person),
        }
    }

    pub fn as_filter(&self) -> Option<&[Uuid]> {
        match self {
            Visible::Everyone => None,
            Visible::People(ids) => Some(ids),
        }
    }
}

pub fn visible(t: &mut TenantConn<'_>, principal: &Principal) -> Result<Visible, ApiError> {
    principal.require(Capability::ViewStatements)?;
    if principal.role.can(Capability::ManageCompensation) || principal.role == Role::Executive {
        return Ok(Visible::Everyone);
    }
    let Some(me) = caller_person(t, principal)? else {
        return Ok(Visible::People(Vec::new()));
    };
    if principal.role.can(Capability::ApproveStatements) {
        return Ok(Visible::People(people::reporting_to(t, me)?));
    }
    Ok(Visible::People(vec![me]))
}

/// A period in the company's statement period length (months or quarters).
pub fn statement_period(t: &mut TenantConn<'_>, raw: &str) -> Result<Period, ApiError> {
    let period: Period = raw.parse()?;
    let kind = comp_inputs::period_kind(t)?;
    if period.kind != kind {
        return Err(FieldError::new(
            "period",
            format!(
                "statements here are per {}: use a period like {}",
                kind.as_str(),
                Period::containing(kind, period.start)
            ),
        )
        .into());
    }
    Ok(period)
}

/// A statement with the people's names, its adjustments and disputes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatementView {
    #[serde(flatten)]
    pub row: StatementRow,
    pub person_name: String,
    pub adjustments: Vec<AdjustmentRow>,
    pub disputes: Vec<DisputeRow>,
    /// Names of the people lines credit from (roll-ups, splits).
    pub names: std::collections::BTreeMap<Uuid, String>,
}

pub fn load_view(
    t: &mut TenantConn<'_>,
    person: Uuid,
    period: Period,
) -> Result<Option<StatementView>, ApiError> {
    let Some(row) = comp_statements::find(t, person, period)? else {
        return Ok(None);
    };
    let names = comp_inputs::people(t)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect::<std::collections::BTreeMap<_, _>>();
    let person_name = names.get(&person).cloned().unwrap_or_default();
    let adjustments = comp_statements::adjustments(t, person, period)?;
    let disputes = comp_statements::disputes(t, Some(&[person]), None)?
        .into_iter()
        .filter(|d| d.period_start == period.start && d.period_kind == period.kind.as_str())
        .collect();
    Ok(Some(StatementView {
        row,
        person_name,
        adjustments,
        disputes,
        names,
    }))
}

/// The statement if the caller may see it; 404 otherwise.
pub fn visible_view(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    person: Uuid,
    period: Period,
) -> Result<StatementView, ApiError> {
    if !visible(t, principal)?.includes(person) {
        return Err(ApiError::not_found("statement"));
    }
    load_view(t, person, period)?
        .ok_or_else(|| ApiError::not_found("statement").with_code("no_statement"))
}

/// The body a workflow step sends: the version the caller saw.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub version: i32,
}

/// Moves a statement one step along draft → approved → paid, auditing it.
pub fn step(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    person: Uuid,
    period: Period,
    version: i32,
    to: &'static str,
) -> Result<StatementView, ApiError> {
    let scope = visible(t, principal)?;
    if !scope.includes(person) {
        return Err(ApiError::not_found("statement"));
    }
    let before = comp_statements::find_for_update(t, person, period)?
        .ok_or_else(|| ApiError::not_found("statement").with_code("no_statement"))?;
    let from = if to == "approved" {
        "draft"
    } else {
        "approved"
    };
    if to == "approved" {
        principal.require(Capability::ApproveStatements)?;
        if caller_person(t, principal)? == Some(person) {
            return Err(ApiError::forbidden(
                "You cannot approve your own statement: your manager or an admin approves it.",
            ));
        }
    } else {
        principal.require(Capability::ManageCompensation)?;
    }
    if before.version != version {
        return Err(ApiError::conflict(
            "version_conflict",
            format!("The statement changed since you loaded it (now version {}): reload it and check the new figures first.", before.version),
        )
        .with_field("version"));
    }
    if before.status != from {
        let message = match (before.status.as_str(), to) {
            ("paid", _) => "This statement is paid and locked; later changes appear as adjustments in the next period.".to_owned(),
            (status, "paid") => format!("Only an approved statement can be paid; this one is {status}."),
            (status, _) => format!("Only a draft can be approved; this one is {status}."),
        };
        return Err(ApiError::conflict("wrong_status", message).with_field("status"));
    }
    let after = comp_statements::transition(t, person, period, version, to, principal.user_id)?
        .ok_or_else(|| {
            ApiError::conflict(
                "version_conflict",
                "The statement changed while you were approving it: reload it.",
            )
            .with_field("version")
        })?;
    let summary = |row: &StatementRow| serde_json::json!({ "status": row.status, "payout": row.payout, "version": row.version });
    attain_db::control::audit::record(
        t.conn(),
        &principal.audit(
            &format!("statement.{to}"),
            "statement",
            format!("{person}:{period}"),
            Some(summary(&before)),
            Some(summary(&after)),
        ),
    )?;
    load_view(t, person, period)?.ok_or_else(|| ApiError::not_found("statement"))
}
