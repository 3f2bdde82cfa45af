//! `PUT /api/v1/icp`: replaces the ideal customer profile and rescores every
//! account in the same transaction.

use super::score;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::accounts::{self, CriterionRow},
    DbError,
};
use attain_domain::{
    icp::{self, IcpAttribute, IcpCriterion},
    Capability,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceIcp {
    pub criteria: Vec<CriterionInput>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionInput {
    /// industry, segment, region, employees_min or employees_max.
    pub attribute: String,
    pub value: String,
    pub weight: i32,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IcpSaved {
    pub criteria: Vec<CriterionRow>,
    pub accounts_rescored: usize,
}

#[utoipa::path(
    put,
    path = "/api/v1/icp",
    tag = "accounts",
    operation_id = "icp_replace",
    summary = "Replace the ideal customer profile.",
    description = "Replaces every criterion and rescores every account in the same transaction.",
    request_body = ReplaceIcp,
    responses(
        (status = 200, description = "The new criteria and how many accounts were rescored.", body = IcpSaved),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/icp")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ReplaceIcp>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: ReplaceIcp,
) -> Result<IcpSaved, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let criteria = body
        .criteria
        .iter()
        .map(|c| {
            Ok(IcpCriterion {
                attribute: c.attribute.parse::<IcpAttribute>()?,
                value: c.value.trim().to_owned(),
                weight: c.weight,
            })
        })
        .collect::<Result<Vec<_>, attain_domain::FieldError>>()?;
    icp::validate(&criteria)?;
    let rows: Vec<CriterionRow> = criteria
        .iter()
        .enumerate()
        .map(|(position, c)| CriterionRow {
            id: Uuid::new_v4(),
            attribute: c.attribute.as_str().to_owned(),
            value: c.value.clone(),
            weight: c.weight,
            position: position as i32,
        })
        .collect();
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<IcpSaved, ApiError> {
                let before = accounts::criteria(t)?;
                accounts::replace_criteria(t, &rows)?;
                let all = accounts::all(t)?;
                let scores: Vec<(Uuid, i32)> =
                    all.iter().map(|a| (a.id, score(&criteria, a))).collect();
                accounts::set_scores(t, &scores)?;
                let json = |r: &[CriterionRow]| {
                    serde_json::to_value(r).map_err(|e| DbError::Corrupt(e.to_string()))
                };
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "icp.replaced",
                        "icp",
                        "profile",
                        Some(json(&before)?),
                        Some(json(&rows)?),
                    ),
                )?;
                Ok(IcpSaved {
                    criteria: rows,
                    accounts_rescored: all.len(),
                })
            },
        )
        .await
}
