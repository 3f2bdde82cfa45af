//! `/app/admin/stages`: the pipeline's stages in order, per pipeline (new
//! business, retention), with win probability, kind and how many deals sit
//! in each. Owners and admins add, edit, reorder and deactivate stages.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::{use_session, Forbidden},
    },
    model::SessionInfo,
    pages::sales_ui::{failed, Editor, Feedback, LoadError, Toast},
    problem::Problem,
    sales_api::{load_stages, CreateStage, MoveStage, SetStageActive, UpdateStage},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateStage>,
    update: ServerAction<UpdateStage>,
    moves: ServerAction<MoveStage>,
    toggle: ServerAction<SetStageActive>,
}

#[component]
pub fn StagesPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        moves: ServerAction::new(),
        toggle: ServerAction::new(),
    };
    feedback.watch(actions.create, |_| "Stage added.".to_owned());
    feedback.watch(actions.update, |_| "Stage saved.".to_owned());
    feedback.watch(actions.moves, |_| "Stage moved.".to_owned());
    feedback.watch(actions.toggle, |_| "Stage status changed.".to_owned());
    let stages = Resource::new(move || feedback.refresh.get(), |_| load_stages());
    view! {
        <Title text="Pipeline stages · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.is_admin() {
                    return view! { <Forbidden info/> }.into_any();
                }
                let stages = stages.await;
                view! { <Stages info stages actions/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Stages(
    info: SessionInfo,
    stages: Result<Vec<StageRow>, Problem>,
    actions: Actions,
) -> impl IntoView {
    let csrf = info.csrf_token.clone();
    let problems = [
        last_problem(actions.moves.value()),
        last_problem(actions.toggle.value()),
    ];
    let new_csrf = csrf.clone();
    let header = view! {
        <div class="page-header">
            <div>
                <h1>"Pipeline stages"</h1>
                <p class="muted">"Every deal sits in one stage; each move is a milestone, the data behind conversion rates and cycle length."</p>
            </div>
            <div class="page-actions">
                <a class="btn btn-secondary" href="/app/onboarding">"Start from a sales model"</a>
                <Editor label="Add stage" title="Add a stage" class="btn btn-primary" testid="add-stage" open_when=failed(last_problem(actions.create.value()))>
                    <NewStage csrf=new_csrf actions/>
                </Editor>
            </div>
        </div>
    };
    let stages = match stages {
        Ok(stages) => stages,
        Err(problem) => return view! { {header} <LoadError problem/> }.into_any(),
    };
    view! {
        {header}
        {problems.into_iter().map(|problem| view! { <FormError problem/> }).collect_view()}
        {PIPELINES.iter().map(|(pipeline, label)| {
            let group: Vec<StageRow> = stages.iter().filter(|s| s.pipeline == *pipeline).cloned().collect();
            let description = if *pipeline == "new_business" {
                "Winning new logos: from the first lead to closed won or lost."
            } else {
                "Keeping and growing customers: renewals, cross-sell and upsell."
            };
            view! {
                <section class="card card-flush" data-testid=format!("stages-{pipeline}")>
                    <div class="card-header card-header-padded">
                        <div><h2>{*label}</h2><p class="muted small">{description}</p></div>
                        <span class="badge badge-neutral">{format!("{} stages", group.len())}</span>
                    </div>
                    {if group.is_empty() {
                        view! { <p class="muted card-body">"No stages in this pipeline."</p> }.into_any()
                    } else {
                        view! { <StageTable group csrf=csrf.clone() actions/> }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
    }
    .into_any()
}

#[component]
fn StageTable(group: Vec<StageRow>, csrf: String, actions: Actions) -> impl IntoView {
    let last = group.len().saturating_sub(1);
    let positions: Vec<i32> = group.iter().map(|s| s.position).collect();
    view! {
        <div class="table-scroll">
            <table class="table stage-table">
                <thead><tr>
                    <th class="num">"#"</th><th>"Stage"</th><th>"Kind"</th><th>"Probability"</th><th class="num">"Deals"</th><th>"Status"</th>
                    <th><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {group.into_iter().enumerate().map(|(i, stage)| {
                        let up = (i > 0).then(|| positions[i - 1]);
                        let down = (i < last).then(|| positions[i + 1]);
                        view! { <StageLine stage order=i + 1 up down csrf=csrf.clone() actions/> }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn StageLine(
    stage: StageRow,
    order: usize,
    up: Option<i32>,
    down: Option<i32>,
    csrf: String,
    actions: Actions,
) -> impl IntoView {
    let move_button = |to: Option<i32>, label: &'static str, glyph: &'static str| {
        let csrf = csrf.clone();
        let stage = stage.clone();
        match to {
            Some(position) => view! {
                <ActionForm action=actions.moves attr:class="inline">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="stage_id" value=stage.id.clone()/>
                    <input type="hidden" name="version" value=stage.version.to_string()/>
                    <input type="hidden" name="position" value=position.to_string()/>
                    <button class="btn btn-secondary btn-icon" type="submit" aria-label=format!("{label}: {}", stage.name) title=label>{glyph}</button>
                </ActionForm>
            }
            .into_any(),
            None => view! { <span class="btn-icon-placeholder" aria-hidden="true"></span> }.into_any(),
        }
    };
    let problem = last_problem(actions.update.value());
    let s = stage.clone();
    let kind_locked = s.deal_count > 0;
    let (up, down) = (
        move_button(up, "Move up", "↑"),
        move_button(down, "Move down", "↓"),
    );
    let edit_csrf = csrf.clone();
    let (title, testid) = (format!("Edit {}", s.name), format!("edit-{}", s.key));
    let (stage_id, version, active) = (stage.id.clone(), stage.version.to_string(), stage.active);
    let toggle_testid = format!("toggle-{}", stage.key);
    view! {
        <tr data-testid=format!("stage-{}", stage.key) class=(!stage.active).then_some("row-muted")>
            <td class="num">{order.to_string()}</td>
            <td><strong>{stage.name.clone()}</strong><span class="stage-key mono">{stage.key.clone()}</span></td>
            <td><span class=status_badge(&stage.kind)>{stage_kind_label(&stage.kind).to_owned()}</span></td>
            <td>
                <span class="prob">
                    <span class="prob-track" aria-hidden="true"><span class="prob-fill" style=format!("--score: {}%", stage.probability)></span></span>
                    <span class="prob-value">{format!("{}%", stage.probability)}</span>
                </span>
            </td>
            <td class="num">{stage.deal_count.to_string()}</td>
            <td>{if stage.active {
                view! { <span class="badge badge-ahead">"Active"</span> }.into_any()
            } else {
                view! { <span class="badge badge-neutral">"Inactive"</span> }.into_any()
            }}</td>
            <td>
                <div class="row-actions">
                    {up}
                    {down}
                    <Editor label="Edit" title testid>
                        <ActionForm action=actions.update attr:class="form">
                            <input type="hidden" name="csrf" value=edit_csrf/>
                            <input type="hidden" name="stage_id" value=s.id.clone()/>
                            <input type="hidden" name="version" value=s.version.to_string()/>
                            <div class="field">
                                <label for=format!("stage-name-{}", s.key)>"Name"</label>
                                <input id=format!("stage-name-{}", s.key) name="name" value=s.name.clone() required=true/>
                                <FieldError problem field="name"/>
                            </div>
                            <div class="form-grid">
                                <div class="field">
                                    <label for=format!("stage-prob-{}", s.key)>"Win probability %"</label>
                                    <input id=format!("stage-prob-{}", s.key) name="probability" type="number" min="0" max="100" value=s.probability.to_string() required=true/>
                                    <FieldError problem field="probability"/>
                                </div>
                                <div class="field">
                                    <label for=format!("stage-kind-{}", s.key)>"Kind"</label>
                                    <select id=format!("stage-kind-{}", s.key) name="kind">
                                        {STAGE_KINDS.iter().map(|(key, label)| view! { <option value=*key selected=*key == s.kind>{*label}</option> }).collect_view()}
                                    </select>
                                    {kind_locked.then(|| view! { <p class="hint">"Deals sit here: move them before changing the kind."</p> })}
                                    <FieldError problem field="kind"/>
                                </div>
                            </div>
                            <FormError problem fields=&["name", "probability", "kind"]/>
                            <div class="form-actions"><button class="btn btn-primary" type="submit">"Save"</button></div>
                        </ActionForm>
                    </Editor>
                    <ActionForm action=actions.toggle attr:class="inline">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="stage_id" value=stage_id/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="active" value=if active { "false" } else { "true" }/>
                        <button class="btn-link" type="submit" data-testid=toggle_testid>{if active { "Deactivate" } else { "Activate" }}</button>
                    </ActionForm>
                </div>
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn NewStage(csrf: String, actions: Actions) -> impl IntoView {
    let problem = last_problem(actions.create.value());
    view! {
        <ActionForm action=actions.create attr:class="form" attr:data-testid="stage-form">
            <input type="hidden" name="csrf" value=csrf/>
            <div class="field">
                <label for="new-stage-name">"Name"</label>
                <input id="new-stage-name" name="name" required=true placeholder="Technical validation"/>
                <FieldError problem field="name"/>
            </div>
            <div class="field">
                <label for="new-stage-key">"Key"</label>
                <input id="new-stage-key" name="key" placeholder="technical_validation" autocapitalize="none"/>
                <p class="hint">"Used by imports and the API. Left empty, it is made from the name."</p>
                <FieldError problem field="key"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="new-stage-prob">"Win probability %"</label>
                    <input id="new-stage-prob" name="probability" type="number" min="0" max="100" required=true/>
                    <FieldError problem field="probability"/>
                </div>
                <div class="field">
                    <label for="new-stage-position">"Position"</label>
                    <input id="new-stage-position" name="position" type="number" min="1" placeholder="At the end"/>
                    <FieldError problem field="position"/>
                </div>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="new-stage-kind">"Kind"</label>
                    <select id="new-stage-kind" name="kind">
                        {STAGE_KINDS.iter().map(|(key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="kind"/>
                </div>
                <div class="field">
                    <label for="new-stage-pipeline">"Pipeline"</label>
                    <select id="new-stage-pipeline" name="pipeline">
                        {PIPELINES.iter().map(|(key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                    </select>
                    <FieldError problem field="pipeline"/>
                </div>
            </div>
            <FormError problem fields=&["name", "key", "probability", "position", "kind", "pipeline"]/>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"Add stage"</button></div>
        </ActionForm>
    }
    .into_any()
}
