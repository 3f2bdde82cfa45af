//! CSV imports: upload (multipart), preview, mapping, start and progress.
//! The refused rows are downloaded from the API itself
//! (`/api/v1/imports/{id}/rejections.csv`, with the session cookie).

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use {super::support, crate::server};

#[cfg(feature = "ssr")]
mod convert {
    //! The API's import views (JSON) as the page shows them.
    use super::super::model::*;
    use crate::problem::Problem;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize)]
    struct RawStage {
        key: String,
        name: String,
    }

    #[derive(Deserialize)]
    struct RawPreview {
        headers: Vec<String>,
        delimiter: String,
        fields: Vec<FieldOption>,
        missing_required: Vec<String>,
        stages: Vec<StageMapRow>,
        sample: Vec<serde_json::Value>,
        rejections: Vec<RejectionRow>,
        good_rows: usize,
        rejected_rows: usize,
        date_order: String,
        decimal_comma: bool,
        pipeline: Vec<RawStage>,
    }

    #[derive(Deserialize)]
    struct RawImport {
        id: String,
        kind: String,
        source: String,
        file_name: String,
        status: String,
        total_rows: i32,
        processed_rows: i32,
        created_rows: i32,
        updated_rows: i32,
        rejected_rows: i32,
        error: Option<String>,
        version: i32,
        created_at: String,
        finished_at: Option<String>,
        #[serde(default)]
        mapping: BTreeMap<String, String>,
        #[serde(default)]
        preview: Option<RawPreview>,
    }

    /// The order sample columns are shown in; others follow.
    const ORDER: [&str; 24] = [
        "line",
        "external_id",
        "name",
        "email",
        "kind",
        "account_name",
        "owner_name",
        "stage",
        "amount",
        "currency",
        "close_date",
        "created_at",
        "occurred_at",
        "subject",
        "deal_type",
        "probability",
        "loss_reason",
        "product",
        "manager_name",
        "sales_role",
        "team_name",
        "industry",
        "employees",
        "region",
    ];

    fn label(key: &str, fields: &[FieldOption]) -> String {
        if let Some(f) = fields.iter().find(|f| f.field == key) {
            return f.label.clone();
        }
        match key {
            "line" => "Line".into(),
            "kind" => "Activity kind".into(),
            "created_at" => "Created date".into(),
            "stage_history" => "Stage history".into(),
            other => {
                let text = other.replace('_', " ");
                let mut chars = text.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        }
    }

    fn cell(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::Null => "—".into(),
            serde_json::Value::String(s) if s.is_empty() => "—".into(),
            // Times ("2026-01-15T09:30:00") read better with a space.
            serde_json::Value::String(s)
                if s.len() >= 16
                    && s.as_bytes().get(10) == Some(&b'T')
                    && s[..4].parse::<u32>().is_ok() =>
            {
                s.replacen('T', " ", 1)
            }
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => match items.len() {
                0 => "—".into(),
                1 => "1 entry".into(),
                n => format!("{n} entries"),
            },
            other => other.to_string(),
        }
    }

    fn short_time(raw: &str) -> String {
        raw.get(..16).unwrap_or(raw).replace('T', " ")
    }

    pub fn import_data(json: serde_json::Value) -> Result<ImportData, Problem> {
        let raw: RawImport = serde_json::from_value(json)
            .map_err(|e| Problem::from(attain_api::ApiError::internal(e)))?;
        let preview = raw.preview.map(|p| {
            let mut keys: Vec<String> = Vec::new();
            for row in &p.sample {
                if let Some(object) = row.as_object() {
                    for key in object.keys() {
                        if !keys.contains(key) {
                            keys.push(key.clone());
                        }
                    }
                }
            }
            keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
            let missing_required = p
                .missing_required
                .iter()
                .map(|key| label(key, &p.fields))
                .collect();
            PreviewData {
                sample_columns: keys.iter().map(|k| label(k, &p.fields)).collect(),
                sample_rows: p
                    .sample
                    .iter()
                    .map(|row| keys.iter().map(|k| cell(&row[k.as_str()])).collect())
                    .collect(),
                headers: p.headers,
                delimiter: p.delimiter,
                missing_required,
                fields: p.fields,
                stages: p.stages,
                rejections: p.rejections,
                good_rows: p.good_rows,
                rejected_rows: p.rejected_rows,
                date_order: p.date_order,
                decimal_comma: p.decimal_comma,
                pipeline: p.pipeline.into_iter().map(|s| (s.key, s.name)).collect(),
            }
        });
        Ok(ImportData {
            id: raw.id,
            kind: raw.kind,
            source: raw.source,
            file_name: raw.file_name,
            status: raw.status,
            total_rows: raw.total_rows,
            processed_rows: raw.processed_rows,
            created_rows: raw.created_rows,
            updated_rows: raw.updated_rows,
            rejected_rows: raw.rejected_rows,
            error: raw.error,
            version: raw.version,
            created: short_time(&raw.created_at),
            finished: raw.finished_at.as_deref().map(short_time),
            mapping: raw.mapping,
            preview,
        })
    }

    pub fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, Problem> {
        serde_json::to_value(value).map_err(|e| Problem::from(attain_api::ApiError::internal(e)))
    }
}

