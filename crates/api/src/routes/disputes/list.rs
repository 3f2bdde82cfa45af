//! `GET /api/v1/disputes?status=open`: the disputes the caller can see,
//! newest first (a manager's queue, a rep's own).

use super::{view, DisputeView};
use crate::{auth::Principal, error::ApiError, routes::statements::visible, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::comp_statements;
use attain_domain::FieldError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisputeQuery {
    /// open, resolved or rejected; all when left out.
    pub status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/disputes",
    tag = "disputes",
    operation_id = "disputes_list",
    summary = "Disputes the caller can see.",
    description = "A rep sees their own, a manager their reports', executives, admins and owners everyone's; filter by status.",
    params(DisputeQuery),
    responses(
        (status = 200, description = "Newest first, at most 500.", body = Vec<crate::routes::disputes::DisputeView>),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/disputes")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<DisputeQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: DisputeQuery,
) -> Result<Vec<DisputeView>, ApiError> {
    if let Some(status) = query.status.as_deref() {
        if !matches!(status, "open" | "resolved" | "rejected") {
            return Err(FieldError::new("status", "must be open, resolved or rejected").into());
        }
    }
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Vec<DisputeView>, ApiError> {
                let scope = visible(t, &principal_c)?;
                comp_statements::disputes(t, scope.as_filter(), query.status.as_deref())?
                    .into_iter()
                    .map(|d| view(t, d))
                    .collect()
            },
        )
        .await
}
