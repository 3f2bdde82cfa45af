//! `PUT /api/v1/comp/plans/{plan_id}/versions/{version}`: replaces a draft's
//! effective date and rules. A published version never changes (409
//! `version_published`): add a new version instead.

use super::{
    check_rules, find_version, lock_plan, parse_rules, to_json, version_published,
    versions_create::VersionInput,
};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::comp_plans::{self, VersionRow},
};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    put,
    path = "/api/v1/comp/plans/{plan_id}/versions/{version}",
    tag = "compensation",
    operation_id = "comp_plan_versions_update",
    summary = "Edit a draft version.",
    description = "Replaces a draft version's effective date and rules; published versions are immutable.",
    params(
        ("plan_id" = uuid::Uuid, Path, description = "The plan's id."),
        ("version" = i32, Path, description = "The version number."),
    ),
    request_body = crate::routes::comp::versions_create::VersionInput,
    responses(
        (status = 200, description = "The draft as saved.", body = attain_db::tenant::comp_plans::VersionRow),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such plan or version.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The version is published (`version_published`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it. Rules the engine refuses answer `invalid_plan` with every problem in `errors`.", body = crate::routes::comp::PlanErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/comp/plans/{plan_id}/versions/{version}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, i32)>,
    body: Json<VersionInput>,
) -> Result<HttpResponse, ApiError> {
    let (plan_id, version) = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&state, &principal, plan_id, version, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    plan_id: Uuid,
    version: i32,
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
                let before = find_version(t, plan_id, version)?;
                if before.status != "draft" {
                    return Err(version_published(version));
                }
                check_rules(t, &rules)?;
                let after = VersionRow {
                    effective_from: body.effective_from,
                    rules: canonical,
                    ..before.clone()
                };
                if after.effective_from == before.effective_from && after.rules == before.rules {
                    return Ok(before);
                }
                if !comp_plans::update_draft(
                    t,
                    plan_id,
                    version,
                    after.effective_from,
                    &after.rules,
                )? {
                    return Err(version_published(version));
                }
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_plan.version_updated",
                        "comp_plan",
                        plan_id,
                        Some(to_json(&before)?),
                        Some(to_json(&after)?),
                    ),
                )?;
                Ok(after)
            },
        )
        .await
}
