//! `GET /api/v1/alignment/target-mix`: the company's target mix of product
//! priorities, the share of pipeline and bookings it wants from strategic,
//! standard and loss-leader products. Owners, admins, executives and
//! managers read it; owners and admins set it.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_alignment::ProductPriority;
use attain_db::tenant::priority_mix;
use attain_domain::Capability;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TargetMixView {
    /// Percent per priority (`strategic`, `standard`, `loss_leader`),
    /// adding up to 100; empty when no target mix is set.
    #[schema(value_type = BTreeMap<String, String>)]
    pub shares: BTreeMap<&'static str, Decimal>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the caller may change it.
    pub may_edit: bool,
}

impl TargetMixView {
    pub fn new(
        shares: &BTreeMap<ProductPriority, Decimal>,
        updated_at: Option<DateTime<Utc>>,
        principal: &Principal,
    ) -> Self {
        Self {
            shares: shares
                .iter()
                .map(|(priority, share)| (priority_mix::priority_key(*priority), share.round_dp(2)))
                .collect(),
            updated_at,
            may_edit: principal.role.can(Capability::ManageOrganisation),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/alignment/target-mix",
    tag = "alignment",
    operation_id = "alignment_target_mix_get",
    summary = "The company's target mix of product priorities.",
    description = "Percent of pipeline and bookings wanted from strategic, standard and loss-leader products: what the priority-mix part of the alignment score compares against. Owners, admins, executives and managers.",
    responses(
        (status = 200, description = "The target mix (empty when none is set).", body = TargetMixView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Reps and billing admins cannot read it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/alignment/target-mix")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<TargetMixView, ApiError> {
    super::require_reader(principal, "The target mix")?;
    let (shares, updated_at) = state
        .db
        .in_tenant(principal.tenant.clone(), priority_mix::targets)
        .await?;
    Ok(TargetMixView::new(&shares, updated_at, principal))
}
