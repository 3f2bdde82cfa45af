//! `POST /api/v1/comp/plans`: creates a plan and its version 1 as a draft.
//! Names are unique regardless of case (409 `plan_exists` naming `name`);
//! the rules are checked as on every save (422 `invalid_plan`).

use super::{check_rules, invalid, parse_rules, to_json, PlanView};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::comp_plans::{self, PlanRow, VersionRow, UNIQUE_PLAN_NAME},
};
use attain_domain::Capability;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePlan {
    /// Unique in the company, regardless of case.
    pub name: String,
    pub description: Option<String>,
    /// The first day version 1 applies to, once published.
    pub effective_from: NaiveDate,
    #[schema(value_type = attain_comp::PlanRules)]
    pub rules: serde_json::Value,
}

#[utoipa::path(
    post,
    path = "/api/v1/comp/plans",
    tag = "compensation",
    operation_id = "comp_plans_create",
    summary = "Create a compensation plan.",
    description = "Creates the plan and its version 1 as a draft; publish the version to put it in force.",
    request_body = CreatePlan,
    responses(
        (status = 201, description = "The plan with its draft version 1.", body = crate::routes::comp::PlanView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "A plan of that name exists (`plan_exists`, field `name`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it. Rules the engine refuses answer `invalid_plan` with every problem in `errors`.", body = crate::routes::comp::PlanErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/comp/plans")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreatePlan>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreatePlan,
) -> Result<PlanView, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(
            "name",
            format!("must have 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    let description = body.description.unwrap_or_default().trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(invalid(
            "description",
            format!("must have at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    let (rules, canonical) = parse_rules(&body.rules)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<PlanView, ApiError> {
                check_rules(t, &rules)?;
                let now = Utc::now();
                let plan = PlanRow {
                    id: Uuid::new_v4(),
                    name,
                    description,
                    created_at: now,
                };
                comp_plans::insert_plan(t, &plan).map_err(|e| {
                    if e.is_unique_violation(UNIQUE_PLAN_NAME) {
                        ApiError::conflict(
                            "plan_exists",
                            format!("A plan named \"{}\" exists already; choose another name or add a version to that plan.", plan.name),
                        )
                        .with_field("name")
                    } else {
                        e.into()
                    }
                })?;
                let version = VersionRow {
                    plan_id: plan.id,
                    version: 1,
                    status: "draft".to_owned(),
                    effective_from: body.effective_from,
                    rules: canonical,
                    created_by: Some(actor.user_id),
                    created_at: now,
                    published_at: None,
                };
                comp_plans::insert_version(t, &version)?;
                let view = PlanView {
                    plan,
                    versions: vec![version],
                };
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_plan.created",
                        "comp_plan",
                        view.plan.id,
                        None,
                        Some(to_json(&view)?),
                    ),
                )?;
                Ok(view)
            },
        )
        .await
}
