//! `/app/imports` (owners and admins): bring people, accounts, deals and
//! activities over from a CRM export. [`ImportWizard`] is the whole flow,
//! reusable on other pages: upload a CSV, check the preview (the detected
//! CRM, the column and stage mapping, sample rows and every refused row with
//! its line), adjust the mapping, start, watch the progress, then the counts
//! and the refused rows as a CSV to fix and upload again.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
    },
    model::SessionInfo,
    pages::{perf_ui::Meter, sales_ui::LoadError},
    perf_api::{
        get_import, load_imports, model::*, upload_import, StartImport, UpdateImportMapping,
        UploadImport,
    },
    problem::Problem,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

#[component]
pub fn ImportsPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let open = Memo::new(move |_| query.read().get("import").unwrap_or_default());
    let data = Resource::new(move || open.get(), load_imports);
    view! {
        <Title text="Imports · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                match data.await {
                    Ok(page) => view! { <Imports info page/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Imports"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Imports(info: SessionInfo, page: ImportsPage) -> impl IntoView {
    let recent = RwSignal::new(page.recent.clone());
    let on_change = Callback::new(move |import: ImportData| {
        let row = ImportListRow {
            id: import.id.clone(),
            kind: import.kind.clone(),
            file_name: import.file_name.clone(),
            status: import.status.clone(),
            total_rows: import.total_rows,
            created_rows: import.created_rows,
            updated_rows: import.updated_rows,
            rejected_rows: import.rejected_rows,
            created: import.created.clone(),
        };
        recent.update(|rows| match rows.iter_mut().find(|r| r.id == row.id) {
            Some(existing) => *existing = row,
            None => rows.insert(0, row),
        });
    });
    view! {
        <div class="page-header">
            <div>
                <h1>"Imports"</h1>
                <p class="muted">"Bring your team, accounts, deals and activities over from your CRM's CSV exports. Nothing is imported until you have checked the preview and started it."</p>
            </div>
        </div>
        <ImportWizard csrf=info.csrf_token.clone() initial=page.open.clone() on_change/>
        <section class="card card-flush import-recent">
            <div class="card-header card-header-padded"><h2>"Recent imports"</h2></div>
            {move || {
                let rows = recent.get();
                if rows.is_empty() {
                    return view! { <p class="card-body muted">"No imports yet."</p> }.into_any();
                }
                view! {
                    <div class="table-scroll">
                        <table class="table" data-testid="import-list">
                            <thead><tr>
                                <th>"File"</th><th>"Kind"</th><th>"Status"</th><th class="num">"Rows"</th>
                                <th class="num">"Created"</th><th class="num">"Updated"</th><th class="num">"Refused"</th><th>"Uploaded"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/app/imports?import={}", r.id)>{r.file_name.clone()}</a></td>
                                        <td>{import_kind_label(&r.kind).to_owned()}</td>
                                        <td><span class=import_status_badge(&r.status)>{import_status_label(&r.status).to_owned()}</span></td>
                                        <td class="num">{count(i64::from(r.total_rows))}</td>
                                        <td class="num">{count(i64::from(r.created_rows))}</td>
                                        <td class="num">{count(i64::from(r.updated_rows))}</td>
                                        <td class="num">{count(i64::from(r.rejected_rows))}</td>
                                        <td class="nowrap">{r.created.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The import flow: upload → preview and mapping → start → progress →
/// counts and refused rows. `initial` resumes an import; `kind` preselects
/// what the file holds; `on_change` hears every new state of the import.
#[component]
pub fn ImportWizard(
    #[prop(into)] csrf: String,
    #[prop(default = None)] initial: Option<ImportData>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional, into)] on_change: Option<Callback<ImportData>>,
) -> impl IntoView {
    let current = RwSignal::new(initial);
    let uploading = RwSignal::new(false);
    let upload_problem = RwSignal::new(None::<Problem>);
    let remap = ServerAction::<UpdateImportMapping>::new();
    let start = ServerAction::<StartImport>::new();
    Effect::new(move |_| {
        if let Some(Ok(data)) = remap.value().get() {
            current.set(Some(data));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(data)) = start.value().get() {
            current.set(Some(data));
        }
    });
    Effect::new(move |_| {
        if let (Some(data), Some(callback)) = (current.get(), on_change) {
            callback.run(data);
        }
    });
    // While the worker runs the import, read its progress again and again.
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        retry.track();
        let Some(id) =
            current.with(|c| c.as_ref().filter(|d| d.is_running()).map(|d| d.id.clone()))
        else {
            return;
        };
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    match get_import(id.clone()).await {
                        Ok(fresh) => {
                            let same = current
                                .try_with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id))
                                .unwrap_or(false);
                            if same {
                                current.try_set(Some(fresh));
                            }
                        }
                        Err(_) => {
                            retry.try_update(|n| *n += 1);
                        }
                    }
                });
            },
            Duration::from_millis(700),
        );
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        uploading.set(true);
        upload_problem.set(None);
        leptos::task::spawn_local(async move {
            match upload_import(data.into()).await {
                Ok(import) => {
                    current.try_set(Some(import));
                }
                Err(problem) => {
                    upload_problem.try_set(Some(problem));
                }
            }
            uploading.try_set(false);
        });
    };
    let upload_path = <UploadImport as ServerFn>::PATH;
    let upload = {
        let csrf = csrf.clone();
        let problem = Signal::derive(move || upload_problem.get());
        move || {
            let csrf = csrf.clone();
            view! {
                <form class="card import-upload" method="post" enctype="multipart/form-data"
                    action=upload_path on:submit=on_submit data-testid="import-upload">
                    <div class="card-header"><h2>"Upload a CSV file"</h2></div>
                    <p class="muted">"Exports from HubSpot and Salesforce are recognised and mapped for you; any other CSV works with a mapping you adjust. Up to 64 MiB."</p>
                    <input type="hidden" name="csrf" value=csrf/>
                    <div class="import-upload-fields">
                        <div class="field">
                            <label for="import-kind">"The file holds"</label>
                            <select id="import-kind" name="kind">
                                {IMPORT_KINDS.iter().map(|(key, label)| view! {
                                    <option value=*key selected=Some(*key) == kind>{*label}</option>
                                }).collect_view()}
                            </select>
                            <FieldError problem field="kind"/>
                        </div>
                        <div class="field">
                            <label for="import-file">"CSV file"</label>
                            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required=true/>
                            <FieldError problem field="file"/>
                        </div>
                        <div class="form-actions">
                            <button class="btn btn-primary" type="submit" disabled=move || uploading.get() data-testid="import-upload-submit">
                                {move || if uploading.get() { "Reading the file…" } else { "Upload and preview" }}
                            </button>
                        </div>
                    </div>
                    <FormError problem fields=&["kind", "file"]/>
                </form>
            }
        }
    };
    view! {
        <div class="import-wizard" data-testid="import-wizard">
            {move || match current.get() {
                None => upload().into_any(),
                Some(data) => view! {
                    <ImportState data csrf=csrf.clone() remap start reset=Callback::new(move |()| current.set(None))/>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ImportState(
    data: ImportData,
    csrf: String,
    remap: ServerAction<UpdateImportMapping>,
    start: ServerAction<StartImport>,
    reset: Callback<()>,
) -> impl IntoView {
    let steps = [
        ("Upload", true),
        ("Check the preview", true),
        ("Import", data.status != "previewed"),
        ("Review", data.status == "done"),
    ];
    let head = view! {
        <div class="card import-head">
            <ol class="import-steps" aria-label="Steps">
                {steps.into_iter().map(|(label, reached)| view! {
                    <li class=if reached { "reached" } else { "" }>{label}</li>
                }).collect_view()}
            </ol>
            <div class="import-head-row">
                <div>
                    <h2 class="import-file" data-testid="import-file">{data.file_name.clone()}</h2>
                    <p class="muted small">
                        <span>{format!("{} · {} · {} rows · uploaded {}", import_kind_label(&data.kind), source_label(&data.source), count(i64::from(data.total_rows)), data.created)}</span>
                    </p>
                </div>
                <div class="row">
                    <span class=import_status_badge(&data.status) data-testid="import-status">{import_status_label(&data.status).to_owned()}</span>
                    {(!data.is_running()).then(|| view! {
                        <button type="button" class="btn btn-secondary btn-small" on:click=move |_| reset.run(()) data-testid="import-another">"Upload another file"</button>
                    })}
                </div>
            </div>
        </div>
    };
    let body = match data.status.as_str() {
        "queued" | "running" => view! { <Progress data=data.clone()/> }.into_any(),
        "done" => view! { <Finished data=data.clone()/> }.into_any(),
        _ => match data.preview.clone() {
            Some(preview) => {
                view! { <Preview data=data.clone() preview csrf remap start/> }.into_any()
            }
            None => view! { <Failed data=data.clone() csrf start/> }.into_any(),
        },
    };
    view! { {head} {body} }
}

#[component]
fn Preview(
    data: ImportData,
    preview: PreviewData,
    csrf: String,
    remap: ServerAction<UpdateImportMapping>,
    start: ServerAction<StartImport>,
) -> impl IntoView {
    let remap_problem = last_problem(remap.value());
    let start_problem = last_problem(start.value());
    let form = NodeRef::<leptos::html::Form>::new();
    let submit = move || {
        if let Some(form) = form.get_untracked() {
            let _ = form.request_submit();
        }
    };
    let pending = remap.pending();
    let required: Vec<(String, bool)> = preview
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            (
                f.label.clone(),
                !preview.missing_required.contains(&f.label),
            )
        })
        .collect();
    let ready = preview.missing_required.is_empty();
    let importable = preview.good_rows;
    let facts = format!(
        "{} delimited · dates read {} · {}",
        preview.delimiter,
        preview.date_order.replace('_', " "),
        if preview.decimal_comma {
            "decimal comma"
        } else {
            "decimal point"
        }
    );
    let stage_rows = preview.stages.clone();
    let (map_csrf, map_id) = (csrf.clone(), data.id.clone());
    let refused_class = if preview.rejected_rows > 0 {
        "card stat import-refused"
    } else {
        "card stat"
    };
    let refused_badge = if preview.rejected_rows > 0 {
        "badge badge-behind"
    } else {
        "badge badge-ahead"
    };
    let pipeline = preview.pipeline.clone();
    let refused_by_stage: usize = stage_rows
        .iter()
        .filter(|s| s.stage_key.is_none())
        .map(|s| s.rows)
        .sum();
    view! {
        <div class="import-preview" data-testid="import-preview">
            <div class="kpi-grid import-counts">
                <div class="card stat"><p class="stat-label">"Rows in the file"</p><p class="stat-value">{count(i64::from(data.total_rows))}</p><p class="stat-sub">{facts}</p></div>
                <div class="card stat"><p class="stat-label">"Ready to import"</p><p class="stat-value" data-testid="import-good">{count(importable as i64)}</p><p class="stat-sub">"Created, or updated when they exist"</p></div>
                <div class=refused_class>
                    <p class="stat-label">"Will be refused"</p>
                    <p class="stat-value" data-testid="import-refused-count">{count(preview.rejected_rows as i64)}</p>
                    <p class="stat-sub">"Listed below with line and reason"</p>
                </div>
            </div>
            <section class="card">
                <div class="card-header">
                    <h2>"Column mapping"</h2>
                    {move || pending.get().then(|| view! { <span class="muted small">"Updating the preview…"</span> })}
                </div>
                <ul class="chips import-required" aria-label="Required fields">
                    {required.into_iter().map(|(label, mapped)| view! {
                        <li class=if mapped { "chip chip-ok" } else { "chip chip-missing" }>
                            <span>{if mapped { "✓ " } else { "✗ " }}</span>
                            <span>{label}</span>
                        </li>
                    }).collect_view()}
                </ul>
                {(!ready).then(|| view! {
                    <p class="field-error" data-testid="import-missing">{format!("Map a column to each required field: {} is missing.", preview.missing_required.join(", "))}</p>
                })}
                <ActionForm action=remap node_ref=form attr:class="import-mapping" attr:data-testid="import-mapping">
                    <input type="hidden" name="csrf" value=map_csrf/>
                    <input type="hidden" name="import_id" value=map_id/>
                    <input type="hidden" name="version" value=data.version.to_string()/>
                    <div class="table-scroll">
                        <table class="table table-compact">
                            <thead><tr><th>"Column in the file"</th><th>"Imports as"</th></tr></thead>
                            <tbody>
                                {preview.headers.iter().enumerate().map(|(i, header)| {
                                    let chosen = data.mapping.get(header).cloned().unwrap_or_default();
                                    let select_id = format!("map-{i}");
                                    view! {
                                        <tr class=if chosen.is_empty() { "row-muted" } else { "" }>
                                            <td><label for=select_id.clone()><strong>{header.clone()}</strong></label></td>
                                            <td>
                                                <input type="hidden" name=format!("columns[{i}][column]") value=header.clone()/>
                                                <select id=select_id name=format!("columns[{i}][field]") on:change=move |_| submit() data-column=header.clone()>
                                                    <option value="" selected=chosen.is_empty()>"— ignore this column —"</option>
                                                    {preview.fields.iter().map(|f| {
                                                        let label = if f.required { format!("{} (required)", f.label) } else { f.label.clone() };
                                                        view! { <option value=f.field.clone() selected=f.field == chosen>{label}</option> }
                                                    }).collect_view()}
                                                </select>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(!stage_rows.is_empty()).then(|| view! {
                        <h3 class="import-subhead">"Stages"</h3>
                        <p class="muted small">"Each stage of your CRM goes to a stage of your pipeline. Rows of a stage with no match are refused."</p>
                        <div class="table-scroll">
                            <table class="table table-compact" data-testid="import-stages">
                                <thead><tr><th>"Stage in the CRM"</th><th class="num">"Rows"</th><th>"Pipeline stage"</th></tr></thead>
                                <tbody>
                                    {stage_rows.iter().enumerate().map(|(i, s)| {
                                        let key = s.stage_key.clone().unwrap_or_default();
                                        let select_id = format!("stage-map-{i}");
                                        view! {
                                            <tr class=if key.is_empty() { "import-unmapped" } else { "" }>
                                                <td><label for=select_id.clone()><strong>{s.crm_stage.clone()}</strong></label></td>
                                                <td class="num">{count(s.rows as i64)}</td>
                                                <td>
                                                    <input type="hidden" name=format!("stages[{i}][crm_stage]") value=s.crm_stage.clone()/>
                                                    <select id=select_id name=format!("stages[{i}][stage_key]") on:change=move |_| submit()>
                                                        <option value="" selected=key.is_empty()>{if s.stage_key.is_none() { "— no match: rows refused —" } else { "— suggested —" }}</option>
                                                        {pipeline.iter().map(|(k, name)| view! {
                                                            <option value=k.clone() selected=*k == key>{name.clone()}</option>
                                                        }).collect_view()}
                                                    </select>
                                                    {(!s.chosen && s.stage_key.is_some()).then(|| view! { <span class="muted small">" suggested"</span> })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                    <FieldError problem=remap_problem field="mapping"/>
                    <FieldError problem=remap_problem field="stage_mapping"/>
                    <FormError problem=remap_problem fields=&["mapping", "stage_mapping"]/>
                    <div class="form-actions"><button class="btn btn-secondary btn-small" type="submit" data-testid="import-apply-mapping">"Apply the mapping"</button></div>
                </ActionForm>
            </section>
            <section class="card">
                <div class="card-header"><h2>"Sample rows"</h2><span class="muted small">"As they will be imported"</span></div>
                {if preview.sample_rows.is_empty() {
                    view! { <p class="muted">"No row of the file can be imported with this mapping."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="table table-compact import-sample" data-testid="import-sample">
                                <thead><tr>{preview.sample_columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view()}</tr></thead>
                                <tbody>
                                    {preview.sample_rows.iter().map(|row| view! {
                                        <tr>{row.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}</tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
            <section class="card">
                <div class="card-header">
                    <h2>"Refused rows"</h2>
                    <span class=refused_badge>
                        {match preview.rejected_rows { 0 => "None".to_owned(), 1 => "1 row".to_owned(), n => format!("{} rows", count(n as i64)) }}
                    </span>
                </div>
                {if preview.rejections.is_empty() && refused_by_stage == 0 {
                    view! { <p class="muted">"Every row can be imported."</p> }.into_any()
                } else {
                    view! {
                        {(refused_by_stage > 0).then(|| view! {
                            <p class="muted small">{match refused_by_stage {
                                1 => "1 row is refused because its stage has no pipeline stage; map the stage above to import it.".to_owned(),
                                n => format!("{} rows are refused because their stage has no pipeline stage; map the stage above to import them.", count(n as i64)),
                            }}</p>
                        })}
                        {(!preview.rejections.is_empty()).then(|| view! {
                            <div class="table-scroll">
                                <table class="table table-compact" data-testid="import-rejections">
                                    <thead><tr><th class="num">"Line"</th><th>"Column"</th><th>"Reason"</th></tr></thead>
                                    <tbody>
                                        {preview.rejections.iter().map(|r| view! {
                                            <tr>
                                                <td class="num" data-testid="rejection-line">{r.line.to_string()}</td>
                                                <td class="nowrap">{r.column.clone()}</td>
                                                <td>{r.reason.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                    }.into_any()
                }}
            </section>
            <ActionForm action=start attr:class="card import-start" attr:data-testid="import-start-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="import_id" value=data.id.clone()/>
                <input type="hidden" name="version" value=data.version.to_string()/>
                <div>
                    <strong>{format!("Import {} rows", count(importable as i64))}</strong>
                    <p class="muted small">{if ready { "Refused rows are skipped; download them afterwards to fix and upload again." } else { "Map every required field first." }}</p>
                    <FieldError problem=start_problem field="mapping"/>
                    <FormError problem=start_problem fields=&["mapping"]/>
                </div>
                <button class="btn btn-primary" type="submit" disabled=!ready || importable == 0 data-testid="import-start">"Start import"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Progress(data: ImportData) -> impl IntoView {
    let percent = data.progress_percent();
    view! {
        <section class="card import-progress" data-testid="import-progress">
            <div class="card-header"><h2>"Importing"</h2><span class="muted small">{format!("{percent}%")}</span></div>
            <Meter percent=percent as f64 tone="meter-good" label="Import progress"/>
            <p class="muted">
                <span>{format!("{} of {} rows processed", count(i64::from(data.processed_rows)), count(i64::from(data.total_rows)))}</span>
                <span>{if data.status == "queued" { " · waiting for the worker" } else { "" }}</span>
            </p>
        </section>
    }
}

#[component]
fn Finished(data: ImportData) -> impl IntoView {
    let download = (data.rejected_rows > 0).then(|| {
        view! {
            <a class="btn btn-secondary" href=data.rejections_href() download="" data-testid="import-rejections-download">
                {format!("Download the {} refused rows (CSV)", count(i64::from(data.rejected_rows)))}
            </a>
        }
    });
    view! {
        <section class="card import-done" data-testid="import-done">
            <div class="card-header">
                <h2>"Import finished"</h2>
                <span class="muted small">{data.finished.clone().map(|at| format!("at {at}")).unwrap_or_default()}</span>
            </div>
            <Meter percent=100.0 tone="meter-good" label="Import progress"/>
            <div class="kpi-grid import-counts">
                <div class="stat"><p class="stat-label">"Created"</p><p class="stat-value" data-testid="import-created">{count(i64::from(data.created_rows))}</p></div>
                <div class="stat"><p class="stat-label">"Updated"</p><p class="stat-value" data-testid="import-updated">{count(i64::from(data.updated_rows))}</p></div>
                <div class="stat"><p class="stat-label">"Refused"</p><p class="stat-value" data-testid="import-refused">{count(i64::from(data.rejected_rows))}</p></div>
            </div>
            <div class="row">
                {download}
                {(data.rejected_rows == 0).then(|| view! { <p class="muted">"Every row was imported."</p> })}
            </div>
        </section>
    }
}

#[component]
fn Failed(data: ImportData, csrf: String, start: ServerAction<StartImport>) -> impl IntoView {
    let problem = last_problem(start.value());
    let failed = data.status == "failed";
    view! {
        <section class="card import-failed" data-testid="import-failed">
            <div class="card-header"><h2>{if failed { "The import stopped" } else { "Preview unavailable" }}</h2></div>
            <p class="form-error">{data.error.clone().unwrap_or_else(|| "The worker could not finish this import.".to_owned())}</p>
            <p class="muted">{format!("{} of {} rows were processed before it stopped; starting again skips rows already imported.", count(i64::from(data.processed_rows)), count(i64::from(data.total_rows)))}</p>
            <ActionForm action=start attr:class="row">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="import_id" value=data.id.clone()/>
                <input type="hidden" name="version" value=data.version.to_string()/>
                <button class="btn btn-primary" type="submit">"Start again"</button>
            </ActionForm>
            <FormError problem/>
        </section>
    }
}
