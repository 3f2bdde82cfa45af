//! `GET /api/v1/imports/{import_id}?preview=true`: the import's status and
//! progress; with `preview=true` (or while it awaits its start) also the
//! preview of what the file will import.

use super::{preview_stored, ImportView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::imports;
use attain_domain::Capability;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Include the preview (default: only while the import awaits its start).
    pub preview: Option<bool>,
}

#[utoipa::path(
    get,
    path = "/api/v1/imports/{import_id}",
    tag = "imports",
    operation_id = "imports_get",
    summary = "Get an import.",
    description = "The import's status and progress, with the preview when asked for or while it awaits its start.",
    params(("import_id" = uuid::Uuid, Path, description = "The import's id."), ImportQuery),
    responses(
        (status = 200, description = "The import.", body = crate::routes::imports::ImportView),
        (status = 400, description = "The query string is invalid.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such import.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The stored file can no longer be read (`unreadable_file`).", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/imports/{import_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: web::Query<ImportQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), query.preview).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    import_id: Uuid,
    with_preview: Option<bool>,
) -> Result<ImportView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<ImportView, ApiError> {
                let import =
                    imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
                let preview = if with_preview.unwrap_or(import.status == "previewed") {
                    Some(preview_stored(t, &import)?)
                } else {
                    None
                };
                Ok(ImportView { import, preview })
            },
        )
        .await
}
