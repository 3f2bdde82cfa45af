//! `PUT /api/v1/alignment/target-mix`: sets the company's target mix of
//! product priorities, in percent adding up to 100. Owners and admins;
//! audited; the alignment snapshot follows within seconds.

use super::target_mix_get::TargetMixView;
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::decimal_from_json, state::AppState,
};
use actix_web::{put, web, HttpResponse};
use attain_alignment::ProductPriority;
use attain_db::{control::audit, tenant::priority_mix, DbError};
use attain_domain::{Capability, FieldError};
use attain_jobs::envelope::{enqueue, kinds, TargetsChanged};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Percent per priority; a priority left out wants none.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetMixBody {
    #[schema(value_type = Option<String>, example = "50.00")]
    pub strategic: Option<serde_json::Value>,
    #[schema(value_type = Option<String>, example = "40.00")]
    pub standard: Option<serde_json::Value>,
    #[schema(value_type = Option<String>, example = "10.00")]
    pub loss_leader: Option<serde_json::Value>,
}

impl TargetMixBody {
    /// The shares, each from 0 to 100 with at most two decimals, adding up to 100.
    fn shares(&self) -> Result<BTreeMap<ProductPriority, Decimal>, FieldError> {
        let mut shares = BTreeMap::new();
        for (field, priority, value) in [
            ("strategic", ProductPriority::Strategic, &self.strategic),
            ("standard", ProductPriority::Standard, &self.standard),
            (
                "loss_leader",
                ProductPriority::LossLeader,
                &self.loss_leader,
            ),
        ] {
            let share = match value {
                None | Some(serde_json::Value::Null) => Decimal::ZERO,
                Some(value) => decimal_from_json(field, value)?,
            };
            if share < Decimal::ZERO || share > Decimal::ONE_HUNDRED {
                return Err(FieldError::new(field, "must be a percentage from 0 to 100"));
            }
            if share.round_dp(2) != share {
                return Err(FieldError::new(field, "takes at most two decimals"));
            }
            shares.insert(priority, share);
        }
        let total: Decimal = shares.values().sum();
        if total != Decimal::ONE_HUNDRED {
            return Err(FieldError::new(
                "strategic",
                format!("plus standard and loss_leader add up to {total}%; the three must add up to 100%"),
            ));
        }
        Ok(shares)
    }
}

#[utoipa::path(
    put,
    path = "/api/v1/alignment/target-mix",
    tag = "alignment",
    operation_id = "alignment_target_mix_put",
    summary = "Set the company's target mix of product priorities.",
    description = "Percent of pipeline and bookings wanted from strategic, standard and loss-leader products, adding up to 100. Owners and admins; audited. The alignment snapshot is recomputed within seconds.",
    request_body = TargetMixBody,
    responses(
        (status = 200, description = "The target mix as now stored.", body = TargetMixView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only owners and admins set it, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A share is not a percentage, or the three do not add up to 100; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/alignment/target-mix")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<TargetMixBody>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: TargetMixBody,
) -> Result<TargetMixView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let shares = body.shares().map_err(ApiError::invalid)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<TargetMixView, ApiError> {
                let (before, updated_before) = priority_mix::targets(t)?;
                let json = |view: &TargetMixView| {
                    serde_json::to_value(&view.shares).map_err(|e| DbError::Corrupt(e.to_string()))
                };
                if before == shares {
                    return Ok(TargetMixView::new(&shares, updated_before, &actor));
                }
                priority_mix::replace_targets(t, &shares)?;
                let (stored, updated_at) = priority_mix::targets(t)?;
                let after = TargetMixView::new(&stored, updated_at, &actor);
                let before_json = (!before.is_empty())
                    .then(|| json(&TargetMixView::new(&before, None, &actor)))
                    .transpose()?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "target_mix.updated",
                        "priority_mix_targets",
                        "company",
                        before_json,
                        Some(json(&after)?),
                    ),
                )?;
                let tenant_id = t.tenant_id();
                let changed = TargetsChanged {
                    what: "target_mix".into(),
                };
                enqueue(t.conn(), tenant_id, kinds::TARGETS_CHANGED, changed)?;
                Ok(after)
            },
        )
        .await
}
