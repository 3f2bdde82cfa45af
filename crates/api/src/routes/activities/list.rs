//! `GET /api/v1/activities`: filter by `person_id`, `kind`, `from` and `to`
//! (days or RFC 3339 times, both included), `deal_id`, `account_id` and
//! `scope` (mine, team or all); sort by `newest` (default) or `oldest`.
//! Only what the caller may see is ever listed.

use super::{parse_bound, people_in_scope, Scope};
use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::activities::{self, Activity, ActivityFilter, ActivitySort};
use attain_domain::{activity::ActivityKind, Capability, FieldError};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    pub person_id: Option<Uuid>,
    /// call, meeting, demo or email.
    pub kind: Option<String>,
    /// A day (2026-07-01) or an RFC 3339 time, included.
    pub from: Option<String>,
    /// A day (the whole day) or an RFC 3339 time, included.
    pub to: Option<String>,
    pub deal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// mine, team or all (default).
    pub scope: Option<String>,
    /// newest (default) or oldest.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/activities",
    tag = "activities",
    operation_id = "activities_list",
    summary = "List activities.",
    description = "Filtered by person, kind, time, deal, account and scope; only what the caller may see is listed.",
    params(crate::pagination::PageQuery, ActivityQuery),
    responses(
        (status = 200, description = "A page of activities.", body = crate::pagination::Paged<attain_db::tenant::activities::Activity>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/activities")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: ActivityQuery,
) -> Result<Paged<Activity>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let kind: Option<ActivityKind> = query.kind.as_deref().map(str::parse).transpose()?;
    let scope = Scope::parse(query.scope.as_deref())?;
    let sort = match query.sort.as_deref() {
        None | Some("newest") => ActivitySort::Newest,
        Some("oldest") => ActivitySort::Oldest,
        Some(_) => return Err(FieldError::new("sort", "must be newest or oldest").into()),
    };
    let from = query
        .from
        .as_deref()
        .map(|raw| parse_bound("from", raw, false))
        .transpose()?;
    let to_exclusive = query
        .to
        .as_deref()
        .map(|raw| parse_bound("to", raw, true))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to_exclusive) {
        if to <= from {
            return Err(FieldError::new("to", "must not be before from").into());
        }
    }
    let mut filter = ActivityFilter {
        people: None,
        person_id: query.person_id,
        kind: kind.map(|k| k.as_str().to_owned()),
        from,
        to_exclusive,
        deal_id: query.deal_id,
        account_id: query.account_id,
        sort,
    };
    let principal = principal.clone();
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            filter.people = people_in_scope(t, &principal, scope)?;
            Ok(activities::list(
                t,
                &filter,
                page.per_page(),
                page.offset(),
            )?)
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
