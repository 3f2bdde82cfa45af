//! `/app/coaching`: the manager's team view. A leaderboard of the team's
//! reps with their coaching flags, the team median and top quartile of
//! every KPI, the team's funnel, and for a rep opened below the board
//! (`?rep=<id>`) their funnel against the team's with the weakest stage
//! explained, and their one-on-one notes with a form to add one.
//! `?team=<id>` and `?period=` pick another team or period.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::{role_label, SessionInfo},
    pages::sales_ui::{Feedback, LoadError, Toast},
    perf_api::{
        coaching::{load_coaching, AddOneOnOne},
        model::{CoachRep, CoachRow, CoachingPage as Page},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

#[component]
pub fn CoachingPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let feedback = Feedback::new();
    let add = ServerAction::<AddOneOnOne>::new();
    feedback.watch(add, |_: &String| "One-on-one noted.".to_owned());
    let params = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (get("team"), get("period"), get("rep"))
    });
    let page = Resource::new(
        move || (params.get(), feedback.refresh.get()),
        |((team, period, rep), _)| load_coaching(team, period, rep),
    );
    view! {
        <Title text="Coaching · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !matches!(info.role.as_str(), "owner" | "admin" | "executive" | "manager") {
                    return view! { <NotForYou info/> }.into_any();
                }
                match page.await {
                    Ok(page) => view! { <Team info page add/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Coaching"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
}

#[component]
fn NotForYou(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Coaching is for managers"</h3>
            <p>{format!("The team view shows every rep's figures. You are signed in as {} in {}; your own figures are on your KPI scorecard.", role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app/kpis">"Open my KPIs"</a>
        </div>
    }
}

fn href(page: &Page, rep: &str) -> String {
    format!(
        "/app/coaching?team={}&period={}&rep={rep}",
        page.team_id, page.period
    )
}

#[component]
fn Team(info: SessionInfo, page: Page, add: ServerAction<AddOneOnOne>) -> impl IntoView {
    let (team_id, period) = (page.team_id.clone(), page.period.clone());
    let team_options = page
        .teams
        .iter()
        .map(|(id, label)| view! { <option value=id.clone() selected=*id == team_id>{label.clone()}</option> })
        .collect_view();
    let period_options = page
        .periods
        .iter()
        .map(|(value, label)| view! { <option value=value.clone() selected=*value == period>{label.clone()}</option> })
        .collect_view();
    let title = format!("Coaching · {}", page.team_name);
    let subtitle = format!(
        "{}: each rep against the team. Funnels count deals created {}.",
        page.period, page.funnel_range
    );
    let header = view! {
        <div class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <Form method="get" action="/app/coaching" attr:class="filters perf-inline-form">
                <label class="sr-only" for="coach-team">"Team"</label>
                <select id="coach-team" name="team">{team_options}</select>
                <label class="sr-only" for="coach-period">"Period"</label>
                <select id="coach-period" name="period">{period_options}</select>
                <button class="btn btn-secondary btn-small" type="submit">"Show"</button>
            </Form>
        </div>
    }
    .into_any();
    if page.rows.is_empty() {
        return view! {
            {header}
            <div class="empty" data-testid="coaching-empty">
                <h3>{format!("No reps in {} yet", page.team_name)}</h3>
                <p>"Put people in this team on the People page; their figures appear here."</p>
                <a class="btn btn-primary" href="/app/people">"Open people"</a>
            </div>
        }
        .into_any();
    }
    let selected = page.selected.clone();
    view! {
        {header}
        <Leaderboard page=page.clone()/>
        {selected.map(|rep| view! { <RepDetail info=info.clone() rep add/> })}
        <div class="grid-2">
            <section class="card" aria-labelledby="kpis-title">
                <div class="card-header"><h2 id="kpis-title">"Team KPIs"</h2></div>
                <div class="table-wrap"><table class="table" data-testid="team-kpis">
                    <thead><tr><th>"KPI"</th><th class="num">"Median"</th><th class="num">"Top quartile from"</th></tr></thead>
                    <tbody>
                        {page.kpis.iter().map(|kpi| view! {
                            <tr>
                                <td>{kpi.label.clone()}<span class="muted">{format!(" · {} is better", kpi.better)}</span></td>
                                <td class="num">{kpi.median.clone()}</td>
                                <td class="num">{kpi.top_quartile.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </section>
            <section class="card" aria-labelledby="funnel-title">
                <div class="card-header"><h2 id="funnel-title">"Team funnel"</h2></div>
                <TeamFunnel page=page.clone()/>
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn Leaderboard(page: Page) -> impl IntoView {
    let rows: Vec<CoachRow> = page.rows.clone();
    let kpi_count = page.kpis.len();
    view! {
        <section class="card" aria-labelledby="board-title">
            <div class="card-header"><h2 id="board-title">"Leaderboard"</h2><span class="muted">"Open a rep for their funnel and one-on-ones."</span></div>
            <div class="table-wrap"><table class="table" data-testid="leaderboard">
                <thead><tr>
                    <th class="num">"#"</th><th>"Rep"</th><th class="num">"Attainment"</th><th class="num">"Bookings"</th>
                    <th class="num">"Win rate"</th><th class="num">"Activities"</th>
                    <th>"Weakest stage"</th><th>"Coaching flags"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let share = row.attainment_percent.clamp(0.0, 100.0);
                        let meter = if row.attainment_percent >= 100.0 { "meter meter-good" } else { "meter" };
                        view! {
                            <tr data-rep=row.rep_id.clone()>
                                <td class="num">{row.rank}</td>
                                <td>
                                    <a class="nowrap" href=href(&page, &row.rep_id)>{row.name.clone()}</a>
                                    {(!row.top_quartile.is_empty()).then(|| view! {
                                        <br/><span class="muted small" title=format!("Top quartile: {}", row.top_quartile.join(", "))>{format!("Top quartile on {} of {} KPIs", row.top_quartile.len(), kpi_count)}</span>
                                    })}
                                </td>
                                <td class="num">{row.attainment.clone()}{row.has_quota.then(|| view! {
                                    <span class=meter role="img" aria-label=format!("{share:.0}% of quota")><span class="meter-fill" style=format!("width: {share:.0}%")></span></span>
                                })}</td>
                                <td class="num">{row.bookings.clone()}</td>
                                <td class="num">{row.win_rate.clone()}</td>
                                <td class="num">{row.activities.clone()}</td>
                                <td data-testid="weakest-stage">{match row.weakest.clone() {
                                    Some((step, cost)) => view! { <span>{step}</span><span class="muted">{format!(" · {cost}")}</span> }.into_any(),
                                    None => view! { <span class="muted">"None: at or above the team"</span> }.into_any(),
                                }}</td>
                                <td><ul class="flag-list">
                                    {row.flags.iter().filter(|(kind, _)| kind != "weakest_stage").map(|(kind, message)| view! {
                                        <li class=format!("flag flag-{kind}")>{message.clone()}</li>
                                    }).collect_view()}
                                </ul></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
    .into_any()
}

#[component]
fn TeamFunnel(page: Page) -> impl IntoView {
    let widest = page
        .team_funnel
        .first()
        .map(|(_, entered, _)| *entered)
        .unwrap_or(0)
        .max(1) as f64;
    view! {
        <ol class="coach-funnel" data-testid="team-funnel">
            {page.team_funnel.iter().map(|(stage, entered, rate)| {
                let width = (*entered as f64 / widest * 100.0).max(2.0);
                view! {
                    <li>
                        <span class="funnel-label">{stage.clone()}</span>
                        <span class="meter" role="img" aria-label=format!("{entered} deals entered {stage}")><span class="meter-fill" style=format!("width: {width:.0}%")></span></span>
                        <span class="num">{entered.to_string()}</span>
                        <span class="muted">{rate.clone()}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn RepDetail(info: SessionInfo, rep: CoachRep, add: ServerAction<AddOneOnOne>) -> impl IntoView {
    let problem = last_problem(add.value());
    let form = rep.can_write.then(|| {
        let focus = rep.weakest_label.clone().unwrap_or_default();
        view! {
            <ActionForm action=add attr:class="form" attr:data-testid="one-on-one-form">
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                <input type="hidden" name="person_id" value=rep.rep_id.clone()/>
                <div class="form-grid">
                    <div class="field">
                        <label for="one-on-one-day">"Held on"</label>
                        <input id="one-on-one-day" name="held_on" type="date" value=rep.today.clone() max=rep.today.clone() required=true/>
                        <FieldError problem field="held_on"/>
                    </div>
                    <div class="field">
                        <label for="one-on-one-focus">"Stage worked on"</label>
                        <input id="one-on-one-focus" name="focus_stage" value=focus/>
                        <FieldError problem field="focus_stage"/>
                    </div>
                </div>
                <div class="field">
                    <label for="one-on-one-notes">"Notes"</label>
                    <textarea id="one-on-one-notes" name="notes" rows="3" required=true placeholder="What you went through together"></textarea>
                    <FieldError problem field="notes"/>
                </div>
                <div class="field">
                    <label for="one-on-one-next">"Next steps"</label>
                    <textarea id="one-on-one-next" name="next_steps" rows="2" placeholder="What the rep does before you meet again"></textarea>
                    <FieldError problem field="next_steps"/>
                </div>
                <FormError problem fields=&["held_on", "focus_stage", "notes", "next_steps", "person_id"]/>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Save one-on-one"</button></div>
            </ActionForm>
        }
    });
    view! {
        <section class="card" aria-labelledby="rep-title" data-testid="rep-detail">
            <div class="card-header"><h2 id="rep-title">{format!("{}: funnel against the team", rep.name)}</h2></div>
            {match rep.weakest_explanation.clone() {
                Some(text) => view! { <p class="callout" data-testid="weakest-explanation"><strong>{format!("Weakest stage: {}. ", rep.weakest_label.clone().unwrap_or_default())}</strong>{text}</p> }.into_any(),
                None => view! { <p class="muted" data-testid="weakest-explanation">"Converts at or above the team at every stage."</p> }.into_any(),
            }}
            <div class="table-wrap"><table class="table" data-testid="rep-kpis">
                <thead><tr><th>"KPI"</th><th class="num">{rep.name.clone()}</th><th class="num">"Team median"</th><th class="num">"Top quartile from"</th><th>"Against the team"</th></tr></thead>
                <tbody>
                    {rep.kpis.iter().map(|kpi| view! {
                        <tr>
                            <td>{kpi.label.clone()}</td>
                            <td class="num">{kpi.value.clone()}</td>
                            <td class="num">{kpi.median.clone()}</td>
                            <td class="num">{kpi.top_quartile.clone()}</td>
                            <td><span class=format!("badge badge-{}", kpi.standing)>{kpi.standing_label.clone()}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <div class="table-wrap"><table class="table" data-testid="rep-funnel">
                <thead><tr><th>"Stage"</th><th class="num">"Rep"</th><th class="num">"Team"</th><th>"Rep against team"</th></tr></thead>
                <tbody>
                    {rep.stages.iter().map(|stage| view! {
                        <tr class=stage.weakest.then_some("row-highlight")>
                            <td>{stage.step.clone()}{stage.weakest.then(|| view! { <span class="badge badge-behind">" weakest"</span> })}</td>
                            <td class="num">{stage.rep_rate.clone()}</td>
                            <td class="num">{stage.team_rate.clone()}</td>
                            <td>
                                <span class="meter" role="img" aria-label=format!("rep {}", stage.rep_rate)><span class="meter-fill" style=format!("width: {:.0}%", stage.rep_percent.clamp(0.0, 100.0))></span></span>
                                <span class="meter meter-good" role="img" aria-label=format!("team {}", stage.team_rate)><span class="meter-fill" style=format!("width: {:.0}%", stage.team_percent.clamp(0.0, 100.0))></span></span>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <h3>"One-on-ones"</h3>
            {form}
            {if rep.notes.is_empty() {
                view! { <p class="muted" data-testid="one-on-ones">"No one-on-one noted yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="note-list" data-testid="one-on-ones">
                        {rep.notes.iter().map(|note| view! {
                            <li>
                                <p><strong>{note.held_on.clone()}</strong><span class="muted">{format!(" · {}{}", note.author, note.focus_stage.as_ref().map(|s| format!(" · {s}")).unwrap_or_default())}</span></p>
                                <p>{note.notes.clone()}</p>
                                {(!note.next_steps.is_empty()).then(|| view! { <p class="muted">{format!("Next: {}", note.next_steps)}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
