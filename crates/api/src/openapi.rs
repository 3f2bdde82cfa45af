//! The API described as an OpenAPI 3.1 document, served at
//! `GET /api/v1/openapi.json`. Every handler carries its own
//! `#[utoipa::path]`; [`ApiDoc`] lists them, names the security schemes and
//! holds the schemas of answers that are built as ad-hoc JSON.

use crate::auth::{CSRF_COOKIE, SESSION_COOKIE, TOKEN_PREFIX};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use utoipa::{
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi, ToSchema,
};
use uuid::Uuid;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Attain API",
        version = env!("CARGO_PKG_VERSION"),
        license(name = "UNLICENSED"),
        description = "Attain, multi-tenant sales performance. Every `/api/v1` call but signup, login, accepting an invitation and this document is made by a signed-in user (the session cookie, plus `X-CSRF-Token` on anything but GET) or an integration (`Authorization: Bearer` with an API token); the company is the session's or the token's. Errors answer `{\"error\": {\"code\", \"message\", \"field\"}}`; amounts are decimal strings such as \"4800.00\"; lists are pages of `items` with `page`, `per_page` and `total`.",
    ),
    paths(
        crate::routes::health::healthz::handler,
        crate::routes::health::readyz::handler,
        crate::routes::openapi::handler,
        crate::routes::signup::handler,
        crate::routes::auth::login::handler,
        crate::routes::auth::logout::handler,
        crate::routes::auth::session::handler,
        crate::routes::auth::switch_tenant::handler,
        crate::routes::billing::webhook::handler,
        crate::routes::billing::overview::handler,
        crate::routes::billing::checkout::handler,
        crate::routes::billing::portal::handler,
        crate::routes::billing::subscription::handler,
        crate::routes::users::list::handler,
        crate::routes::users::update::handler,
        crate::routes::invitations::create::handler,
        crate::routes::invitations::accept::handler,
        crate::routes::tokens::create::handler,
        crate::routes::tokens::list::handler,
        crate::routes::tokens::revoke::handler,
        crate::routes::deals::create::handler,
        crate::routes::deals::list::handler,
        crate::routes::deals::get::handler,
        crate::routes::deals::update::handler,
        crate::routes::deals::milestones::handler,
        crate::routes::kpis::snapshot::handler,
        crate::routes::kpis::scorecard::handler,
        crate::routes::alignment::snapshot::handler,
        crate::routes::alignment::maturity::handler,
        crate::routes::alignment::target_mix_get::handler,
        crate::routes::alignment::target_mix_put::handler,
        crate::routes::benchmarks::view::handler,
        crate::routes::benchmarks::participation::handler,
        crate::routes::coaching::team::handler,
        crate::routes::coaching::notes_list::handler,
        crate::routes::coaching::notes_create::handler,
        crate::routes::events::stream::handler,
        crate::routes::people::list::handler,
        crate::routes::people::create::handler,
        crate::routes::people::update::handler,
        crate::routes::products::list::handler,
        crate::routes::products::create::handler,
        crate::routes::products::update::handler,
        crate::routes::accounts::list::handler,
        crate::routes::accounts::create::handler,
        crate::routes::accounts::get::handler,
        crate::routes::accounts::update::handler,
        crate::routes::accounts::icp::handler,
        crate::routes::accounts::icp_replace::handler,
        crate::routes::stages::list::handler,
        crate::routes::stages::create::handler,
        crate::routes::stages::update::handler,
        crate::routes::sales_model::list::handler,
        crate::routes::sales_model::apply::handler,
        crate::routes::territories::list::handler,
        crate::routes::territories::create::handler,
        crate::routes::territories::update::handler,
        crate::routes::imports::create::handler,
        crate::routes::imports::list::handler,
        crate::routes::imports::get::handler,
        crate::routes::imports::update::handler,
        crate::routes::imports::start::handler,
        crate::routes::imports::rejections::handler,
        crate::routes::audit::list::handler,
        crate::routes::teams::list::handler,
        crate::routes::teams::create::handler,
        crate::routes::teams::update::handler,
        crate::routes::activities::summary::handler,
        crate::routes::activities::list::handler,
        crate::routes::activities::create::handler,
        crate::routes::activities::targets_get::handler,
        crate::routes::activities::targets_put::handler,
        crate::routes::tasks::reminders::handler,
        crate::routes::tasks::list::handler,
        crate::routes::tasks::create::handler,
        crate::routes::tasks::get::handler,
        crate::routes::tasks::update::handler,
        crate::routes::goals::tree::handler,
        crate::routes::goals::list::handler,
        crate::routes::goals::create::handler,
        crate::routes::goals::get::handler,
        crate::routes::goals::update::handler,
        crate::routes::comp::plans_list::handler,
        crate::routes::comp::plans_create::handler,
        crate::routes::comp::plans_get::handler,
        crate::routes::comp::versions_create::handler,
        crate::routes::comp::versions_update::handler,
        crate::routes::comp::versions_publish::handler,
        crate::routes::comp::assignments_list::handler,
        crate::routes::comp::assignments_create::handler,
        crate::routes::comp::assignments_delete::handler,
        crate::routes::comp::quotas_get::handler,
        crate::routes::comp::quotas_put::handler,
        crate::routes::comp::rates_get::handler,
        crate::routes::comp::rates_put::handler,
        crate::routes::comp::settings_get::handler,
        crate::routes::comp::settings_put::handler,
        crate::routes::deals::reverse::handler,
        crate::routes::statements::mine::handler,
        crate::routes::statements::payroll::handler,
        crate::routes::statements::what_if::handler,
        crate::routes::statements::list::handler,
        crate::routes::statements::get::handler,
        crate::routes::statements::approve::handler,
        crate::routes::statements::pay::handler,
        crate::routes::statements::adjust::handler,
        crate::routes::disputes::list::handler,
        crate::routes::disputes::create::handler,
        crate::routes::disputes::get::handler,
        crate::routes::disputes::reply::handler,
        crate::routes::disputes::resolve::handler,
        crate::routes::comp_runs::recalculate::handler,
        crate::routes::comp_runs::scenario::handler,
        crate::routes::comp_runs::list::handler,
        crate::routes::comp_runs::get::handler,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "health", description = "Liveness and readiness probes."),
        (name = "openapi", description = "This document."),
        (name = "signup", description = "A company signs up."),
        (name = "auth", description = "Login, logout, the current session and switching companies."),
        (name = "alignment", description = "Goal pace, forecast and alignment score from the company down to each rep. Owners, admins, executives and managers."),
        (name = "benchmarks", description = "Peer benchmarks across companies that opt in: percentiles per cohort of at least 5 companies, never one company's figures."),
        (name = "coaching", description = "Managers' team view (leaderboard, KPIs against the team, funnels with each rep's weakest stage, coaching flags) and one-on-one notes."),
        (name = "billing", description = "The subscription: Stripe's webhook (the only thing that changes it), the overview, Checkout, the customer portal, tier and seat changes. Owners and billing admins."),
        (name = "users", description = "Members of the company and their roles."),
        (name = "invitations", description = "Invitation links."),
        (name = "tokens", description = "API tokens for integrations."),
        (name = "deals", description = "Deals. Reps see and change the deals they own or share through a split; managers, admins and owners see and change all; executives read."),
        (name = "kpis", description = "KPI snapshots and scorecards."),
        (name = "events", description = "Live updates as server-sent events: what changed, for pages to refetch."),
        (name = "people", description = "The sales organisation: everyone who sells or manages, with a team, a manager and a sales role, whether or not they log in."),
        (name = "products", description = "The product catalogue: name, category, list price and priority."),
        (name = "accounts", description = "Accounts (companies sold to) and their fit against the ideal customer profile."),
        (name = "stages", description = "The pipeline: ordered stages with win probabilities, each open, won or lost."),
        (name = "sales_model", description = "Sales-model templates chosen at onboarding, and the company's choice."),
        (name = "territories", description = "Territories: a region, a segment and named accounts, owned by a person."),
        (name = "imports", description = "CSV imports of people, accounts, deals and activities: upload, map, start, download what was refused."),
        (name = "audit", description = "The audit log."),
        (name = "teams", description = "Teams and regions: the organisation as a tree."),
        (name = "activities", description = "Activities (calls, meetings, demos, emails) and the weekly targets per sales role."),
        (name = "tasks", description = "Tasks with an owner, a due date, a checklist and a history."),
        (name = "goals", description = "Goals per period, scope and metric, cascaded from the company down to reps."),
        (name = "compensation", description = "Incentive compensation: plans and their effective-dated versions, assignments to people or sales roles, quotas, exchange rates, the statement period length, and recalculation runs."),
    ),
)]
pub struct ApiDoc;

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(ApiDoc::openapi)
}

