//! `PUT /api/v1/activity-targets`: replaces every weekly activity target
//! (owners and admins). A role and kind pair may appear once; `per_week` is
//! 0 to 1,000. Errors name `targets`; nothing changes unless all are valid.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::stages::{self, ActivityTargetRow},
    DbError,
};
use attain_domain::{activity::ActivityKind, org::SalesRole, Capability, FieldError};
use serde::Deserialize;

/// The most activities of one kind a role can be asked for in a week (the table's check).
const MAX_PER_WEEK: i32 = 1000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// hunter, farmer, sdr, ae, am or manager.
    pub sales_role: String,
    /// call, meeting, demo or email.
    pub kind: String,
    /// 0 to 1,000.
    pub per_week: i32,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceTargets {
    pub targets: Vec<TargetInput>,
}

#[utoipa::path(
    put,
    path = "/api/v1/activity-targets",
    tag = "activities",
    operation_id = "activity_targets_replace",
    summary = "Replace the weekly activity targets.",
    description = "Replaces every target; a role and kind pair may appear once, `per_week` is 0 to 1,000, and nothing changes unless all are valid.",
    request_body = ReplaceTargets,
    responses(
        (status = 200, description = "The targets now.", body = crate::openapi::ActivityTargets),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/activity-targets")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ReplaceTargets>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "targets": run(&state, &principal, body.0).await? })))
}

/// Validates every target; the first problem names `targets`.
pub fn parse_targets(inputs: &[TargetInput]) -> Result<Vec<ActivityTargetRow>, FieldError> {
    let mut rows: Vec<ActivityTargetRow> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let as_targets =
            |e: FieldError| FieldError::new("targets", format!("{} {}", e.field, e.message));
        let role: SalesRole = input.sales_role.parse().map_err(as_targets)?;
        let kind: ActivityKind = input.kind.parse().map_err(as_targets)?;
        if !(0..=MAX_PER_WEEK).contains(&input.per_week) {
            return Err(FieldError::new(
                "targets",
                format!("per_week must be between 0 and {MAX_PER_WEEK}"),
            ));
        }
        if rows
            .iter()
            .any(|row| row.sales_role == role.as_str() && row.kind == kind.as_str())
        {
            return Err(FieldError::new(
                "targets",
                format!("{} {} appears more than once", role.as_str(), kind.as_str()),
            ));
        }
        rows.push(ActivityTargetRow {
            sales_role: role.as_str().to_owned(),
            kind: kind.as_str().to_owned(),
            per_week: input.per_week,
        });
    }
    Ok(rows)
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: ReplaceTargets,
) -> Result<Vec<ActivityTargetRow>, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let rows = parse_targets(&body.targets)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let before = stages::activity_targets(t)?;
            stages::replace_activity_targets(t, &rows)?;
            let after = stages::activity_targets(t)?;
            let json = |rows: &[ActivityTargetRow]| {
                serde_json::to_value(rows).map_err(|e| DbError::Corrupt(e.to_string()))
            };
            audit::record(
                t.conn(),
                &actor.audit(
                    "activity_targets.replaced",
                    "activity_targets",
                    "all",
                    Some(json(&before)?),
                    Some(json(&after)?),
                ),
            )?;
            Ok(after)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(role: &str, kind: &str, per_week: i32) -> TargetInput {
        TargetInput {
            sales_role: role.into(),
            kind: kind.into(),
            per_week,
        }
    }

    #[test]
    fn duplicates_unknown_names_and_out_of_range_counts_name_targets() {
        assert_eq!(
            parse_targets(&[input("sdr", "call", 50), input("ae", "call", 20)])
                .unwrap()
                .len(),
            2
        );
        for bad in [
            vec![input("sdr", "call", 50), input("sdr", "call", 40)],
            vec![input("closer", "call", 5)],
            vec![input("sdr", "fax", 5)],
            vec![input("sdr", "call", 1001)],
            vec![input("sdr", "call", -1)],
        ] {
            assert_eq!(parse_targets(&bad).unwrap_err().field, "targets");
        }
    }
}
