//! `/app/benchmarks`: how the company compares with similar companies. Its
//! cohorts (industry and size, industry, size, everyone) with p25, p50,
//! p75 and p90 of each metric and where the company's own figure falls, or
//! why a cohort is withheld; the company's participation, which owners and
//! admins switch. Companies that do not take part see their own figures
//! only (give to get).

use crate::{
    components::{
        forms::{last_problem, FormError},
        shell::use_session,
    },
    model::SessionInfo,
    pages::sales_ui::{Feedback, LoadError, NoSalesAccess, Toast},
    perf_api::{
        benchmarks::{load_benchmarks, SetBenchmarkParticipation},
        model::{BenchCohort, BenchRow, BenchmarksPage as Page},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BenchmarksPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let feedback = Feedback::new();
    let participation = ServerAction::<SetBenchmarkParticipation>::new();
    feedback.watch(participation, |opted_in: &bool| {
        if *opted_in {
            "Your company takes part from the next benchmark run.".to_owned()
        } else {
            "Your company is left out of the next benchmark run.".to_owned()
        }
    });
    let period = move || query.with(|q| q.get("period").unwrap_or_default());
    let page = Resource::new(
        move || (period(), feedback.refresh.get()),
        |(period, _)| load_benchmarks(period),
    );
    view! {
        <Title text="Benchmarks · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                match page.await {
                    Ok(page) => view! { <Benchmarks info page participation/> }.into_any(),
                    Err(problem) => view! {
                        <div class="page-header"><div><h1>"Benchmarks"</h1></div></div>
                        <LoadError problem/>
                    }.into_any(),
                }
            })}
        </Transition>
        <Toast feedback/>
    }
}

#[component]
fn Benchmarks(
    info: SessionInfo,
    page: Page,
    participation: ServerAction<SetBenchmarkParticipation>,
) -> impl IntoView {
    let problem = last_problem(participation.value());
    let subtitle = match &page.ran {
        Some((at, companies)) => format!(
            "{} · companies like yours ({}). Last run {at}, {companies} companies taking part.",
            page.period, page.company
        ),
        None => format!(
            "{} · companies like yours ({}). No run for this quarter yet: benchmarks are recomputed every six hours.",
            page.period, page.company
        ),
    };
    let periods = page
        .periods
        .iter()
        .map(|(value, label)| {
            let current = *value == page.period;
            view! { <a class=if current { "btn btn-primary btn-small" } else { "btn btn-secondary btn-small" } href=format!("/app/benchmarks?period={value}") aria-current=current.then_some("page")>{label.clone()}</a> }
        })
        .collect_view();
    let switch = page.may_change.then(|| {
        let (value, label, class) = if page.opted_in {
            ("false", "Stop taking part", "btn btn-secondary")
        } else {
            ("true", "Take part in benchmarks", "btn btn-primary")
        };
        view! {
            <ActionForm action=participation attr:class="perf-inline-form" attr:data-testid="participation-form">
                <input type="hidden" name="csrf" value=info.csrf_token.clone()/>
                <input type="hidden" name="opt_in" value=value/>
                <button class=class type="submit">{label}</button>
                <FormError problem fields=&["opt_in"]/>
            </ActionForm>
        }
    });
    let status = if page.opted_in {
        "Your company takes part. Its figures count only inside cohorts of at least 5 companies where none carries more than a quarter of the weight, and a cohort that differs from a published one by fewer than 5 companies is withheld, so no company's figures can be worked out."
    } else if page.may_change {
        "Your company does not take part. Take part to see how you compare: only aggregates leave your company, in cohorts of at least 5 companies."
    } else {
        "Your company does not take part; an owner or admin can switch it on."
    };
    let own = page.own.clone();
    let cohorts = page.cohorts.clone();
    view! {
        <div class="page-header">
            <div>
                <h1>"Benchmarks"</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <nav class="row" aria-label="Period">{periods}</nav>
        </div>
        <section class="card" aria-labelledby="participation-title" data-testid="participation">
            <div class="card-header">
                <h2 id="participation-title">"Participation"</h2>
                <span class=if page.opted_in { "badge badge-ahead" } else { "badge badge-behind" }>{if page.opted_in { "Taking part" } else { "Not taking part" }}</span>
            </div>
            <p>{status}</p>
            {switch}
        </section>
        {if cohorts.is_empty() {
            view! {
                <section class="card" aria-labelledby="own-title">
                    <div class="card-header"><h2 id="own-title">"Your figures"</h2></div>
                    <dl class="facts" data-testid="own-figures">
                        {own.into_iter().map(|(metric, value)| view! { <dt>{metric}</dt><dd>{value}</dd> }).collect_view()}
                    </dl>
                </section>
            }.into_any()
        } else {
            cohorts.into_iter().map(|cohort| view! { <Cohort cohort/> }).collect_view().into_any()
        }}
    }
    .into_any()
}

/// One cohort's percentiles per metric next to the company's own figure
/// and where it stands; a metric withheld says why.
#[component]
pub fn PercentileTable(rows: Vec<BenchRow>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap"><table class="table" data-testid=testid>
            <thead><tr><th>"Metric"</th><th class="num">"You"</th><th class="num">"p25"</th><th class="num">"Median"</th><th class="num">"p75"</th><th class="num">"p90"</th><th>"Where you stand"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|row| match row.withheld.clone() {
                    Some(why) => view! {
                        <tr><td>{row.metric.clone()}</td><td class="num">{row.own.clone()}</td><td colspan="5" class="muted">{why}</td></tr>
                    }.into_any(),
                    None => view! {
                        <tr>
                            <td>{row.metric.clone()}</td>
                            <td class="num"><strong>{row.own.clone()}</strong></td>
                            {row.percentiles.iter().map(|p| view! { <td class="num">{p.clone()}</td> }).collect_view()}
                            <td>{(!row.standing.is_empty()).then(|| view! { <span class=format!("badge badge-{}", row.standing_class)>{row.standing.clone()}</span> })}</td>
                        </tr>
                    }.into_any(),
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

#[component]
fn Cohort(cohort: BenchCohort) -> impl IntoView {
    let heading = match cohort.companies {
        Some(companies) => format!("{} · {companies} companies", cohort.label),
        None => cohort.label.clone(),
    };
    let body = if cohort.published {
        view! {
            <PercentileTable rows=cohort.rows testid="cohort-table"/>
        }
        .into_any()
    } else {
        view! { <p class="muted" data-testid="cohort-withheld">{format!("Withheld. {}", cohort.note.clone().unwrap_or_default())}</p> }.into_any()
    };
    view! {
        <section class="card" data-testid="cohort" data-published=cohort.published.to_string()>
            <div class="card-header"><h2>{heading}</h2></div>
            {body}
        </section>
    }
    .into_any()
}
