//! `GET /api/v1/statements/{person_id}/{period}`: one person's statement for
//! a period with every line's explanation, its adjustments and disputes.

use super::{statement_period, visible_view, StatementView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/statements/{person_id}/{period}",
    tag = "statements",
    operation_id = "statements_get",
    summary = "A statement, line by line.",
    description = "Every line names its deal, credit share, weight, tier, rate, rule and amount. Reps see their own; managers their reports'; executives, admins and owners everyone's.",
    params(("person_id" = Uuid, Path, description = "The person."), ("period" = String, Path, description = "2026-11 (or 2026-Q4 for quarterly plans).")),
    responses(
        (status = 200, description = "The statement.", body = crate::routes::statements::StatementView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No statement for this person and period, or not one the caller may see.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The period is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/statements/{person_id}/{period}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (person, period) = path.into_inner();
    Ok(HttpResponse::Ok().json(run(&state, &principal, person, period).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    person: Uuid,
    period: String,
) -> Result<StatementView, ApiError> {
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<StatementView, ApiError> {
                let period = statement_period(t, &period)?;
                visible_view(t, &principal_c, person, period)
            },
        )
        .await
}
