//! `POST /api/v1/disputes/{id}/resolve`: a manager of the person (or an
//! admin) closes a dispute as resolved or rejected, with the reason; a
//! resolution can carry an adjustment, added to the disputed period or, if
//! that is paid, to the next open one, and the statement is recomputed.

use super::{text, visible_dispute, DisputeView};
use crate::{
    auth::Principal,
    error::ApiError,
    json::Json,
    routes::deals::{caller_person, decimal_from_json},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{control::audit, tenant::comp_statements};
use attain_domain::{
    period::{Period, PeriodKind},
    Capability, FieldError,
};
use attain_jobs::envelope::{enqueue, kinds, CompRecalculate};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The dispute's version the caller saw.
    pub version: i32,
    /// resolved or rejected.
    pub status: String,
    /// Shown to the person.
    pub resolution: String,
    /// An adjustment to pay (or take back), in the statement's currency.
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub adjustment: Option<serde_json::Value>,
}

#[utoipa::path(
    post,
    path = "/api/v1/disputes/{id}/resolve",
    tag = "disputes",
    operation_id = "disputes_resolve",
    summary = "Resolve or reject a dispute.",
    description = "By a manager of the person or an admin, never the person; a resolution may carry an adjustment, added to the disputed period or the next open one.",
    params(("id" = Uuid, Path, description = "The dispute.")),
    request_body = Resolution,
    responses(
        (status = 200, description = "The closed dispute.", body = crate::routes::disputes::DisputeView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only the person's managers and admins resolve disputes, never the person; or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such dispute the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The dispute changed or is already closed (`version_conflict`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/disputes/{id}/resolve")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<Resolution>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: Resolution,
) -> Result<DisputeView, ApiError> {
    principal.require(Capability::ApproveStatements)?;
    if !matches!(body.status.as_str(), "resolved" | "rejected") {
        return Err(FieldError::new("status", "must be resolved or rejected").into());
    }
    let resolution = text("resolution", &body.resolution)?;
    let adjustment = body
        .adjustment
        .as_ref()
        .map(|v| decimal_from_json("adjustment", v).map(|d| d.round_dp(2)))
        .transpose()?
        .filter(|d| !d.is_zero());
    if adjustment.is_some() && body.status == "rejected" {
        return Err(
            FieldError::new("adjustment", "only a resolved dispute pays an adjustment").into(),
        );
    }
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<DisputeView, ApiError> {
            let before = visible_dispute(t, &principal_c, id)?;
            if caller_person(t, &principal_c)? == Some(before.dispute.person_id) {
                return Err(ApiError::forbidden("You cannot resolve a dispute about your own statement."));
            }
            let closed = comp_statements::resolve_dispute(t, id, body.version, &body.status, &resolution, principal_c.user_id)?
                .ok_or_else(|| ApiError::conflict("version_conflict", "The dispute changed or was closed since you loaded it: reload it.").with_field("version"))?;
            if let Some(amount) = adjustment {
                let kind: PeriodKind = closed.period_kind.parse()?;
                let mut period = Period::starting(kind, closed.period_start)?;
                while comp_statements::find(t, closed.person_id, period)?.is_some_and(|s| s.status == "paid") {
                    period = period.next();
                }
                let reason = format!("Dispute resolved: {resolution}");
                comp_statements::add_adjustment(t, closed.person_id, period, amount, &reason, principal_c.user_id)?;
                enqueue(t.conn(), principal_c.tenant.id, kinds::COMP_RECALCULATE, CompRecalculate { people: Some(vec![closed.person_id]), from: period.start, run_id: None, reason: "dispute resolved".into() })?;
            }
            let summary = |status: &str, resolution: Option<&str>| serde_json::json!({ "status": status, "resolution": resolution, "adjustment": adjustment.map(|a: Decimal| a.to_string()) });
            audit::record(
                t.conn(),
                &principal_c.audit(&format!("dispute.{}", closed.status), "dispute", id, Some(summary(&before.dispute.status, None)), Some(summary(&closed.status, closed.resolution.as_deref()))),
            )?;
            super::view(t, closed)
        })
        .await
}
