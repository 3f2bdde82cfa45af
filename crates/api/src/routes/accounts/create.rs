//! `POST /api/v1/accounts`: adds an account and scores it against the ICP.

use super::{ensure_region, name_taken, profile, score};
use crate::{
    auth::Principal, error::ApiError, json::Json, routes::deals::ensure_active_person,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::accounts::{self, Account},
    DbError,
};
use attain_domain::{org::Segment, validation::bounded_text, Capability, FieldError};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    pub name: String,
    pub industry: Option<String>,
    pub employees: Option<i32>,
    /// Derived from `employees` when left out.
    pub segment: Option<String>,
    pub region_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub external_id: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/accounts",
    tag = "accounts",
    operation_id = "accounts_create",
    summary = "Add an account.",
    description = "Adds an account and scores it against the ideal customer profile.",
    request_body = CreateAccount,
    responses(
        (status = 201, description = "The account.", body = attain_db::tenant::accounts::Account),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 409, description = "Another account has this name or external id (`taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/accounts")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateAccount>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub fn employees(value: Option<i32>) -> Result<Option<i32>, FieldError> {
    match value {
        Some(n) if !(0..=10_000_000).contains(&n) => Err(FieldError::new(
            "employees",
            "must be between 0 and 10,000,000",
        )),
        other => Ok(other),
    }
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateAccount,
) -> Result<Account, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let employees = employees(body.employees)?;
    let segment = match body.segment.as_deref() {
        Some(s) => s.parse::<Segment>()?,
        None => Segment::for_employees(employees.unwrap_or(0)),
    };
    let mut account = Account {
        id: Uuid::new_v4(),
        external_id: body
            .external_id
            .as_deref()
            .map(|e| bounded_text("external_id", e, 1, 120))
            .transpose()?,
        name: bounded_text("name", &body.name, 1, 200)?,
        industry: body
            .industry
            .as_deref()
            .map(|i| bounded_text("industry", i, 0, 80))
            .transpose()?
            .unwrap_or_default(),
        employees,
        segment: segment.as_str().to_owned(),
        region_id: body.region_id,
        territory_id: None,
        owner_id: body.owner_id,
        icp_score: 0,
        version: 1,
        created_at: Utc::now(),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Account, ApiError> {
                if let Some(region) = account.region_id {
                    ensure_region(t, region)?;
                }
                if let Some(owner) = account.owner_id {
                    ensure_active_person(t, "owner_id", owner)?;
                }
                account.icp_score = score(&profile(t)?, &account);
                accounts::insert(t, &account).map_err(name_taken)?;
                let after =
                    serde_json::to_value(&account).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("account.created", "account", account.id, None, Some(after)),
                )?;
                Ok(account)
            },
        )
        .await
}
