//! `/app/tasks` and `/app/activities`: the execution side of the sales
//! cycle. Tasks in tabs (mine, my team's, overdue, highlighted with how
//! late they are), each opened beside the list to tick its to-do items,
//! record its measured result, complete or reopen it and read its history.
//! Activities logged against deals, listed with filters, and this week's
//! counts against the targets of the caller's sales role.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::{Page, SessionInfo},
    pages::{
        perf_ui::{Meter, TabLinks, TargetBars, TargetRow},
        sales_ui::{Editor, Empty, Feedback, LoadError, NoSalesAccess, PageLinks, Toast},
    },
    perf_api::{
        load_activities, load_task, load_tasks, model::*, CreateTask, LogActivity, SetTaskStatus,
        UpdateTaskItems, UpdateTaskResult,
    },
    sales_model::{query_string, sales_role_label},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

const TASKS: &str = "/app/tasks";
const ACTIVITIES: &str = "/app/activities";

/// The task page's address for a tab, status and open task.
fn tasks_href(tab: &str, status: &str, task: &str) -> String {
    format!(
        "{TASKS}{}",
        query_string(&[
            ("tab", if tab == "mine" { "" } else { tab }),
            ("status", if status == "open" { "" } else { status }),
            ("task", task),
        ])
    )
}

