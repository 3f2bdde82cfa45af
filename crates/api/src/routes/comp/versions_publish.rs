//! `POST /api/v1/comp/plans/{plan_id}/versions/{version}/publish`: puts a
//! draft in force from its effective date. The rules are checked again (the
//! company's deal currencies and rates may have changed since the draft was
//! saved), and everyone's statements are recalculated from the period of
//! the effective date, enqueued in the same transaction. Publishing a
//! published version again answers it unchanged (a retried call is safe).

use super::{check_rules, find_version, lock_plan, parse_rules, recalculate, to_json};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::comp_plans::{self, VersionRow},
    DbError,
};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    post,
    path = "/api/v1/comp/plans/{plan_id}/versions/{version}/publish",
    tag = "compensation",
    operation_id = "comp_plan_versions_publish",
    summary = "Publish a draft version.",
    description = "Publishes the draft: from its effective date it is the plan in force, and it can no longer change. Statements are recalculated in the background.",
    params(
        ("plan_id" = uuid::Uuid, Path, description = "The plan's id."),
        ("version" = i32, Path, description = "The version number."),
    ),
    responses(
        (status = 200, description = "The published version (unchanged if it was published already).", body = attain_db::tenant::comp_plans::VersionRow),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such plan or version.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The rules are no longer valid (`invalid_plan`, every problem in `errors`), e.g. deals are now booked in a currency without a rate.", body = crate::routes::comp::PlanErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/plans/{plan_id}/versions/{version}/publish")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (plan_id, version) = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&state, &principal, plan_id, version).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    plan_id: Uuid,
    version: i32,
) -> Result<VersionRow, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<VersionRow, ApiError> {
                let plan = lock_plan(t, plan_id)?;
                let before = find_version(t, plan_id, version)?;
                if before.status != "draft" {
                    return Ok(before);
                }
                let (rules, _) = parse_rules(&before.rules)?;
                check_rules(t, &rules)?;
                if !comp_plans::publish(t, plan_id, version)? {
                    return Err(DbError::Corrupt(format!(
                        "plan {plan_id} v{version} vanished under its lock"
                    ))
                    .into());
                }
                let after = find_version(t, plan_id, version)?;
                recalculate(
                    t,
                    None,
                    after.effective_from,
                    format!("plan \"{}\" version {version} published", plan.name),
                )?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_plan.version_published",
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
