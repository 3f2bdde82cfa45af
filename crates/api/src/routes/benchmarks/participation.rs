//! `PUT /api/v1/benchmarks/participation`: the company takes part in peer
//! benchmarks, or stops. Owners and admins; audited. Takes effect at the
//! next scheduled run: a company that stops is in no cohort of that run.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::control::{audit, benchmarks};
use attain_domain::Capability;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    pub opt_in: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ParticipationView {
    pub opted_in: bool,
    pub note: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/benchmarks/participation",
    tag = "benchmarks",
    operation_id = "benchmarks_participation",
    summary = "Take part in peer benchmarks, or stop.",
    description = "Owners and admins. Only aggregates leave the company: percentiles of cohorts of at least 5 companies. Takes effect at the next run.",
    request_body = Participation,
    responses(
        (status = 200, description = "The company's participation as now set.", body = ParticipationView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "Only owners and admins decide, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/benchmarks/participation")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<Participation>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: Participation,
) -> Result<ParticipationView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let actor = principal.clone();
    let opt_in = body.opt_in;
    state
        .db
        .run(move |conn| -> Result<(), ApiError> {
            conn.build_transaction()
                .run(|conn| -> Result<(), ApiError> {
                    let before = benchmarks::set_opt_in(conn, actor.tenant.id, opt_in)?;
                    let entry = actor.audit(
                        "benchmarks.participation",
                        "tenant",
                        actor.tenant.id,
                        Some(serde_json::json!({ "opt_in": before })),
                        Some(serde_json::json!({ "opt_in": opt_in })),
                    );
                    audit::record(conn, &entry)?;
                    Ok(())
                })
        })
        .await?;
    Ok(ParticipationView {
        opted_in: opt_in,
        note: if opt_in {
            "Your company takes part from the next benchmark run; its figures only ever count inside cohorts of at least 5 companies.".to_owned()
        } else {
            "Your company is left out of the next benchmark run, and you no longer see the cohorts."
                .to_owned()
        },
    })
}
