//! `GET /api/v1/coaching/team?team_id=&period=`: one team's reps for a
//! quarter or month: a leaderboard, every KPI against the team median and
//! top quartile, each rep's funnel (last twelve months) against the team's
//! with the weakest stage and what it costs, overdue tasks, the latest
//! one-on-one, and coaching flags saying where to start
//! ([`attain_alignment::team`]). Computed on request from one read of the
//! company's facts.

use super::visible_teams;
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::{coaching_inputs, scorecards};
use attain_domain::{
    period::{DateRange, Period, PeriodKind},
    FieldError,
};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// The team (or region); default: the caller's own team, else the first.
    pub team_id: Option<Uuid>,
    /// A month (2026-11), quarter (2026-Q4) or year; default: this quarter.
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamChoice {
    pub id: Uuid,
    pub name: String,
    /// region or team.
    pub kind: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamCoachingView {
    pub team_id: Uuid,
    pub team_name: String,
    pub period: String,
    /// The funnels count deals created from `funnel_from` to `funnel_to`.
    pub funnel_from: NaiveDate,
    pub funnel_to: NaiveDate,
    /// The teams the caller may open instead.
    pub teams: Vec<TeamChoice>,
    /// `attain_alignment::TeamView`: `leaderboard` (rank, rep figures,
    /// `below_median`, `top_quartile`, `weakest_stage`, `flags`), `kpis`
    /// (median, top quartile, each rep), `stages`, `team_funnel`, `funnels`.
    #[schema(value_type = Object)]
    pub view: serde_json::Value,
}

#[utoipa::path(
    get,
    path = "/api/v1/coaching/team",
    tag = "coaching",
    operation_id = "coaching_team",
    summary = "A team's coaching view.",
    description = "Leaderboard, KPIs against the team median and top quartile, each rep's funnel against the team's with the weakest stage and its cost, overdue tasks, latest one-on-one and coaching flags. Owners, admins and executives for any team; managers for their own teams.",
    params(TeamQuery),
    responses(
        (status = 200, description = "The team view.", body = TeamCoachingView),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Reps and billing admins cannot open team views.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such team, or not one the caller may open.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The period is invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/coaching/team")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, query.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    query: TeamQuery,
) -> Result<TeamCoachingView, ApiError> {
    let today = Utc::now().date_naive();
    let period = Period::requested(
        query.period.as_deref(),
        today,
        &[PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year],
        "give a month, quarter or year",
    )?;
    let caller = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let visible = visible_teams(t, &caller)?;
            let own_team = attain_db::tenant::people::for_user(t, caller.user_id)?
                .and_then(|p| p.team_id)
                .filter(|own| visible.iter().any(|team| team.id == *own));
            let wanted = query
                .team_id
                .or(own_team)
                .or_else(|| visible.iter().find(|t| t.kind == "team").map(|t| t.id))
                .or_else(|| visible.first().map(|t| t.id))
                .ok_or_else(|| {
                    FieldError::new("team_id", "there is no team to show yet: create one first")
                })?;
            let team = visible
                .iter()
                .find(|team| team.id == wanted)
                .ok_or_else(|| ApiError::not_found("team"))?;
            let wide = DateRange {
                from: period.start,
                to_exclusive: period.end_exclusive(),
            };
            let facts = scorecards::load(t, wide)?;
            let view = coaching_inputs::team_view(t, &facts, team.id, &period, today)?;
            let window = coaching_inputs::funnel_window(today);
            Ok(TeamCoachingView {
                team_id: team.id,
                team_name: team.name.clone(),
                period: period.to_string(),
                funnel_from: window.from,
                funnel_to: today,
                teams: visible
                    .iter()
                    .map(|team| TeamChoice {
                        id: team.id,
                        name: team.name.clone(),
                        kind: team.kind.clone(),
                    })
                    .collect(),
                view: serde_json::to_value(&view).map_err(ApiError::internal)?,
            })
        })
        .await
}
