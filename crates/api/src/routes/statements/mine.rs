//! `GET /api/v1/statements/mine?period=`: the caller's own statement (the
//! current period by default), plus the periods they have statements for.

use super::{load_view, statement_period, StatementView};
use crate::{auth::Principal, error::ApiError, routes::deals::caller_person, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::{schema::tenant::comp_statements, tenant::comp_inputs};
use attain_domain::{period::Period, Capability};
use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineQuery {
    /// 2026-11; the current period when left out.
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyStatement {
    pub person_id: Option<Uuid>,
    pub period: String,
    /// None before the first statement of the period exists.
    pub statement: Option<StatementView>,
    /// Periods with a statement, newest first.
    pub periods: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/statements/mine",
    tag = "statements",
    operation_id = "statements_mine",
    summary = "My statement.",
    description = "The caller's own statement for a period (the current one by default) and the periods they have statements for.",
    params(MineQuery),
    responses(
        (status = 200, description = "The caller's statement, if there is one yet.", body = crate::routes::statements::mine::MyStatement),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The period is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/statements/mine")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<MineQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: MineQuery,
) -> Result<MyStatement, ApiError> {
    principal.require(Capability::ViewStatements)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<MyStatement, ApiError> {
                let period = match query.period.as_deref() {
                    Some(raw) => statement_period(t, raw)?,
                    None => {
                        Period::containing(comp_inputs::period_kind(t)?, Utc::now().date_naive())
                    }
                };
                let me = caller_person(t, &principal_c)?;
                let Some(me) = me else {
                    return Ok(MyStatement {
                        person_id: None,
                        period: period.to_string(),
                        statement: None,
                        periods: Vec::new(),
                    });
                };
                let starts: Vec<NaiveDate> = comp_statements::table
                    .filter(comp_statements::person_id.eq(me))
                    .filter(comp_statements::period_kind.eq(period.kind.as_str()))
                    .select(comp_statements::period_start)
                    .order(comp_statements::period_start.desc())
                    .load(t.conn())
                    .map_err(attain_db::DbError::from)?;
                let periods = starts
                    .into_iter()
                    .filter_map(|start| Period::starting(period.kind, start).ok())
                    .map(|p| p.to_string())
                    .collect();
                Ok(MyStatement {
                    person_id: Some(me),
                    period: period.to_string(),
                    statement: load_view(t, me, period)?,
                    periods,
                })
            },
        )
        .await
}
