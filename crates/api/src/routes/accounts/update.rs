//! `PATCH /api/v1/accounts/{account_id}`: changes an account and rescores it.

use super::{create::employees, ensure_region, name_taken, profile, score};
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::ensure_active_person,
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::accounts::{self, Account},
    DbError,
};
use attain_domain::{org::Segment, validation::bounded_text, Capability};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    pub version: i32,
    pub name: Option<String>,
    pub industry: Option<String>,
    pub employees: Option<i32>,
    pub segment: Option<String>,
    pub region_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/accounts/{account_id}",
    tag = "accounts",
    operation_id = "accounts_update",
    summary = "Change an account.",
    description = "Changes an account and rescores it. Carries the `version` last read.",
    params(("account_id" = uuid::Uuid, Path, description = "The account's id.")),
    request_body = UpdateAccount,
    responses(
        (status = 200, description = "The account as changed.", body = attain_db::tenant::accounts::Account),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such account.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or another account has this name (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/accounts/{account_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateAccount>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    account_id: Uuid,
    body: UpdateAccount,
) -> Result<Account, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let name = body
        .name
        .as_deref()
        .map(|n| bounded_text("name", n, 1, 200))
        .transpose()?;
    let industry = body
        .industry
        .as_deref()
        .map(|i| bounded_text("industry", i, 0, 80))
        .transpose()?;
    let headcount = employees(body.employees)?;
    let segment: Option<Segment> = body.segment.as_deref().map(str::parse).transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Account, ApiError> {
            let before = accounts::find_for_update(t, account_id)?.ok_or_else(|| ApiError::not_found("account"))?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This account was changed by someone else (now version {}). Reload and try again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(industry) = industry { after.industry = industry; }
            if headcount.is_some() {
                after.employees = headcount;
                if segment.is_none() {
                    after.segment = Segment::for_employees(headcount.unwrap_or(0)).as_str().to_owned();
                }
            }
            if let Some(segment) = segment { after.segment = segment.as_str().to_owned(); }
            if let Some(region) = body.region_id {
                ensure_region(t, region)?;
                after.region_id = Some(region);
            }
            if let Some(owner) = body.owner_id {
                ensure_active_person(t, "owner_id", owner)?;
                after.owner_id = Some(owner);
            }
            after.icp_score = score(&profile(t)?, &after);
            after.version += 1;
            accounts::save(t, &after).map_err(name_taken)?;
            let json = |a: &Account| serde_json::to_value(a).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("account.updated", "account", account_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await
}