/// `session` (the cookie), `csrf` (its header) and `bearer` (API tokens).
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE.to_owned(),
                "The session cookie that signup, login, accepting an invitation and switching companies set.".to_owned(),
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token".to_owned(),
                format!(
                    "With the session cookie, every request but GET, HEAD and OPTIONS echoes the session's CSRF token \
                     (`csrf_token` in the session, also the `{CSRF_COOKIE}` cookie)."
                ),
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format(format!("{TOKEN_PREFIX}..."))
                    .description(Some(format!(
                        "An API token from `POST /api/v1/tokens`, sent as `Authorization: Bearer {TOKEN_PREFIX}...`; \
                         bound to one company and one role, and needs no CSRF token."
                    )))
                    .build(),
            ),
        );
    }
}

/// What every error answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// A stable snake_case code such as `not_found` or `version_conflict`.
    pub code: String,
    /// What went wrong and what to do, for a person.
    pub message: String,
    /// The field at fault, for bad input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A decimal as a JSON string ("4800.00", exact) or a number (4800.5); it is
/// read without passing through a float.
#[derive(Debug, ToSchema)]
#[serde(untagged)]
pub enum DecimalInput {
    Text(String),
    Number(f64),
}

/// `GET /healthz`.
#[derive(Debug, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
}