/// The latest imports, and the one named by `import` (an id) if any.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_imports(import: String) -> Result<ImportsPage, Problem> {
    use attain_api::routes::imports::{get, list};
    let (state, principal) = server::caller(None).await?;
    let recent = list::run(&state, &principal, support::page(1, 10)).await?;
    let open = match support::text(&import) {
        Some(raw) => {
            let id = support::required(&raw, "import")?;
            let view = get::run(&state, &principal, id, None).await?;
            Some(convert::import_data(convert::to_json(&view)?)?)
        }
        None => None,
    };
    Ok(ImportsPage {
        recent: recent
            .items
            .into_iter()
            .map(|i| ImportListRow {
                id: i.id.to_string(),
                kind: i.kind,
                file_name: i.file_name,
                status: i.status,
                total_rows: i.total_rows,
                created_rows: i.created_rows,
                updated_rows: i.updated_rows,
                rejected_rows: i.rejected_rows,
                created: i.created_at.format("%Y-%m-%d %H:%M").to_string(),
            })
            .collect(),
        open,
    })
}

/// An import's status and progress (the preview while it awaits its start).
#[server(prefix = "/fn", input = GetUrl)]
pub async fn get_import(id: String) -> Result<ImportData, Problem> {
    let (state, principal) = server::caller(None).await?;
    let id = support::required(&id, "import")?;
    let view = attain_api::routes::imports::get::run(&state, &principal, id, None).await?;
    convert::import_data(convert::to_json(&view)?)
}

/// Uploads a CSV file (multipart fields `csrf`, `kind` and `file`) and
/// answers with its preview; nothing is imported yet. Posted without
/// JavaScript, it sends the browser back to the page with `?import=<id>`.
#[server(prefix = "/fn", input = MultipartFormData)]
pub async fn upload_import(data: MultipartData) -> Result<ImportData, Problem> {
    form_call!(UploadImport, {
        use attain_api::routes::imports::create::{run, MAX_FILE_BYTES};
        fn unreadable(e: impl std::fmt::Display) -> Problem {
            support::field("file", format!("The upload could not be read: {e}."))
        }
        let mut form = data
            .into_inner()
            .ok_or_else(|| support::field("file", "No file was sent."))?;
        let (mut csrf, mut kind, mut file_name) = (String::new(), String::new(), String::new());
        let mut content: Vec<u8> = Vec::new();
        while let Some(mut part) = form.next_field().await.map_err(unreadable)? {
            let name = part.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "csrf" => csrf = part.text().await.map_err(unreadable)?,
                "kind" => kind = part.text().await.map_err(unreadable)?,
                "file" => {
                    file_name = part.file_name().unwrap_or_default().to_owned();
                    while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
                        if content.len() + chunk.len() > MAX_FILE_BYTES {
                            return Err(support::field(
                                "file",
                                format!(
                                    "The file is larger than {} MiB; split it and import the parts.",
                                    MAX_FILE_BYTES / 1024 / 1024
                                ),
                            ));
                        }
                        content.extend_from_slice(&chunk);
                    }
                }
                _ => {}
            }
        }
        let (state, principal) = server::caller(Some(&csrf)).await?;
        if file_name.trim().is_empty() && content.is_empty() {
            return Err(support::field("file", "choose a CSV file to upload"));
        }
        let file_name = if file_name.trim().is_empty() {
            "upload.csv".to_owned()
        } else {
            file_name
        };
        let view = run(&state, &principal, &kind, &file_name, content).await?;
        let data = convert::import_data(convert::to_json(&view)?)?;
        back_to_page_with(&data.id).await;
        Ok(data)
    })
}

/// After a plain (no-JavaScript) form post: back to the page the form was
/// on, showing the import.
#[cfg(feature = "ssr")]
async fn back_to_page_with(import_id: &str) {
    use actix_web::http::header;
    let Ok(req) = server::request().await else {
        return;
    };
    let plain_form = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !plain_form {
        return;
    }
    let page = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .map(|path| path.split(['?', '#']).next().unwrap_or_default().to_owned())
        .filter(|path| path.starts_with("/app"))
        .unwrap_or_else(|| "/app/imports".to_owned());
    leptos_actix::redirect(&format!("{page}?import={import_id}"));
}

/// Changes the column mapping (every column: its field, or "" to ignore
/// it) and, for deals, the stage mapping; answers with the new preview.
#[server(prefix = "/fn")]
pub async fn update_import_mapping(
    csrf: String,
    import_id: String,
    version: i32,
    #[server(default)] columns: Vec<ColumnArg>,
    #[server(default)] stages: Vec<StageArg>,
) -> Result<ImportData, Problem> {
    form_call!(UpdateImportMapping, {
        use attain_api::routes::imports::update::{run, UpdateImport};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let id = support::required(&import_id, "import")?;
        let mapping: serde_json::Map<String, serde_json::Value> = columns
            .iter()
            .map(|c| {
                let field = match c.field.trim() {
                    "" => serde_json::Value::Null,
                    f => serde_json::Value::String(f.to_owned()),
                };
                (c.column.clone(), field)
            })
            .collect();
        let stage_mapping = (!stages.is_empty()).then(|| {
            stages
                .iter()
                .filter(|s| !s.stage_key.trim().is_empty())
                .map(|s| (s.crm_stage.clone(), s.stage_key.trim().to_owned()))
                .collect()
        });
        let body = UpdateImport {
            version,
            mapping: (!columns.is_empty()).then_some(serde_json::Value::Object(mapping)),
            stage_mapping,
        };
        let view = run(&state, &principal, id, body).await?;
        convert::import_data(convert::to_json(&view)?)
    })
}

/// Queues the import for the worker; progress is read with [`get_import`].
#[server(prefix = "/fn")]
pub async fn start_import(
    csrf: String,
    import_id: String,
    version: i32,
) -> Result<ImportData, Problem> {
    form_call!(StartImport, {
        use attain_api::routes::imports::start::{run, StartImport};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let id = support::required(&import_id, "import")?;
        let import = run(&state, &principal, id, StartImport { version }).await?;
        let view = attain_api::routes::imports::ImportView {
            import,
            preview: None,
        };
        convert::import_data(convert::to_json(&view)?)
    })
}
