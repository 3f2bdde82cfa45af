//! `GET /api/v1/maturity`: the company's management maturity (initial,
//! motivate, execute, coach, align) with every criterion met or not, the
//! evidence behind it, and the next step ([`attain_alignment::maturity`]).
//! The align level reads the company's alignment score from this quarter's
//! snapshot. Owners, admins, executives and managers.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::{alignment_inputs, maturity_inputs};
use attain_domain::period::{Period, PeriodKind};
use chrono::Utc;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MaturityView {
    /// `attain_alignment::MaturityReading`: `level`, `evidence` (criterion,
    /// level, met, detail, step) and `next_step`.
    #[schema(value_type = Object)]
    pub reading: serde_json::Value,
}

#[utoipa::path(
    get,
    path = "/api/v1/maturity",
    tag = "alignment",
    operation_id = "maturity_reading",
    summary = "The company's management maturity.",
    description = "The level reached (initial, motivate, execute, coach, align), each criterion with its evidence, and the next step. Owners, admins, executives and managers.",
    responses(
        (status = 200, description = "The reading.", body = MaturityView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Reps and billing admins cannot read it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/maturity")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal).await?))
}

pub async fn run(state: &AppState, principal: &Principal) -> Result<MaturityView, ApiError> {
    super::require_reader(principal, "Management maturity")?;
    let today = Utc::now().date_naive();
    let quarter = Period::containing(PeriodKind::Quarter, today);
    let key = alignment_inputs::snapshot_key(&quarter);
    let snapshot = crate::routes::kpis::stored_snapshot(state, &principal.tenant, &key).await?;
    let company_score = snapshot.and_then(|view| {
        view["figures"]["goals"]
            .as_array()?
            .iter()
            .find(|goal| goal["kind"] == "company")?["score"]["score"]
            .as_str()?
            .parse::<Decimal>()
            .ok()
    });
    let evidence = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            maturity_inputs::evidence(t, today, company_score)
        })
        .await?;
    let reading = attain_alignment::maturity(&evidence);
    Ok(MaturityView {
        reading: serde_json::to_value(&reading).map_err(ApiError::internal)?,
    })
}
