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

#[derive(Debug, Default, Deserialize)]
pub struct GoalQuery {
    pub period: Option<String>,
    pub metric: Option<String>,
    pub scope_kind: Option<String>,
    pub scope_id: Option<Uuid>,
    pub sort: Option<String>,
}

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
