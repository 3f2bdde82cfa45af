//! Disputes: a person (or their manager) questions one line of a statement;
//! the thread goes back and forth; a manager of the person or an admin
//! resolves it (optionally with an adjustment) or rejects it with a reason.
//! Who sees a dispute follows who sees the statement.

pub mod create;
pub mod get;
pub mod list;
pub mod reply;
pub mod resolve;

use crate::{auth::Principal, error::ApiError, routes::statements::visible};
use attain_db::{
    tenant::comp_statements::{self, DisputeMessage, DisputeRow},
    TenantConn,
};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeView {
    #[serde(flatten)]
    pub dispute: DisputeRow,
    pub person_name: String,
    pub period: String,
    pub messages: Vec<DisputeMessage>,
}

/// The dispute if the caller may see its statement; 404 otherwise.
pub fn visible_dispute(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    id: Uuid,
) -> Result<DisputeView, ApiError> {
    let dispute =
        comp_statements::find_dispute(t, id)?.ok_or_else(|| ApiError::not_found("dispute"))?;
    if !visible(t, principal)?.includes(dispute.person_id) {
        return Err(ApiError::not_found("dispute"));
    }
    view(t, dispute)
}

pub fn view(t: &mut TenantConn<'_>, dispute: DisputeRow) -> Result<DisputeView, ApiError> {
    let person_name = attain_db::tenant::people::find(t, dispute.person_id)?
        .map(|p| p.name)
        .unwrap_or_default();
    let kind: attain_domain::period::PeriodKind = dispute
        .period_kind
        .parse()
        .map_err(|e: attain_domain::FieldError| ApiError::internal(e.message))?;
    let period = attain_domain::period::Period::starting(kind, dispute.period_start)
        .map_err(|e| ApiError::internal(e.message))?
        .to_string();
    let messages = comp_statements::messages(t, dispute.id)?;
    Ok(DisputeView {
        dispute,
        person_name,
        period,
        messages,
    })
}

/// A message or resolution text: trimmed, 1 to 4000 characters.
pub fn text(field: &'static str, raw: &str) -> Result<String, ApiError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 4000 {
        return Err(attain_domain::FieldError::new(field, "write 1 to 4000 characters").into());
    }
    Ok(trimmed.to_owned())
}
