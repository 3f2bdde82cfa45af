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

#[derive(Debug, Default, Deserialize)]
pub struct ImportQuery {
    pub preview: Option<bool>,
}

#[get("/imports/{import_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    query: web::Query<ImportQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), query.preview).await?))
}

pub async fn run(state: &AppState, principal: &Principal, import_id: Uuid, with_preview: Option<bool>) -> Result<ImportView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<ImportView, ApiError> {
            let import = imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
            let preview = if with_preview.unwrap_or(import.status == "previewed") {
                Some(preview_stored(t, &import)?)
            } else {
                None
            };
            Ok(ImportView { import, preview })
        })
        .await
}
