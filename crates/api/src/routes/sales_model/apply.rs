//! `PUT /api/v1/sales-model`: applies a template. Stages with the template's
//! keys are updated in place (their deals stay), missing ones are created,
//! and stages the template lacks are removed when unused or else
//! deactivated. Activity targets are replaced. Everything stays editable.

use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{put, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::stages::{self, ActivityTargetRow, SalesModelChoice, Stage},
    DbError,
};
use attain_domain::{sales_model, Capability, FieldError};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplySalesModel {
    /// hunter_farmer, solution_selling, inbound, account_based or sales_performance.
    pub template: String,
}

#[utoipa::path(
    put,
    path = "/api/v1/sales-model",
    tag = "sales_model",
    operation_id = "sales_model_apply",
    summary = "Apply a sales-model template.",
    description = "Updates stages with the template's keys in place, creates missing ones, removes or deactivates the rest, and replaces the activity targets.",
    request_body = ApplySalesModel,
    responses(
        (status = 200, description = "The pipeline's stages afterwards.", body = Vec<attain_db::tenant::stages::Stage>),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[put("/sales-model")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ApplySalesModel>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: ApplySalesModel,
) -> Result<Vec<Stage>, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let model = sales_model::template(body.template.trim())?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Vec<Stage>, ApiError> {
            let existing = stages::all(t)?;
            let before = serde_json::to_value(&existing).map_err(|e| DbError::Corrupt(e.to_string()))?;
            // Park every stage out of the way so positions can be reassigned freely.
            let offset = existing.len() as i32 + model.stages.len() as i32 + 1;
            for stage in &existing {
                stages::save(t, &Stage { position: stage.position + offset, ..stage.clone() })?;
            }
            for (index, template) in model.stages.iter().enumerate() {
                let position = index as i32 + 1;
                match existing.iter().find(|s| s.key == template.key) {
                    Some(current) => {
                        if current.kind != template.kind && stages::deal_counts(t)?.iter().any(|(id, n)| *id == current.id && *n > 0) {
                            return Err(FieldError::new(
                                "template",
                                format!("deals sit in stage \"{}\", which this template makes {}; move them first", current.name, template.kind),
                            )
                            .into());
                        }
                        stages::save(t, &Stage {
                            name: template.name.to_owned(),
                            position,
                            probability: template.probability,
                            kind: template.kind.to_owned(),
                            pipeline: template.pipeline.as_str().to_owned(),
                            active: true,
                            version: current.version + 1,
                            ..current.clone()
                        })?;
                    }
                    None => stages::insert(t, &Stage {
                        id: Uuid::new_v4(),
                        key: template.key.to_owned(),
                        name: template.name.to_owned(),
                        position,
                        probability: template.probability,
                        kind: template.kind.to_owned(),
                        pipeline: template.pipeline.as_str().to_owned(),
                        active: true,
                        version: 1,
                    })?,
                }
            }
            let leftover: Vec<Uuid> = existing
                .iter()
                .filter(|s| !model.stages.iter().any(|m| m.key == s.key))
                .map(|s| s.id)
                .collect();
            stages::retire(t, &leftover)?;
            // Deactivated leftovers go after the template's stages, in their old order.
            let parked = stages::all(t)?.into_iter().filter(|s| s.position > offset);
            for (position, stage) in (model.stages.len() as i32 + 1..).zip(parked) {
                stages::save(t, &Stage { position, ..stage })?;
            }
            let targets: Vec<ActivityTargetRow> = model
                .activity_targets
                .iter()
                .map(|a| ActivityTargetRow { sales_role: a.sales_role.as_str().to_owned(), kind: a.kind.as_str().to_owned(), per_week: a.per_week })
                .collect();
            stages::replace_activity_targets(t, &targets)?;
            stages::save_sales_model(t, &SalesModelChoice {
                singleton: true,
                template: model.key.to_owned(),
                kpis: serde_json::json!(model.kpis),
                chosen_at: Utc::now(),
                version: 1,
            })?;
            let after = stages::all(t)?;
            let after_json = serde_json::to_value(&after).map_err(|e| DbError::Corrupt(e.to_string()))?;
            audit::record(t.conn(), &actor.audit("sales_model.applied", "sales_model", model.key, Some(before), Some(after_json)))?;
            Ok(after)
        })
        .await
}
