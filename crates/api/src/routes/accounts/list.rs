//! `GET /api/v1/accounts?q=&industry=&segment=&region_id=&owner_id=&min_score=&sort=fit|name|newest`:
//! best fit first by default.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, Account, AccountFilter, AccountSort};
use attain_domain::{org::Segment, Capability, FieldError};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Part of the name.
    pub q: Option<String>,
    pub industry: Option<String>,
    /// smb, mid_market or enterprise.
    pub segment: Option<String>,
    pub region_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    /// 0 to 100.
    pub min_score: Option<i32>,
    /// fit (default), name or newest.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    tag = "accounts",
    operation_id = "accounts_list",
    summary = "List accounts.",
    description = "Filtered by name, industry, segment, region, owner and minimum ICP score; best fit first by default.",
    params(crate::pagination::PageQuery, AccountQuery),
    responses(
        (status = 200, description = "A page of accounts.", body = crate::pagination::Paged<attain_db::tenant::accounts::Account>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/accounts")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: AccountQuery,
) -> Result<Paged<Account>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let segment: Option<Segment> = query.segment.as_deref().map(str::parse).transpose()?;
    let sort = match query.sort.as_deref() {
        None | Some("fit") => AccountSort::BestFit,
        Some("name") => AccountSort::Name,
        Some("newest") => AccountSort::Newest,
        Some(_) => return Err(FieldError::new("sort", "must be fit, name or newest").into()),
    };
    if query.min_score.is_some_and(|s| !(0..=100).contains(&s)) {
        return Err(FieldError::new("min_score", "must be between 0 and 100").into());
    }
    let filter = AccountFilter {
        name_contains: query
            .q
            .filter(|q| !q.trim().is_empty())
            .map(|q| q.trim().to_owned()),
        industry: query.industry.filter(|i| !i.trim().is_empty()),
        segment: segment.map(|s| s.as_str().to_owned()),
        region_id: query.region_id,
        owner_id: query.owner_id,
        min_score: query.min_score,
        sort,
    };
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| {
            accounts::list(t, &filter, page.per_page(), page.offset())
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
