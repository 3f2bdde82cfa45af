//! `GET /api/v1/people?team_id=&sales_role=&manager_id=&active=&q=&sort=name|newest`:
//! the sales organisation. `team_id` includes the teams below it.

use crate::{
    auth::Principal,
    error::ApiError,
    pagination::{PageQuery, Paged},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::people::{self, Person};
use attain_domain::{org::SalesRole, Capability, FieldError};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Includes the teams below it.
    pub team_id: Option<Uuid>,
    /// hunter, farmer, sdr, ae, am or manager.
    pub sales_role: Option<String>,
    pub manager_id: Option<Uuid>,
    pub active: Option<bool>,
    /// Part of the name or email.
    pub q: Option<String>,
    /// name (default) or newest.
    pub sort: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    operation_id = "people_list",
    summary = "List the sales organisation.",
    description = "Filtered by team (with the teams below it), sales role, manager, active and part of the name or email.",
    params(crate::pagination::PageQuery, PeopleQuery),
    responses(
        (status = 200, description = "A page of people.", body = crate::pagination::Paged<attain_db::tenant::people::Person>),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/people")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    page: web::Query<PageQuery>,
    query: web::Query<PeopleQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(run(&state, &principal, page.into_inner(), query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    page: PageQuery,
    query: PeopleQuery,
) -> Result<Paged<Person>, ApiError> {
    principal.require(Capability::ViewOrganisation)?;
    let role: Option<SalesRole> = query.sales_role.as_deref().map(str::parse).transpose()?;
    let newest_first = match query.sort.as_deref() {
        None | Some("name") => false,
        Some("newest") => true,
        Some(_) => return Err(FieldError::new("sort", "must be name or newest").into()),
    };
    let (items, total) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let in_team = query
                .team_id
                .map(|team| people::in_team_tree(t, team))
                .transpose()?;
            let needle = query
                .q
                .as_deref()
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty());
            // A company's organisation is hundreds of people: filter in memory, page after.
            let mut matching: Vec<Person> = people::all(t)?
                .into_iter()
                .filter(|p| in_team.as_ref().is_none_or(|ids| ids.contains(&p.id)))
                .filter(|p| role.is_none_or(|r| p.sales_role == r.as_str()))
                .filter(|p| query.manager_id.is_none_or(|m| p.manager_id == Some(m)))
                .filter(|p| query.active.is_none_or(|a| p.active == a))
                .filter(|p| {
                    needle.as_ref().is_none_or(|n| {
                        p.name.to_lowercase().contains(n)
                            || p.email.as_deref().is_some_and(|e| e.contains(n.as_str()))
                    })
                })
                .collect();
            if newest_first {
                matching.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
            }
            let total = matching.len() as i64;
            let items = matching
                .into_iter()
                .skip(page.offset() as usize)
                .take(page.per_page() as usize)
                .collect();
            Ok((items, total))
        })
        .await?;
    Ok(Paged::new(items, &page, total))
}
