//! `GET /api/v1/goals`: a flat list, filtered by `period` (`2026-Q3`: goals
//! of exactly that period), `metric`, `scope_kind` and `scope_id`; sorted by
//! `period` (then from the company down, the default) or `newest`.

use super::GoalView;
use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::goals::{self, GoalFilter, GoalSort};
use attain_domain::{
    goal::{GoalMetric, ScopeKind},
    period::Period,
    Capability, FieldError,
};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoalQuery {
    /// 2026, 2026-Q3 or 2026-07: goals of exactly that period.
    pub period: Option<String>,
    /// revenue, new_logos, pipeline_created or activities.
    pub metric: Option<String>,
    /// company, region, team or rep.
    pub scope_kind: Option<String>,
    pub scope_id: Option<Uuid>,
    /// period (default) or newest.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/goals",
    tag = "goals",
    operation_id = "goals_list",
    summary = "List goals.",
    description = "A flat list filtered by period, metric and scope, sorted by period or newest.",
    params(crate::pagination::PageQuery, GoalQuery),
    responses(
        (status = 200, description = "A page of goals.", body = crate::pagination::Paged<crate::routes::goals::GoalView>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/goals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<GoalQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: GoalQuery,
) -> Result<Paged<GoalView>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let period: Option<Period> = query.period.as_deref().map(str::parse).transpose()?;
    let metric: Option<GoalMetric> = query.metric.as_deref().map(str::parse).transpose()?;
    let scope_kind: Option<ScopeKind> = query.scope_kind.as_deref().map(str::parse).transpose()?;
    let sort = match query.sort.as_deref() {
        None | Some("period") => GoalSort::Period,
        Some("newest") => GoalSort::Newest,
        Some(_) => return Err(FieldError::new("sort", "must be period or newest").into()),
    };
    let filter = GoalFilter {
        period: period.map(|p| (p.kind.as_str().to_owned(), p.start)),
        metric: metric.map(|m| m.as_str().to_owned()),
        scope_kind: scope_kind.map(|s| s.as_str().to_owned()),
        scope_id: query.scope_id,
        sort,
    };
    let (rows, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            Ok(goals::list(t, &filter, page.per_page(), page.offset())?)
        })
        .await?;
    let items = rows
        .into_iter()
        .map(GoalView::new)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Paged::new(items, &page, total))
}
