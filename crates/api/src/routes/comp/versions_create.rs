//! `POST /api/v1/comp/plans/{plan_id}/versions`: adds a draft version with
//! the next number (the plan row is locked, so two at once get consecutive
//! numbers). Rules are checked as on every save.

use super::{check_rules, lock_plan, parse_rules, to_json};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::comp_plans::{self, VersionRow},
};
use attain_domain::Capability;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    /// The first day the version applies to, once published.
    pub effective_from: NaiveDate,
    #[schema(value_type = attain_comp::PlanRules)]
    pub rules: serde_json::Value,
}

#[utoipa::path(
    post,
    path = "/api/v1/comp/plans/{plan_id}/versions",
    tag = "compensation",
    operation_id = "comp_plan_versions_create",
    summary = "Add a draft version to a plan.",
    description = "Adds a draft version numbered after the plan's last one; it changes nothing until published.",
    params(("plan_id" = uuid::Uuid, Path, description = "The plan's id.")),
    request_body = VersionInput,
    responses(
        (status = 201, description = "The draft version.", body = attain_db::tenant::comp_plans::VersionRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such plan.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it. Rules the engine refuses answer `invalid_plan` with every problem in `errors`.", body = crate::routes::comp::PlanErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/plans/{plan_id}/versions")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<VersionInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    plan_id: Uuid,
    body: VersionInput,
) -> Result<VersionRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let (rules, canonical) = parse_rules(&body.rules)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<VersionRow, ApiError> {
                lock_plan(t, plan_id)?;
                check_rules(t, &rules)?;
                let last = comp_plans::versions(t, plan_id)?
                    .iter()
                    .map(|v| v.version)
                    .max()
                    .unwrap_or(0);
                let version = VersionRow {
                    plan_id,
                    version: last + 1,
                    status: "draft".to_owned(),
                    effective_from: body.effective_from,
                    rules: canonical,
                    created_by: Some(actor.user_id),
                    created_at: Utc::now(),
                    published_at: None,
                };
                comp_plans::insert_version(t, &version)?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_plan.version_created",
                        "comp_plan",
                        plan_id,
                        None,
                        Some(to_json(&version)?),
                    ),
                )?;
                Ok(version)
            },
        )
        .await
}