#[derive(Clone, Copy)]
struct TaskActions {
    create: ServerAction<CreateTask>,
    items: ServerAction<UpdateTaskItems>,
    result: ServerAction<UpdateTaskResult>,
    status: ServerAction<SetTaskStatus>,
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = TaskActions {
        create: ServerAction::new(),
        items: ServerAction::new(),
        result: ServerAction::new(),
        status: ServerAction::new(),
    };
    feedback.watch(actions.create, |_| "Task created.".to_owned());
    feedback.watch(actions.items, |_| "Checklist saved.".to_owned());
    feedback.watch(actions.result, |_| "Measured result recorded.".to_owned());
    feedback.watch(actions.status, |status: &String| {
        match status.as_str() {
            "done" => "Task completed.",
            "open" => "Task reopened.",
            _ => "Task cancelled.",
        }
        .to_owned()
    });
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        let page = get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1);
        (get("tab"), get("status"), page)
    });
    let open_task = Memo::new(move |_| query.read().get("task").unwrap_or_default());
    let list = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((tab, status, page), _)| load_tasks(tab, status, page),
    );
    let detail = Resource::new(
        move || (open_task.get(), feedback.refresh.get()),
        |(id, _)| load_task(id),
    );
    view! {
        <Title text="Tasks · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let (list, detail) = (list.await, detail.await);
                match list {
                    Ok(page) => view! { <Tasks info page detail actions/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Tasks"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Tasks(
    info: SessionInfo,
    page: TasksPage,
    detail: Result<Option<TaskDetail>, crate::problem::Problem>,
    actions: TaskActions,
) -> impl IntoView {
    let mut tabs = vec![("mine", "Mine", tasks_href("mine", &page.status, ""))];
    if page.has_team {
        tabs.push(("team", "My team", tasks_href("team", &page.status, "")));
    }
    tabs.push(("overdue", "Overdue", tasks_href("overdue", "open", "")));
    let new_task = page.may_edit.then(|| {
        let (info, page) = (info.clone(), page.clone());
        view! {
            <Editor label="New task" title="New task" class="btn btn-primary" testid="new-task">
                <NewTask info page create=actions.create/>
            </Editor>
        }
    });
    let status_filter = (page.tab != "overdue").then(|| {
        let status = page.status.clone();
        let tab = page.tab.clone();
        view! {
            <Form method="get" action=TASKS attr:class="filters perf-inline-form">
                <input type="hidden" name="tab" value=tab/>
                <label class="sr-only" for="task-status-filter">"Status"</label>
                <select id="task-status-filter" name="status">
                    {[("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled"), ("any", "Any status")].into_iter().map(|(key, label)| view! {
                        <option value=key selected=key == status.as_str()>{label}</option>
                    }).collect_view()}
                </select>
                <button class="btn btn-secondary btn-small" type="submit">"Show"</button>
            </Form>
        }
    });
    let subtitle = match page.tab.as_str() {
        "overdue" => "Open tasks past their due day, the latest first to catch up on.",
        "team" => "Tasks of the people who report to you.",
        _ => "What you have committed to, soonest due first.",
    };
    let open_id = detail
        .as_ref()
        .ok()
        .and_then(|d| d.as_ref().map(|d| d.row.id.clone()))
        .unwrap_or_default();
    let panel = match detail {
        Ok(Some(task)) => {
            let close = tasks_href(&page.tab, &page.status, "");
            Some(view! { <TaskPanel info=info.clone() task close actions/> }.into_any())
        }
        Ok(None) => None,
        Err(problem) => Some(view! { <LoadError problem/> }.into_any()),
    };
    let has_panel = panel.is_some();
    view! {
        <div class="page-header">
            <div>
                <h1>"Tasks"</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <div class="page-actions">{new_task}</div>
        </div>
        <div class="perf-toolbar">
            <TabLinks tabs current=page.tab.clone() label="Tasks"/>
            {status_filter}
        </div>
        <div class=if has_panel { "work-split with-panel" } else { "work-split" }>
            <TaskList page=page.clone() open_id/>
            {panel}
        </div>
    }
    .into_any()
}

fn overdue_text(days: i64) -> String {
    match days {
        1 => "1 day overdue".to_owned(),
        n => format!("{n} days overdue"),
    }
}

fn task_status_badge(row: &TaskRow) -> (&'static str, String) {
    match (row.status.as_str(), row.overdue) {
        (_, true) => ("badge badge-behind", overdue_text(row.days_overdue)),
        ("done", _) => ("badge badge-ahead", "Done".to_owned()),
        ("cancelled", _) => ("badge badge-neutral", "Cancelled".to_owned()),
        _ => ("badge badge-on-track", "Open".to_owned()),
    }
}

#[component]
fn TaskList(page: TasksPage, open_id: String) -> impl IntoView {
    if page.list.items.is_empty() {
        let (title, text) = match page.tab.as_str() {
            "overdue" => ("Nothing overdue", "Every open task is on schedule."),
            "team" => (
                "No tasks in your team",
                "Tasks of the people who report to you appear here.",
            ),
            _ => (
                "No tasks here",
                "Create a task for the next thing you have to do, with its to-do items.",
            ),
        };
        return view! { <Empty title text/> }.into_any();
    }
    let last = page.list.last_page();
    let params = vec![
        (
            "tab",
            if page.tab == "mine" {
                String::new()
            } else {
                page.tab.clone()
            },
        ),
        (
            "status",
            if page.status == "open" {
                String::new()
            } else {
                page.status.clone()
            },
        ),
    ];
    view! {
        <div class="work-list">
            <div class="table-wrap sales-wrap">
                <table class="table task-table" data-testid="task-list">
                    <thead><tr><th>"Task"</th><th class="col-owner">"Owner"</th><th>"Due"</th><th class="col-checklist">"Checklist"</th><th>"Status"</th></tr></thead>
                    <tbody>
                        {page.list.items.iter().map(|row| {
                            let href = tasks_href(&page.tab, &page.status, &row.id);
                            let (badge, status) = task_status_badge(row);
                            let mut class = String::from("task-row");
                            if row.overdue { class.push_str(" task-overdue"); }
                            if row.id == open_id { class.push_str(" task-open"); }
                            let checklist = if row.items_total > 0 {
                                let share = row.items_done as f64 * 100.0 / row.items_total as f64;
                                view! {
                                    <span class="task-checklist">
                                        <Meter percent=share tone="meter-good" label="To-do items done"/>
                                        <span>{format!("{}/{}", row.items_done, row.items_total)}</span>
                                    </span>
                                }.into_any()
                            } else {
                                view! { <span class="task-checklist muted">"–"</span> }.into_any()
                            };
                            view! {
                                <tr class=class data-testid="task-row" data-overdue=row.overdue.to_string()>
                                    <td><a class="task-title" href=href>{row.title.clone()}</a></td>
                                    <td class="nowrap col-owner">{row.owner.clone()}</td>
                                    <td class="nowrap task-due">{row.due_date.clone()}</td>
                                    <td class="col-checklist">{checklist}</td>
                                    <td class="nowrap"><span class=badge data-testid="task-status">{status}</span></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <PageLinks path=TASKS params page=page.list.page last_page=last total=page.list.total noun="tasks"/>
        </div>
    }
    .into_any()
}

#[component]
fn TaskPanel(
    info: SessionInfo,
    task: TaskDetail,
    close: String,
    actions: TaskActions,
) -> impl IntoView {
    let csrf = info.csrf_token.clone();
    let row = task.row.clone();
    let (badge, status) = task_status_badge(&row);
    let version = task.version.to_string();
    let status_form = |label: &'static str, to: &'static str, class: &'static str| {
        let (csrf, task_id, version) = (csrf.clone(), row.id.clone(), version.clone());
        view! {
            <ActionForm action=actions.status attr:class="inline">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="task_id" value=task_id/>
                <input type="hidden" name="version" value=version/>
                <input type="hidden" name="status" value=to/>
                <button class=class type="submit" data-testid=format!("task-{to}")>{label}</button>
            </ActionForm>
        }
    };
    let status_buttons = task.editable.then(|| match row.status.as_str() {
        "open" => view! {
            {status_form("Complete", "done", "btn btn-primary btn-small")}
            {status_form("Cancel task", "cancelled", "btn btn-secondary btn-small")}
        }
        .into_any(),
        _ => status_form("Reopen", "open", "btn btn-secondary btn-small").into_any(),
    });
    let status_problem = last_problem(actions.status.value());
    let facts = [
        ("Resources", task.resources.clone()),
        ("Expected result", task.expected_result.clone()),
    ];
    view! {
        <aside class="card work-panel" data-testid="task-detail" aria-label="Task">
            <div class="work-panel-head">
                <div>
                    <h2 data-testid="task-detail-title">{row.title.clone()}</h2>
                    <p class="muted small">
                        <span>{format!("{} · due {}", row.owner, row.due_date)}</span>
                    </p>
                </div>
                <a class="btn-link" href=close aria-label="Close the task">"Close"</a>
            </div>
            <div class="row">
                <span class=badge>{status}</span>
                {task.completed_at.clone().map(|at| view! { <span class="muted small">{format!("Completed {at}")}</span> })}
                {task.remind_at.clone().map(|at| view! { <span class="muted small">{format!("Reminder {at}")}</span> })}
                {task.deal.clone().map(|(id, name)| view! { <a class="small" href=format!("/app/deals/{id}")>{name}</a> })}
            </div>
            <div class="row work-panel-actions">{status_buttons}</div>
            <FormError problem=status_problem/>
            <dl class="facts">
                {facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <Checklist task=task.clone() csrf=csrf.clone() action=actions.items/>
            <MeasuredResult task=task.clone() csrf=csrf.clone() action=actions.result/>
            <section class="work-section">
                <h3>"History"</h3>
                <ol class="timeline" data-testid="task-history">
                    {task.history.iter().rev().map(|event| view! {
                        <li class="timeline-item">
                            <span class="timeline-dot" aria-hidden="true"></span>
                            <div>
                                <p class="timeline-title">{event.text.clone()}</p>
                                <p class="timeline-meta">{format!("{} · {}", event.by, event.at)}</p>
                            </div>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </aside>
    }
}

#[component]
fn Checklist(
    task: TaskDetail,
    csrf: String,
    action: ServerAction<UpdateTaskItems>,
) -> impl IntoView {
    let problem = last_problem(action.value());
    let form = NodeRef::<leptos::html::Form>::new();
    let submit = move || {
        if let Some(form) = form.get_untracked() {
            let _ = form.request_submit();
        }
    };
    let editable = task.editable;
    let pending = action.pending();
    view! {
        <section class="work-section">
            <h3>{format!("To-do items ({}/{})", task.row.items_done, task.row.items_total)}</h3>
            <ActionForm action node_ref=form attr:class="checklist" attr:data-testid="task-checklist">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="task_id" value=task.row.id.clone()/>
                <input type="hidden" name="version" value=task.version.to_string()/>
                {task.items.iter().enumerate().map(|(i, item)| {
                    let box_id = format!("item-{}", item.id);
                    view! {
                        <div class=if item.done { "checklist-item done" } else { "checklist-item" }>
                            <input type="hidden" name=format!("items[{i}][id]") value=item.id.clone()/>
                            <input type="hidden" name=format!("items[{i}][text]") value=item.text.clone()/>
                            <input type="checkbox" id=box_id.clone() name=format!("items[{i}][done]") value="true"
                                checked=item.done disabled=move || !editable || pending.get()
                                on:change=move |_| submit()/>
                            <label for=box_id>{item.text.clone()}</label>
                        </div>
                    }
                }).collect_view()}
                {task.items.is_empty().then(|| view! { <p class="muted small">"No to-do items yet."</p> })}
                {editable.then(|| view! {
                    <div class="input-action">
                        <label class="sr-only" for="new-item">"New to-do item"</label>
                        <input id="new-item" name="new_item" placeholder="Add a to-do item"/>
                        <button class="btn btn-secondary btn-small" type="submit">"Save checklist"</button>
                    </div>
                })}
            </ActionForm>
            <FieldError problem field="items"/>
            <FormError problem fields=&["items"]/>
        </section>
    }
}

#[component]
fn MeasuredResult(
    task: TaskDetail,
    csrf: String,
    action: ServerAction<UpdateTaskResult>,
) -> impl IntoView {
    let problem = last_problem(action.value());
    let body = if task.editable {
        view! {
            <ActionForm action attr:class="form" attr:data-testid="task-result-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="task_id" value=task.row.id.clone()/>
                <input type="hidden" name="version" value=task.version.to_string()/>
                <div class="field">
                    <label for="measured-result">"What it achieved"</label>
                    <textarea id="measured-result" name="measured_result" rows="2"
                        placeholder="3 meetings booked, 1 proposal sent">{task.measured_result.clone().unwrap_or_default()}</textarea>
                    <FieldError problem field="measured_result"/>
                </div>
                <FormError problem fields=&["measured_result"]/>
                <div class="form-actions"><button class="btn btn-secondary btn-small" type="submit">"Save result"</button></div>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p>{task.measured_result.clone().unwrap_or_else(|| "Not recorded yet.".to_owned())}</p> }.into_any()
    };
    view! {
        <section class="work-section">
            <h3>"Measured result"</h3>
            {body}
        </section>
    }
}

#[component]
fn NewTask(info: SessionInfo, page: TasksPage, create: ServerAction<CreateTask>) -> impl IntoView {
    let problem = last_problem(create.value());
    let owners = (!page.owners.is_empty()).then(|| {
        let me = page.me.clone().unwrap_or_default();
        view! {
            <div class="field">
                <label for="task-owner">"Owner"</label>
                <select id="task-owner" name="owner_id">
                    {page.owners.iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=*id == me>{name.clone()}</option>
                    }).collect_view()}
                </select>
                <FieldError problem field="owner_id"/>
            </div>
        }
    });
    view! {
        <ActionForm action=create attr:class="form" attr:data-testid="task-form">
            <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
            {page.owners.is_empty().then(|| view! { <input type="hidden" name="owner_id" value=""/> })}
            <div class="field">
                <label for="task-title">"Title"</label>
                <input id="task-title" name="title" required=true placeholder="Prepare the Northwind renewal proposal"/>
                <FieldError problem field="title"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="task-due">"Due"</label>
                    <input id="task-due" name="due_date" type="date" value=page.today.clone() required=true/>
                    <FieldError problem field="due_date"/>
                </div>
                <div class="field">
                    <label for="task-remind">"Remind me (UTC)"</label>
                    <input id="task-remind" name="remind_at" type="datetime-local"/>
                    <FieldError problem field="remind_at"/>
                </div>
            </div>
            {owners}
            <div class="field">
                <label for="task-items">"To-do items"</label>
                <textarea id="task-items" name="items" rows="4" placeholder="One item per line"></textarea>
                <p class="hint">"One per line; tick them off as you go."</p>
                <FieldError problem field="items"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="task-resources">"Resources"</label>
                    <textarea id="task-resources" name="resources" rows="2" placeholder="Pricing sheet, case study"></textarea>
                    <FieldError problem field="resources"/>
                </div>
                <div class="field">
                    <label for="task-expected">"Expected result"</label>
                    <textarea id="task-expected" name="expected_result" rows="2" placeholder="Proposal accepted"></textarea>
                    <FieldError problem field="expected_result"/>
                </div>
            </div>
            <FormError problem fields=&["title", "due_date", "remind_at", "owner_id", "items", "resources", "expected_result"]/>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"Create task"</button></div>
        </ActionForm>
    }
}

// ---------------------------------------------------------------------------
// Activities
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq)]
struct ActivityFilters {
    scope: String,
    kind: String,
    from: String,
    to: String,
    page: i64,
}

impl ActivityFilters {
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("scope", self.scope.clone()),
            ("kind", self.kind.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
        ]
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let log = ServerAction::<LogActivity>::new();
    feedback.watch(log, |kind: &String| {
        format!("{} logged.", activity_label(kind))
    });
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        ActivityFilters {
            scope: get("scope"),
            kind: get("kind"),
            from: get("from"),
            to: get("to"),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    });
    let data = Resource::new(
        move || (filters.get(), feedback.refresh.get()),
        |(f, _)| load_activities(f.scope, f.kind, f.from, f.to, f.page),
    );
    view! {
        <Title text="Activities · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let filters = filters.get_untracked();
                match data.await {
                    Ok(page) => view! { <Activities info page filters log/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Activities"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Activities(
    info: SessionInfo,
    page: ActivitiesPage,
    filters: ActivityFilters,
    log: ServerAction<LogActivity>,
) -> impl IntoView {
    let log_form = page.may_log.then(|| {
        let (info, page) = (info.clone(), page.clone());
        view! { <LogForm info page log/> }
    });
    view! {
        <div class="page-header">
            <div>
                <h1>"Activities"</h1>
                <p class="muted">"Calls, meetings, demos and emails: the right activities, in the right amount."</p>
            </div>
        </div>
        <div class="grid-2 work-top">
            <Week page=page.clone()/>
            {log_form}
        </div>
        <ActivityFilterBar filters=filters.clone() has_team=page.has_team/>
        <ActivityList list=page.list.clone() filters/>
    }
}

#[component]
fn Week(page: ActivitiesPage) -> impl IntoView {
    let Some((monday, items)) = page.week.clone() else {
        return view! {
            <section class="card" data-testid="activity-week">
                <div class="card-header"><h2>"This week"</h2></div>
                <p class="muted">"You are not in this company's sales organisation, so there are no weekly targets to show for you."</p>
            </section>
        }
        .into_any();
    };
    let role = page
        .sales_role
        .as_deref()
        .map(sales_role_label)
        .unwrap_or_default()
        .to_owned();
    let rows = items
        .into_iter()
        .map(|w| TargetRow {
            label: activity_label(&w.kind).to_owned(),
            done: w.done,
            target: w.target,
            share: w
                .percent
                .as_deref()
                .map(|p| format!("{}%", trim_decimal(p))),
            testid: format!("week-{}", w.kind),
        })
        .collect();
    view! {
        <section class="card" data-testid="activity-week">
            <div class="card-header">
                <h2>"This week"</h2>
                <span class="muted small">{format!("Week of {monday} · targets for {role}")}</span>
            </div>
            <TargetBars rows label="This week's activities against the weekly targets"/>
            <p class="muted small">"Bars show what you logged since Monday; the mark is your role's weekly target."</p>
        </section>
    }
    .into_any()
}

#[component]
fn LogForm(
    info: SessionInfo,
    page: ActivitiesPage,
    log: ServerAction<LogActivity>,
) -> impl IntoView {
    let problem = last_problem(log.value());
    let people = (!page.people.is_empty()).then(|| {
        let me = page.me.clone().unwrap_or_default();
        view! {
            <div class="field">
                <label for="activity-person">"Who"</label>
                <select id="activity-person" name="person_id">
                    {page.people.iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=*id == me>{name.clone()}</option>
                    }).collect_view()}
                </select>
                <FieldError problem field="person_id"/>
            </div>
        }
    });
    view! {
        <section class="card">
            <div class="card-header"><h2>"Log an activity"</h2></div>
            <ActionForm action=log attr:class="form" attr:data-testid="activity-form">
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                {page.people.is_empty().then(|| view! { <input type="hidden" name="person_id" value=""/> })}
                <div class="form-grid">
                    <div class="field">
                        <label for="activity-kind">"Kind"</label>
                        <select id="activity-kind" name="kind">
                            {ACTIVITY_KINDS.iter().map(|(key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                        </select>
                        <FieldError problem field="kind"/>
                    </div>
                    <div class="field">
                        <label for="activity-when">"When (UTC)"</label>
                        <input id="activity-when" name="occurred_at" type="datetime-local" value=page.now.clone() required=true/>
                        <FieldError problem field="occurred_at"/>
                    </div>
                </div>
                <div class="field">
                    <label for="activity-subject">"Subject"</label>
                    <input id="activity-subject" name="subject" placeholder="Discovery call with the CFO"/>
                    <FieldError problem field="subject"/>
                </div>
                <div class="form-grid">
                    <div class="field">
                        <label for="activity-deal">"Deal"</label>
                        <select id="activity-deal" name="deal_id">
                            <option value="">"— no deal —"</option>
                            {page.deals.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                        </select>
                        <FieldError problem field="deal_id"/>
                    </div>
                    {people}
                </div>
                <FormError problem fields=&["kind", "occurred_at", "subject", "deal_id", "person_id"]/>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Log activity"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ActivityFilterBar(filters: ActivityFilters, has_team: bool) -> impl IntoView {
    let any = !(filters.scope.is_empty()
        && filters.kind.is_empty()
        && filters.from.is_empty()
        && filters.to.is_empty());
    let scopes: Vec<(&str, &str)> = if has_team {
        vec![
            ("", "Everything I can see"),
            ("mine", "Mine"),
            ("team", "My team"),
        ]
    } else {
        vec![("", "Everything I can see"), ("mine", "Mine")]
    };
    view! {
        <Form method="get" action=ACTIVITIES attr:class="filters filters-fill" attr:data-testid="activity-filters">
            <label class="sr-only" for="filter-scope">"Whose"</label>
            <select id="filter-scope" name="scope">
                {scopes.into_iter().map(|(key, label)| view! {
                    <option value=key selected=key == filters.scope.as_str()>{label}</option>
                }).collect_view()}
            </select>
            <label class="sr-only" for="filter-kind">"Kind"</label>
            <select id="filter-kind" name="kind">
                <option value="">"All kinds"</option>
                {ACTIVITY_KINDS.iter().map(|(key, label)| view! {
                    <option value=*key selected=*key == filters.kind.as_str()>{*label}</option>
                }).collect_view()}
            </select>
            <label class="sr-only" for="filter-from">"From"</label>
            <input id="filter-from" type="date" name="from" value=filters.from.clone() title="From"/>
            <label class="sr-only" for="filter-to">"To"</label>
            <input id="filter-to" type="date" name="to" value=filters.to.clone() title="To"/>
            <button class="btn btn-secondary btn-small" type="submit">"Apply"</button>
            {any.then(|| view! { <a class="btn-link" href=ACTIVITIES>"Clear filters"</a> })}
        </Form>
    }
}

#[component]
fn ActivityList(list: Page<ActivityRow>, filters: ActivityFilters) -> impl IntoView {
    if list.items.is_empty() {
        return view! { <Empty title="No activities" text="Log calls, meetings, demos and emails as they happen; they count against your weekly targets."/> }.into_any();
    }
    let last = list.last_page();
    view! {
        <div class="table-wrap sales-wrap">
            <table class="table activity-table" data-testid="activity-list">
                <thead><tr><th>"When"</th><th>"Kind"</th><th>"Subject"</th><th>"Who"</th><th>"Deal"</th></tr></thead>
                <tbody>
                    {list.items.into_iter().map(|a| view! {
                        <tr>
                            <td class="nowrap">{a.at.clone()}</td>
                            <td><span class=format!("badge activity-{}", a.kind)>{activity_label(&a.kind).to_owned()}</span></td>
                            <td>{if a.subject.is_empty() { "—".to_owned() } else { a.subject.clone() }}</td>
                            <td class="nowrap">{a.person.clone()}</td>
                            <td>{match a.deal.clone() {
                                Some((id, name)) => view! { <a href=format!("/app/deals/{id}")>{name}</a> }.into_any(),
                                None => view! { <span class="muted">"—"</span> }.into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PageLinks path=ACTIVITIES params=filters.params() page=list.page last_page=last total=list.total noun="activities"/>
    }
    .into_any()
}
