//! `PUT /api/v1/comp/settings`: sets the statement period length (month or
//! quarter). Quotas and rates are kept per length, so switching shows the
//! other length's; everyone's statements are recalculated from the start of
//! the current year in the new length.

use super::{invalid, recalculate, settings_get::CompSettings, to_json};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{comp_inputs, comp_plans},
};
use attain_domain::{period::PeriodKind, Capability};
use chrono::{Datelike, NaiveDate, Utc};

#[utoipa::path(
    put,
    path = "/api/v1/comp/settings",
    tag = "compensation",
    operation_id = "comp_settings_put",
    summary = "Change compensation settings.",
    description = "Sets the statement period length (month or quarter); statements are recalculated from the start of the year.",
    request_body = crate::routes::comp::settings_get::CompSettings,
    responses(
        (status = 200, description = "The settings as now stored.", body = crate::routes::comp::settings_get::CompSettings),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller may not manage compensation, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "`period_kind` is not month or quarter.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/comp/settings")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CompSettings>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CompSettings,
) -> Result<CompSettings, ApiError> {
    principal.require(Capability::ManageCompensation)?;
    let kind = match body.period_kind.as_str() {
        "month" => PeriodKind::Month,
        "quarter" => PeriodKind::Quarter,
        _ => return Err(invalid("period_kind", "must be month or quarter")),
    };
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<CompSettings, ApiError> {
                let before = CompSettings {
                    period_kind: comp_inputs::period_kind(t)?.as_str().to_owned(),
                };
                let after = CompSettings {
                    period_kind: kind.as_str().to_owned(),
                };
                if before == after {
                    return Ok(after);
                }
                comp_plans::set_period_kind(t, kind.as_str())?;
                let today = Utc::now().date_naive();
                let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
                recalculate(
                    t,
                    None,
                    year_start,
                    format!("statement periods changed to {}", kind.as_str()),
                )?;
                audit::record(
                    t.conn(),
                    &actor.audit(
                        "comp_settings.updated",
                        "comp_settings",
                        "period_kind",
                        Some(to_json(&before)?),
                        Some(to_json(&after)?),
                    ),
                )?;
                Ok(after)
            },
        )
        .await
}
