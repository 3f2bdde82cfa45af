//! `GET /api/v1/statements?period=`: every statement of a period the caller
//! may see (a manager: their reports'), with status and totals — the
//! approvals queue.

use super::{statement_period, visible};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::{comp_inputs, comp_statements};
use attain_domain::period::Period;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 2026-11; the current period when left out.
    pub period: Option<String>,
    /// draft, approved or paid.
    pub status: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatementSummary {
    pub person_id: Uuid,
    pub person_name: String,
    pub period: String,
    pub status: String,
    pub currency: String,
    pub payout: Decimal,
    pub earned: Decimal,
    pub attainment_pct: Option<Decimal>,
    pub lines: usize,
    pub open_disputes: usize,
    pub version: i32,
    pub computed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatementList {
    pub period: String,
    pub items: Vec<StatementSummary>,
    /// Totals of the listed statements, per currency.
    pub totals: std::collections::BTreeMap<String, Decimal>,
}

#[utoipa::path(
    get,
    path = "/api/v1/statements",
    tag = "statements",
    operation_id = "statements_list",
    summary = "Statements of a period.",
    description = "Every statement of the period the caller may see, with status and totals.",
    params(ListQuery),
    responses(
        (status = 200, description = "The statements.", body = crate::routes::statements::list::StatementList),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/statements")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: ListQuery,
) -> Result<StatementList, ApiError> {
    if let Some(status) = query.status.as_deref() {
        if !matches!(status, "draft" | "approved" | "paid") {
            return Err(attain_domain::FieldError::new(
                "status",
                "must be draft, approved or paid",
            )
            .into());
        }
    }
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<StatementList, ApiError> {
                let scope = visible(t, &principal_c)?;
                let period = match query.period.as_deref() {
                    Some(raw) => statement_period(t, raw)?,
                    None => {
                        Period::containing(comp_inputs::period_kind(t)?, Utc::now().date_naive())
                    }
                };
                let names: std::collections::BTreeMap<Uuid, String> = comp_inputs::people(t)?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect();
                let open: Vec<Uuid> =
                    comp_statements::disputes(t, scope.as_filter(), Some("open"))?
                        .into_iter()
                        .filter(|d| d.period_start == period.start)
                        .map(|d| d.person_id)
                        .collect();
                let mut items: Vec<StatementSummary> =
                    comp_statements::list(t, period, scope.as_filter())?
                        .into_iter()
                        .filter(|row| query.status.as_deref().is_none_or(|s| row.status == s))
                        .map(|row| {
                            let statement: Option<attain_comp::Statement> =
                                serde_json::from_value(row.body.clone()).ok();
                            StatementSummary {
                                person_name: names.get(&row.person_id).cloned().unwrap_or_default(),
                                period: period.to_string(),
                                status: row.status,
                                currency: row.currency.trim().to_owned(),
                                payout: row.payout,
                                earned: statement.as_ref().map(|s| s.earned).unwrap_or_default(),
                                attainment_pct: row.attainment_pct,
                                lines: statement
                                    .as_ref()
                                    .map(|s| s.lines.len())
                                    .unwrap_or_default(),
                                open_disputes: open.iter().filter(|p| **p == row.person_id).count(),
                                version: row.version,
                                computed_at: row.computed_at,
                                person_id: row.person_id,
                            }
                        })
                        .collect();
                items.sort_by(|a, b| {
                    a.person_name
                        .cmp(&b.person_name)
                        .then(a.person_id.cmp(&b.person_id))
                });
                let mut totals = std::collections::BTreeMap::new();
                for item in &items {
                    *totals.entry(item.currency.clone()).or_insert(Decimal::ZERO) += item.payout;
                }
                Ok(StatementList {
                    period: period.to_string(),
                    items,
                    totals,
                })
            },
        )
        .await
}