/// `GET /readyz`.
#[derive(Debug, ToSchema)]
pub struct Readiness {
    /// ready or unavailable.
    pub status: String,
    pub checks: ReadinessChecks,
}

/// Each dependency: ok, unreachable or timeout.
#[derive(Debug, ToSchema)]
pub struct ReadinessChecks {
    pub postgres: String,
    pub redis: String,
    pub rabbitmq: String,
}

/// A member after `PATCH /api/v1/users/{user_id}`.
#[derive(Debug, ToSchema)]
pub struct MemberUpdated {
    pub user_id: Uuid,
    pub role: attain_domain::Role,
    pub active: bool,
}

/// The company's KPI snapshot as the worker last computed it.
#[derive(Debug, ToSchema)]
pub struct KpiSnapshot {
    /// Always `company`.
    pub scope: String,
    pub figures: attain_domain::kpi::KpiFigures,
    /// How many deal events the worker has applied.
    pub events_applied: i64,
    /// The last event applied.
    pub last_message_id: Option<Uuid>,
    /// None before the first deal event.
    pub computed_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/teams`.
#[derive(Debug, ToSchema)]
pub struct TeamList {
    pub items: Vec<attain_db::tenant::teams::Team>,
}

/// `GET /api/v1/tasks/reminders`.
#[derive(Debug, ToSchema)]
pub struct ReminderList {
    pub items: Vec<crate::routes::tasks::reminders::Reminder>,
}

/// The weekly activity targets per sales role and kind.
#[derive(Debug, ToSchema)]
pub struct ActivityTargets {
    pub targets: Vec<attain_db::tenant::stages::ActivityTargetRow>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;
    use actix_web::{body::MessageBody, ResponseError};

    fn rendered(error: ApiError) -> ErrorBody {
        let body = error
            .error_response()
            .into_body()
            .try_into_bytes()
            .unwrap_or_default();
        serde_json::from_slice(&body).unwrap()
    }

    #[test]
    fn error_body_is_what_errors_render() {
        let with_field = rendered(ApiError::not_found("deal").with_field("deal_id"));
        assert_eq!(with_field.error.code, "not_found");
        assert_eq!(with_field.error.field.as_deref(), Some("deal_id"));
        assert_eq!(rendered(ApiError::unauthenticated()).error.field, None);
    }

    #[test]
    fn the_document_is_version_3_1_and_names_its_schemes() {
        let doc = document();
        let json = serde_json::to_value(doc).unwrap();
        assert_eq!(json["openapi"], "3.1.0");
        assert_eq!(json["info"]["title"], "Attain API");
        let schemes = &json["components"]["securitySchemes"];
        assert_eq!(schemes["session"]["name"], SESSION_COOKIE);
        assert_eq!(schemes["csrf"]["in"], "header");
        assert_eq!(schemes["bearer"]["scheme"], "bearer");
    }
}
