//! `GET /api/v1/deals`: filter by `status`, `stage_id`, `owner_id`,
//! `account_id`, `deal_type` and `q` (part of the name); sort by `newest`
//! (default), `amount`, `expected_close` or `name`. Reps get only the deals
//! they own or share.

use super::{caller_person, sees_all};
use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::deals::{self, Deal, DealFilter, DealSort};
use attain_domain::{
    deal::{DealStatus, DealType},
    Capability, FieldError,
};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DealQuery {
    /// open, won or lost.
    pub status: Option<String>,
    pub stage_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// new_business, expansion or renewal.
    pub deal_type: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    /// newest (default), amount, expected_close or name.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/deals",
    tag = "deals",
    operation_id = "deals_list",
    summary = "List deals.",
    description = "Filtered by status, stage, owner, account, type and part of the name, sorted; reps get only the deals they own or share.",
    params(crate::pagination::PageQuery, DealQuery),
    responses(
        (status = 200, description = "A page of deals.", body = crate::pagination::Paged<attain_db::tenant::deals::Deal>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/deals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<DealQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: DealQuery,
) -> Result<Paged<Deal>, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let status: Option<DealStatus> = query.status.as_deref().map(str::parse).transpose()?;
    let deal_type: Option<DealType> = query.deal_type.as_deref().map(str::parse).transpose()?;
    let sort = match query.sort.as_deref() {
        None | Some("newest") => DealSort::Newest,
        Some("amount") => DealSort::AmountDesc,
        Some("expected_close") => DealSort::ExpectedClose,
        Some("name") => DealSort::Name,
        Some(_) => {
            return Err(
                FieldError::new("sort", "must be newest, amount, expected_close or name").into(),
            )
        }
    };
    let mut filter = DealFilter {
        status,
        owner_id: query.owner_id,
        visible_to: None,
        stage_id: query.stage_id,
        account_id: query.account_id,
        deal_type: deal_type.map(|d| d.as_str().to_owned()),
        name_contains: query
            .q
            .filter(|q| !q.trim().is_empty())
            .map(|q| q.trim().to_owned()),
        sort,
    };
    let principal = principal.clone();
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            if !sees_all(&principal) {
                filter.visible_to = Some(caller_person(t, &principal)?.into_iter().collect());
            }
            Ok(deals::list(t, &filter, page.per_page(), page.offset())?)
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
