//! `GET /api/v1/activities/summary?person_id=&week=`: one person's activities
//! of one week (Monday to Sunday, UTC; `week` is its Monday, this week by
//! default) per kind, against the weekly targets of the person's sales role:
//! `done`, `target` and `percent` (empty when the role has no target).

use super::may_see;
use crate::routes::deals::caller_person;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::{activities, people, stages};
use attain_domain::{activity::ActivityKind, goal::progress, Capability, FieldError};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// Defaults to the caller.
    pub person_id: Option<Uuid>,
    /// The Monday the week starts on (`2026-07-06`).
    pub week: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KindProgress {
    pub kind: ActivityKind,
    pub done: i64,
    pub target: i32,
    /// `done / target` as a percentage to one place; none without a target.
    pub percent: Option<Decimal>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WeekSummary {
    pub person_id: Uuid,
    pub sales_role: String,
    pub week: NaiveDate,
    pub items: Vec<KindProgress>,
}

#[utoipa::path(
    get,
    path = "/api/v1/activities/summary",
    tag = "activities",
    operation_id = "activities_summary",
    summary = "A person's week of activities.",
    description = "One person's activities of one week (Monday to Sunday, UTC) per kind against their sales role's weekly targets.",
    params(SummaryQuery),
    responses(
        (status = 200, description = "The week's counts and targets.", body = WeekSummary),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such person, or not one the caller may see.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A query parameter is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/activities/summary")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: SummaryQuery,
) -> Result<WeekSummary, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let week = match query.week.as_deref() {
        Some(raw) => {
            let day: NaiveDate = raw
                .trim()
                .parse()
                .map_err(|_| FieldError::new("week", "must be a day such as 2026-07-06"))?;
            if day.weekday() != Weekday::Mon {
                return Err(FieldError::new("week", "must be a Monday").into());
            }
            day
        }
        None => Utc::now().date_naive().week(Weekday::Mon).first_day(),
    };
    let from = week.and_time(NaiveTime::MIN).and_utc();
    let to_exclusive = (week + Days::new(7)).and_time(NaiveTime::MIN).and_utc();
    let principal = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<WeekSummary, ApiError> {
                let person_id = match query.person_id {
                    Some(id) => id,
                    None => caller_person(t, &principal)?.ok_or_else(|| {
                        FieldError::new(
                            "person_id",
                            "you are not in this company's sales organisation; name a person",
                        )
                    })?,
                };
                if !may_see(t, &principal, person_id)? {
                    return Err(ApiError::not_found("person"));
                }
                let person =
                    people::find(t, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
                let targets = stages::activity_targets(t)?;
                let counts = activities::counts_by_kind(t, person_id, from, to_exclusive)?;
                let items = ActivityKind::ALL
                    .iter()
                    .map(|kind| {
                        let done = counts
                            .iter()
                            .find(|(k, _)| k == kind.as_str())
                            .map_or(0, |(_, n)| *n);
                        let target = targets
                            .iter()
                            .find(|row| {
                                row.sales_role == person.sales_role && row.kind == kind.as_str()
                            })
                            .map_or(0, |row| row.per_week);
                        let percent = progress(Decimal::from(done), Decimal::from(target))
                            .map(|ratio| (ratio * Decimal::ONE_HUNDRED).round_dp(1));
                        KindProgress {
                            kind: *kind,
                            done,
                            target,
                            percent,
                        }
                    })
                    .collect();
                Ok(WeekSummary {
                    person_id,
                    sales_role: person.sales_role,
                    week,
                    items,
                })
            },
        )
        .await
}
