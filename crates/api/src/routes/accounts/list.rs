//! `GET /api/v1/accounts?q=&industry=&segment=&region_id=&owner_id=&min_score=&sort=fit|name|newest`:
//! best fit first by default.

use crate::{auth::Principal, error::ApiError, pagination::{PageQuery, Paged}, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::accounts::{self, Account, AccountFilter, AccountSort};
use attain_domain::{org::Segment, Capability, FieldError};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    pub q: Option<String>,
    pub industry: Option<String>,
    pub segment: Option<String>,
    pub region_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub min_score: Option<i32>,
    pub sort: Option<String>,
}

#[get("/accounts")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(state: &AppState, principal: &Principal, page: PageQuery, query: AccountQuery) -> Result<Paged<Account>, ApiError> {
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
        name_contains: query.q.filter(|q| !q.trim().is_empty()).map(|q| q.trim().to_owned()),
        industry: query.industry.filter(|i| !i.trim().is_empty()),
        segment: segment.map(|s| s.as_str().to_owned()),
        region_id: query.region_id,
        owner_id: query.owner_id,
        min_score: query.min_score,
        sort,
    };
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| accounts::list(t, &filter, page.per_page(), page.offset()))
        .await?;
    Ok(Paged::new(items, &page, total))
}
