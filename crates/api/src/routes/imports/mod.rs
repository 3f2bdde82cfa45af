//! CSV imports of people, accounts, deals and activities: upload (the file is
//! read and previewed, nothing is imported yet), adjust the column and stage
//! mapping, start (a background job with progress), download what was
//! refused. Only owners and admins import.

pub mod create;
pub mod get;
pub mod list;
pub mod rejections;
pub mod start;
pub mod update;

use crate::error::ApiError;
use attain_db::{
    tenant::{
        imports::Import,
        stages::{self, Stage},
    },
    TenantConn,
};
use attain_import::{
    read_accounts, read_activities, read_csv, read_deals, read_people, stages_in, CsvFile, Field,
    ImportKind, Mapping, ReadOptions, Rejection,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows shown in a preview.
const SAMPLE_ROWS: usize = 10;
/// Refusals shown in a preview (all are in the download).
const SAMPLE_REJECTIONS: usize = 100;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldChoice {
    pub field: Field,
    pub label: &'static str,
    pub required: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageChoice {
    pub crm_stage: String,
    pub rows: usize,
    /// The pipeline stage key the rows go to; `None` refuses them.
    pub stage_key: Option<String>,
    /// Whether the admin chose it (else it was suggested).
    pub chosen: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Preview {
    pub headers: Vec<String>,
    pub delimiter: &'static str,
    pub fields: Vec<FieldChoice>,
    pub missing_required: Vec<Field>,
    pub stages: Vec<StageChoice>,
    /// The first rows as they will be imported.
    #[schema(value_type = Vec<Object>)]
    pub sample: Vec<serde_json::Value>,
    pub rejections: Vec<Rejection>,
    pub good_rows: usize,
    pub rejected_rows: usize,
    pub date_order: String,
    pub decimal_comma: bool,
    /// Pipeline stages a CRM stage can be mapped to.
    pub pipeline: Vec<Stage>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportView {
    #[serde(flatten)]
    pub import: Import,
    pub preview: Option<Preview>,
}

pub fn file_error(error: attain_import::FileError) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        "unreadable_file",
        format!("{error} Nothing was imported."),
    )
    .with_field("file")
}

fn sample<T: Serialize>(rows: &[T]) -> Vec<serde_json::Value> {
    rows.iter()
        .take(SAMPLE_ROWS)
        .filter_map(|r| serde_json::to_value(r).ok())
        .collect()
}

/// Reads the whole file with the mapping, as the job will, and summarises it.
pub fn preview(
    t: &mut TenantConn<'_>,
    kind: ImportKind,
    file: &CsvFile,
    mapping: &Mapping,
    stage_mapping: &BTreeMap<String, String>,
) -> Result<Preview, ApiError> {
    let options = ReadOptions::default();
    let pipeline: Vec<Stage> = stages::all(t)?.into_iter().filter(|s| s.active).collect();
    let mut stages = Vec::new();
    let (sample, mut rejections, good, date_order, decimal_comma) = match kind {
        ImportKind::Deals => {
            let read = read_deals(file, mapping, &options);
            let mut rejected_by_stage = 0;
            for (crm_stage, _) in stages_in(&read.rows) {
                let rows = read.rows.iter().filter(|r| r.stage == crm_stage).count();
                let chosen = stage_mapping.get(&crm_stage).cloned();
                let stage_key = attain_worker_stage(&crm_stage, stage_mapping, &pipeline);
                if stage_key.is_none() {
                    rejected_by_stage += rows;
                }
                stages.push(StageChoice {
                    crm_stage,
                    rows,
                    chosen: chosen.is_some(),
                    stage_key,
                });
            }
            (
                sample(&read.rows),
                read.rejections,
                read.rows.len() - rejected_by_stage,
                read.date_order,
                read.decimal_comma,
            )
        }
        ImportKind::People => {
            let read = read_people(file, mapping, &options);
            (
                sample(&read.rows),
                read.rejections,
                read.rows.len(),
                read.date_order,
                read.decimal_comma,
            )
        }
        ImportKind::Accounts => {
            let read = read_accounts(file, mapping, &options);
            (
                sample(&read.rows),
                read.rejections,
                read.rows.len(),
                read.date_order,
                read.decimal_comma,
            )
        }
        ImportKind::Activities => {
            let read = read_activities(file, mapping, &options);
            (
                sample(&read.rows),
                read.rejections,
                read.rows.len(),
                read.date_order,
                read.decimal_comma,
            )
        }
    };
    let mut lines: Vec<u64> = rejections.iter().map(|r| r.line).collect();
    lines.sort_unstable();
    lines.dedup();
    rejections.truncate(SAMPLE_REJECTIONS);
    let required = Field::required_for(kind);
    Ok(Preview {
        headers: file.headers.clone(),
        delimiter: file.delimiter_name(),
        fields: Field::fields_for(kind)
            .iter()
            .map(|f| FieldChoice {
                field: *f,
                label: f.label(),
                required: required.contains(f),
            })
            .collect(),
        missing_required: attain_import::missing_required(kind, mapping),
        stages,
        sample,
        rejections,
        good_rows: good,
        rejected_rows: file.records.len().saturating_sub(good),
        date_order: date_order.as_str().to_owned(),
        decimal_comma,
        pipeline,
    })
}

/// The pipeline stage key a CRM stage goes to (the admin's choice, else the
/// suggestion when the pipeline has that key) — the same rule the job applies.
fn attain_worker_stage(
    crm_stage: &str,
    stage_mapping: &BTreeMap<String, String>,
    pipeline: &[Stage],
) -> Option<String> {
    let wanted = match stage_mapping.get(crm_stage) {
        Some(key) => key.clone(),
        None => attain_import::suggest_stage_key(crm_stage)?.to_owned(),
    };
    pipeline
        .iter()
        .find(|s| s.key == wanted)
        .map(|s| s.key.clone())
}

/// Parses the stored file and mapping and previews them.
pub fn preview_stored(t: &mut TenantConn<'_>, import: &Import) -> Result<Preview, ApiError> {
    let file = read_csv(&import.content).map_err(file_error)?;
    let kind: ImportKind = import
        .kind
        .parse()
        .map_err(|_| ApiError::internal("stored import of unknown kind"))?;
    let mapping: Mapping =
        serde_json::from_value(import.mapping.clone()).map_err(ApiError::internal)?;
    let stage_mapping: BTreeMap<String, String> =
        serde_json::from_value(import.stage_mapping.clone()).unwrap_or_default();
    preview(t, kind, &file, &mapping, &stage_mapping)
}
