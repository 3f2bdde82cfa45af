//! `PATCH /api/v1/imports/{import_id}`: adjusts the column mapping
//! (`{"Deal Name": "name", ...}`) or the stage mapping (`{"closedwon":
//! "closed_won"}`) of an import that has not started, and answers with the
//! new preview.

use super::{preview_stored, ImportView};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::tenant::{imports, stages};
use attain_domain::{Capability, FieldError};
use attain_import::Mapping;
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateImport {
    pub version: i32,
    /// CSV column name to field (`null` leaves a column unmapped).
    #[schema(value_type = Option<std::collections::BTreeMap<String, Option<String>>>)]
    pub mapping: Option<serde_json::Value>,
    /// CRM stage to pipeline stage key.
    pub stage_mapping: Option<BTreeMap<String, String>>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/imports/{import_id}",
    tag = "imports",
    operation_id = "imports_update",
    summary = "Change an import's mapping.",
    description = "Adjusts the column or stage mapping of an import that has not started, and answers with the new preview. Carries the `version` last read.",
    params(("import_id" = uuid::Uuid, Path, description = "The import's id.")),
    request_body = UpdateImport,
    responses(
        (status = 200, description = "The import with its new preview.", body = crate::routes::imports::ImportView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such import.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or the import has started (`import_started`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/imports/{import_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateImport>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    import_id: Uuid,
    body: UpdateImport,
) -> Result<ImportView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let mapping: Option<Mapping> = body
        .mapping
        .map(|m| {
            serde_json::from_value(m)
                .map_err(|e| FieldError::new("mapping", format!("is not a column mapping: {e}")))
        })
        .transpose()?;
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<ImportView, ApiError> {
            let mut import = imports::find_for_update(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
            if import.version != body.version {
                return Err(ApiError::conflict("version_conflict", format!("This import changed since you loaded it (now version {}). Reload it.", import.version)).with_field("version"));
            }
            if !matches!(import.status.as_str(), "previewed" | "failed") {
                return Err(ApiError::conflict("import_started", "This import has started; upload the file again to import it differently."));
            }
            if let Some(mapping) = &mapping {
                if let Some(unknown) = mapping.columns.keys().find(|c| !import_has_column(&import.content, c)) {
                    return Err(FieldError::new("mapping", format!("names a column the file does not have: \"{unknown}\"")).into());
                }
                import.mapping = serde_json::to_value(mapping).map_err(ApiError::internal)?;
            }
            if let Some(stage_mapping) = &body.stage_mapping {
                let keys: Vec<String> = stages::all(t)?.into_iter().filter(|s| s.active).map(|s| s.key).collect();
                if let Some((crm, key)) = stage_mapping.iter().find(|(_, key)| !keys.contains(key)) {
                    return Err(FieldError::new("stage_mapping", format!("maps \"{crm}\" to \"{key}\", which is not an active stage of your pipeline")).into());
                }
                import.stage_mapping = serde_json::to_value(stage_mapping).map_err(ApiError::internal)?;
            }
            let preview = preview_stored(t, &import)?;
            imports::set_mapping(t, import.id, &import.mapping, &import.stage_mapping, import.total_rows, preview.rejected_rows as i32)?;
            let import = imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
            Ok(ImportView { import, preview: Some(preview) })
        })
        .await
}

fn import_has_column(content: &[u8], column: &str) -> bool {
    attain_import::read_csv(content).is_ok_and(|file| file.column_index(column).is_some())
}
