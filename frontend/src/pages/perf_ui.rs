//! Pieces the performance pages (KPIs, goals, tasks, activities, imports)
//! share: grouped select options, a horizontal meter, a tab bar of links and
//! a problem shown once beside the field it names.

use crate::{perf_api::model::ChoiceGroup, problem::Problem};
use leptos::prelude::*;

/// `<optgroup>`s of choices with `selected` marked.
#[component]
pub fn GroupedOptions(groups: Vec<ChoiceGroup>, #[prop(into)] selected: String) -> impl IntoView {
    groups
        .into_iter()
        .map(|(label, choices)| {
            let selected = selected.clone();
            view! {
                <optgroup label=label>
                    {choices.into_iter().map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}

/// A bar filled to `percent` (0..=100; more shows full and marked "over").
#[component]
pub fn Meter(
    percent: f64,
    #[prop(default = "")] tone: &'static str,
    #[prop(into)] label: String,
) -> impl IntoView {
    let width = percent.clamp(0.0, 100.0);
    let class = format!("meter {tone}");
    view! {
        <span class=class role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow=format!("{width:.0}") aria-label=label>
            <span class="meter-fill" style=format!("width: {width:.1}%")></span>
        </span>
    }
}

/// A row of tabs as links; `current` is the key of the open one.
#[component]
pub fn TabLinks(
    tabs: Vec<(&'static str, &'static str, String)>,
    #[prop(into)] current: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    view! {
        <nav class="segmented perf-tabs" aria-label=label>
            {tabs.into_iter().map(|(key, text, href)| {
                let here = key == current;
                view! {
                    <a href=href aria-current=here.then_some("page") data-testid=format!("tab-{key}")>{text}</a>
                }
            }).collect_view()}
        </nav>
    }
}

/// A fixed problem as a signal, for the form feedback components.
pub fn fixed(problem: Option<Problem>) -> Signal<Option<Problem>> {
    Signal::derive(move || problem.clone())
}

/// One row of [`TargetBars`]: what was done against its target, and the
/// share as text (none without a target).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub label: String,
    pub done: i64,
    pub target: i64,
    pub share: Option<String>,
    pub testid: String,
}

/// Horizontal bars of counts against targets: each bar as long as what was
/// done, a mark where the target is, all on one scale.
#[component]
pub fn TargetBars(rows: Vec<TargetRow>, #[prop(into)] label: String) -> impl IntoView {
    let max = rows
        .iter()
        .map(|r| r.done.max(r.target))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    view! {
        <ul class="target-bars" aria-label=label>
            {rows.into_iter().map(|row| {
                let width = row.done as f64 / max * 100.0;
                let tone = match (row.target, row.done) {
                    (0, _) => "target-fill",
                    (t, d) if d >= t => "target-fill target-met",
                    (t, d) if d * 2 >= t => "target-fill target-half",
                    _ => "target-fill target-low",
                };
                let mark = (row.target > 0).then(|| {
                    let left = row.target as f64 / max * 100.0;
                    view! { <span class="target-mark" style=format!("left: {left:.1}%") title=format!("Target {}", row.target)></span> }
                });
                let counts = if row.target > 0 {
                    format!("{} of {}", crate::perf_api::model::count(row.done), crate::perf_api::model::count(row.target))
                } else {
                    crate::perf_api::model::count(row.done)
                };
                view! {
                    <li class="target-row" data-testid=row.testid>
                        <span class="target-label">{row.label}</span>
                        <span class="target-track">
                            <span class=tone style=format!("width: {width:.1}%")></span>
                            {mark}
                        </span>
                        <span class="target-count">{counts}</span>
                        <span class="target-share">{row.share.unwrap_or_else(|| "no target".to_owned())}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
