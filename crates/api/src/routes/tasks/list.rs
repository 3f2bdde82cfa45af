//! `GET /api/v1/tasks`: filter by `scope` (mine, team or all), `owner_id`,
//! `status` (open, done or cancelled), `overdue` (true: open and past the due
//! day; false: the rest) and `due_before` (a day, not included); sort by
//! `due` (soonest first, the default) or `newest`. Each task carries
//! `overdue`, `items_done` and `items_total`.

use super::{summaries, TaskSummary};
use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    routes::activities::{people_in_scope, Scope},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::tasks::{self, TaskFilter, TaskSort};
use attain_domain::{task::TaskStatus, Capability, FieldError};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// mine, team or all (default).
    pub scope: Option<String>,
    pub owner_id: Option<Uuid>,
    /// open, done or cancelled.
    pub status: Option<String>,
    /// true (open and past the due day) or false.
    pub overdue: Option<String>,
    /// A day, not included.
    pub due_before: Option<String>,
    /// due (soonest first, the default) or newest.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/tasks",
    tag = "tasks",
    operation_id = "tasks_list",
    summary = "List tasks.",
    description = "Filtered by scope, owner, status, overdue and due day; each task carries `overdue`, `items_done` and `items_total`.",
    params(crate::pagination::PageQuery, TaskQuery),
    responses(
        (status = 200, description = "A page of tasks.", body = crate::pagination::Paged<crate::routes::tasks::TaskSummary>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/tasks")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<TaskQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: TaskQuery,
) -> Result<Paged<TaskSummary>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let scope = Scope::parse(query.scope.as_deref())?;
    let status: Option<TaskStatus> = query.status.as_deref().map(str::parse).transpose()?;
    let overdue = match query.overdue.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(FieldError::new("overdue", "must be true or false").into()),
    };
    let due_before = query
        .due_before
        .as_deref()
        .map(|raw| raw.trim().parse::<NaiveDate>())
        .transpose()
        .map_err(|_| FieldError::new("due_before", "must be a day such as 2026-07-01"))?;
    let sort = match query.sort.as_deref() {
        None | Some("due") => TaskSort::Due,
        Some("newest") => TaskSort::Newest,
        Some(_) => return Err(FieldError::new("sort", "must be due or newest").into()),
    };
    let mut filter = TaskFilter {
        owners: None,
        owner_id: query.owner_id,
        status: status.map(|s| s.as_str().to_owned()),
        overdue,
        today: Some(Utc::now().date_naive()),
        due_before,
        sort,
    };
    let principal = principal.clone();
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            filter.owners = people_in_scope(t, &principal, scope)?;
            let (rows, total) = tasks::list(t, &filter, page.per_page(), page.offset())?;
            Ok((summaries(t, rows)?, total))
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
