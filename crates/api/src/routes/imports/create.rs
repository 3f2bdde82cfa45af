//! `POST /api/v1/imports?kind=deals&file_name=export.csv` with the CSV file as
//! the body: reads it, suggests a column mapping from the CRM's column names
//! and answers with a preview. A file that cannot be read is refused (422)
//! and nothing is stored.

use super::{file_error, preview, ImportView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{http::StatusCode, post, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::imports::{self, Import},
};
use attain_domain::{validation::bounded_text, Capability, FieldError};
use attain_import::{detect_source, read_csv, suggest_mapping, ImportKind};
use chrono::Utc;
use futures_util::StreamExt;
use serde::Deserialize;
use uuid::Uuid;

/// Largest file accepted (a 100,000-row deals export is about 15 MiB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// people, accounts, deals or activities.
    pub kind: String,
    /// Default upload.csv.
    pub file_name: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/imports",
    tag = "imports",
    operation_id = "imports_create",
    summary = "Upload a CSV file to import.",
    description = "Reads the file, suggests a column mapping from the CRM's column names and answers with a preview; nothing is imported yet.",
    params(UploadQuery),
    request_body(content = String, description = "The CSV file, at most 64 MiB.", content_type = "text/csv"),
    responses(
        (status = 201, description = "The import with its preview.", body = crate::routes::imports::ImportView),
        (status = 400, description = "The query string is invalid, or the upload was interrupted.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The file is larger than 64 MiB.", body = crate::openapi::ErrorBody),
        (status = 422, description = "The file cannot be read (`unreadable_file`), or `kind` or `file_name` is invalid.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/imports")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<UploadQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let mut content = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                "unreadable_body",
                format!("The upload was interrupted: {e}."),
            )
        })?;
        if content.len() + chunk.len() > MAX_FILE_BYTES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "The file is larger than {} MiB; split it and import the parts.",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            )
            .with_field("file"));
        }
        content.extend_from_slice(&chunk);
    }
    let query = query.into_inner();
    let view = run(
        &state,
        &principal,
        &query.kind,
        query.file_name.as_deref().unwrap_or("upload.csv"),
        content.to_vec(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    kind: &str,
    file_name: &str,
    content: Vec<u8>,
) -> Result<ImportView, ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let kind: ImportKind = kind
        .parse()
        .map_err(|_| FieldError::new("kind", "must be people, accounts, deals or activities"))?;
    let file_name = bounded_text("file_name", file_name, 1, 200)?;
    let file = read_csv(&content).map_err(file_error)?;
    let mapping = suggest_mapping(kind, &file.headers);
    let source = detect_source(&file.headers);
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<ImportView, ApiError> {
            let preview = preview(t, kind, &file, &mapping, &Default::default())?;
            let import = Import {
                id: Uuid::new_v4(),
                kind: kind.as_str().to_owned(),
                source: source.as_str().to_owned(),
                file_name,
                content,
                mapping: serde_json::to_value(&mapping).map_err(ApiError::internal)?,
                stage_mapping: serde_json::json!({}),
                status: "previewed".into(),
                total_rows: file.records.len() as i32,
                processed_rows: 0,
                created_rows: 0,
                updated_rows: 0,
                rejected_rows: preview.rejected_rows as i32,
                error: None,
                created_by: Some(actor.user_id),
                version: 1,
                created_at: Utc::now(),
                finished_at: None,
            };
            imports::insert(t, &import)?;
            audit::record(
                t.conn(),
                &actor.audit("import.uploaded", "import", import.id, None, Some(serde_json::json!({
                    "kind": import.kind, "file_name": import.file_name, "rows": import.total_rows, "source": import.source,
                }))),
            )?;
            Ok(ImportView { import, preview: Some(preview) })
        })
        .await
}
