//! `POST /api/v1/imports/{import_id}/start`: queues the import for the
//! worker (which reports progress on the import) once every required field
//! is mapped. A failed import can be started again.

use super::preview_stored;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{control::audit, tenant::imports::{self, Import}};
use attain_domain::{Capability, FieldError};
use attain_jobs::envelope::{enqueue, kinds, ImportRequested};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartImport {
    pub version: i32,
}

#[post("/imports/{import_id}/start")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<StartImport>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(state: &AppState, principal: &Principal, import_id: Uuid, body: StartImport) -> Result<Import, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<Import, ApiError> {
            let import = imports::find_for_update(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
            if import.version != body.version {
                return Err(ApiError::conflict("version_conflict", format!("This import changed since you loaded it (now version {}). Reload it.", import.version)).with_field("version"));
            }
            if !matches!(import.status.as_str(), "previewed" | "failed") {
                return Err(ApiError::conflict("import_started", "This import has already started."));
            }
            let preview = preview_stored(t, &import)?;
            if let Some(field) = preview.missing_required.first() {
                return Err(FieldError::new("mapping", format!("map a column to \"{}\" first; it is required", field.label())).into());
            }
            imports::set_status(t, import.id, "queued")?;
            let tenant_id = t.tenant_id();
            enqueue(t.conn(), tenant_id, kinds::IMPORT_REQUESTED, ImportRequested { import_id })?;
            audit::record(t.conn(), &actor.audit("import.started", "import", import_id, None, None))?;
            imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))
        })
        .await
}
