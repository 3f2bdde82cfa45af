//! `GET /api/v1/imports/{import_id}/rejections.csv`: every refused row of a
//! finished import (line, column, reason) as a CSV to fix and re-upload.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, http::header, web, HttpResponse};
use attain_db::tenant::imports;
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/imports/{import_id}/rejections.csv",
    tag = "imports",
    operation_id = "imports_rejections",
    summary = "Download an import's refused rows.",
    description = "Every refused row of the import (line, column, reason) as a CSV to fix and re-upload.",
    params(("import_id" = uuid::Uuid, Path, description = "The import's id.")),
    responses(
        (status = 200, description = "The refused rows as CSV.", body = String, content_type = "text/csv", headers(("Content-Disposition" = String, description = "attachment; filename=\"<file>-rejected-rows.csv\""))),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such import.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/imports/{import_id}/rejections.csv")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (file_name, body) = run(&state, &principal, path.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(body))
}

/// The download's file name and contents.
pub async fn run(
    state: &AppState,
    principal: &Principal,
    import_id: Uuid,
) -> Result<(String, Vec<u8>), ApiError> {
    principal.require(Capability::ManageOrganisation)?;
    let (import, rows) = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<_, ApiError> {
            let import =
                imports::find(t, import_id)?.ok_or_else(|| ApiError::not_found("import"))?;
            Ok((import, imports::rejections(t, import_id)?))
        })
        .await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["line", "column", "reason"])
        .map_err(ApiError::internal)?;
    for row in rows {
        writer
            .write_record([row.line.to_string(), row.column_name, row.reason])
            .map_err(ApiError::internal)?;
    }
    let body = writer.into_inner().map_err(ApiError::internal)?;
    let stem = import
        .file_name
        .trim_end_matches(".csv")
        .replace(['"', '\\', '/'], "_");
    Ok((format!("{stem}-rejected-rows.csv"), body))
}
