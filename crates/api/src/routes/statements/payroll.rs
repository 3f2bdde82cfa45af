//! `GET /api/v1/statements/payroll.csv?period=`: what to pay each person for
//! a period, as payroll systems import it. Admins and owners only.

use super::statement_period;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, http::header, web, HttpResponse};
use attain_db::{schema::tenant::people, tenant::comp_statements};
use attain_domain::Capability;
use diesel::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PayrollQuery {
    /// 2026-11.
    pub period: String,
    /// Only statements in this status (approved, paid); all when left out.
    pub status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/statements/payroll.csv",
    tag = "statements",
    operation_id = "statements_payroll",
    summary = "Payroll export.",
    description = "One row per person for the period: earned, adjustments, draw, recovered, payout, currency and status.",
    params(PayrollQuery),
    responses(
        (status = 200, description = "The payroll file.", body = String, content_type = "text/csv", headers(("Content-Disposition" = String, description = "attachment; filename=\"payroll-<period>.csv\""))),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only admins and owners export payroll.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/statements/payroll.csv")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<PayrollQuery>,
) -> Result<HttpResponse, ApiError> {
    let (period, csv) = run(&state, &principal, query.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"payroll-{period}.csv\""),
        ))
        .body(csv))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: PayrollQuery,
) -> Result<(String, String), ApiError> {
    principal.require(Capability::ManageCompensation)?;
    if let Some(status) = query.status.as_deref() {
        if !matches!(status, "draft" | "approved" | "paid") {
            return Err(attain_domain::FieldError::new(
                "status",
                "must be draft, approved or paid",
            )
            .into());
        }
    }
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<(String, String), ApiError> {
                let period = statement_period(t, &query.period)?;
                let rows = comp_statements::list(t, period, None)?;
                let directory: BTreeMap<Uuid, (String, Option<String>, Option<String>)> =
                    people::table
                        .select((people::id, people::name, people::email, people::external_id))
                        .load::<(Uuid, String, Option<String>, Option<String>)>(t.conn())
                        .map_err(attain_db::DbError::from)?
                        .into_iter()
                        .map(|(id, name, email, external)| (id, (name, email, external)))
                        .collect();
                let mut out = csv::Writer::from_writer(Vec::new());
                let header = [
                    "person_id",
                    "name",
                    "email",
                    "external_id",
                    "period",
                    "currency",
                    "earned",
                    "adjustments",
                    "draw",
                    "recovered",
                    "payout",
                    "status",
                    "approved_at",
                    "paid_at",
                ];
                out.write_record(header).map_err(ApiError::internal)?;
                let mut sorted: Vec<_> = rows
                    .into_iter()
                    .filter(|r| query.status.as_deref().is_none_or(|s| r.status == s))
                    .collect();
                sorted.sort_by(|a, b| {
                    let name =
                        |id: &Uuid| directory.get(id).map(|d| d.0.clone()).unwrap_or_default();
                    name(&a.person_id)
                        .cmp(&name(&b.person_id))
                        .then(a.person_id.cmp(&b.person_id))
                });
                for row in sorted {
                    let statement: attain_comp::Statement =
                        serde_json::from_value(row.body.clone())
                            .map_err(|e| attain_db::DbError::Corrupt(e.to_string()))?;
                    let (name, email, external) =
                        directory.get(&row.person_id).cloned().unwrap_or_default();
                    let stamp = |at: Option<chrono::DateTime<chrono::Utc>>| {
                        at.map(|a| a.to_rfc3339()).unwrap_or_default()
                    };
                    out.write_record([
                        row.person_id.to_string(),
                        name,
                        email.unwrap_or_default(),
                        external.unwrap_or_default(),
                        period.to_string(),
                        row.currency.trim().to_owned(),
                        statement.earned.to_string(),
                        statement.adjustments.to_string(),
                        statement.draw.to_string(),
                        statement.recovered.to_string(),
                        row.payout.to_string(),
                        row.status.clone(),
                        stamp(row.approved_at),
                        stamp(row.paid_at),
                    ])
                    .map_err(ApiError::internal)?;
                }
                let bytes = out.into_inner().map_err(ApiError::internal)?;
                Ok((
                    period.to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ))
            },
        )
        .await
}
