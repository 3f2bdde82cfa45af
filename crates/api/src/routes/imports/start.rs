//! `POST /api/v1/imports/{import_id}/start`: queues the import for the
//! worker (which reports progress on the import) once every required field
//! is mapped. A failed import can be started again.

use super::preview_stored;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::imports::{self, Import},
};
use attain_domain::{Capability, FieldError};
use attain_jobs::envelope::{enqueue, kinds, ImportRequested};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartImport {
    pub version: i32,
}

#[utoipa::path(
    post,
    path = "/api/v1/imports/{import_id}/start",
    tag = "imports",
    operation_id = "imports_start",
    summary = "Start an import.",
    description = "Queues the import for the worker once every required field is mapped; a failed import can be started again.",
    params(("import_id" = uuid::Uuid, Path, description = "The import's id.")),
    request_body = StartImport,
    responses(
        (status = 202, description = "Queued; the worker reports progress on the import.", body = attain_db::tenant::imports::Import),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such import.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale (`version_conflict`), or the import has started (`import_started`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A required field is not mapped (`mapping`), or a field is invalid.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/imports/{import_id}/start")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<StartImport>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    import_id: Uuid,
    body: StartImport,
) -> Result<Import, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<Import, ApiError> {
                let import = imports::find_for_update(t, import_id)?
                    .ok_or_else(|| ApiError::not_found("import"))?;
                if import.version != body.version {
                    return Err(ApiError::conflict(
                        "version_conflict",
                        format!(
                            "This import changed since you loaded it (now version {}). Reload it.",
                            import.version
                        ),
                    )
                    .with_field("version"));
                }
                if !matches!(import.status.as_str(), "previewed" | "failed") {
                    return Err(ApiError::conflict(
                        "import_started",
                        "This import has already started.",
                    ));
                }
                let preview = preview_stored(t, &import)?;
                if let Some(field) = preview.missing_required.first() {
                    return Err(FieldError::new(
                        "mapping",
                        format!(
                            "map a column to \"{}\" first; it is required",
                            field.label()
                        ),
                    )
                    .into());
                }
                imports::set_status(t, import.id, "queued")?;
                let tenant_id = t.tenant_id();
                enqueue(
                    t.conn(),
                    tenant_id,
                    kinds::IMPORT_REQUESTED,
                    ImportRequested { import_id },
                )?;
                audit::record(
                    t.conn(),
                    &actor.audit("import.started", "import", import_id, None, None),
                )?;
                imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))
            },
        )
        .await
}
