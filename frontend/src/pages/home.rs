//! `/app`: the company's KPI snapshot, for everyone who may see sales data.

use crate::{
    api::kpi_snapshot,
    components::{
        charts::{BarChart, BarGroup, ProgressRing},
        shell::use_session,
    },
    model::{format_money, role_label, KpiView},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    // Created here, not inside the Suspense, so hydration finds the same resources.
    let kpis = Resource::new(|| (), |_| kpi_snapshot());
    view! {
        <Title text="Home · Attain"/>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                let kpis = kpis.await;
                let first_name = info.name.split_whitespace().next().unwrap_or_default().to_owned();
                view! {
                    <div class="page-header">
                        <div>
                            <h1>{format!("Welcome, {first_name}")}</h1>
                            <p class="muted">{format!("{} · {}", info.tenant_name, role_label(&info.role))}</p>
                        </div>
                    </div>
                    {if info.sees_sales_data() {
                        match kpis {
                            Ok(figures) => view! { <KpiTiles kpis=figures/> }.into_any(),
                            Err(problem) => view! { <div class="form-error">{problem.message}</div> }.into_any(),
                        }
                    } else {
                        view! {
                            <div class="card">
                                <h2>"Your role"</h2>
                                <p>{format!("As billing admin you manage the subscription of {}. Sales figures are visible to owners, admins, executives, managers and reps.", info.tenant_name)}</p>
                            </div>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn KpiTiles(kpis: KpiView) -> impl IntoView {
    if kpis.deal_count == 0 {
        return view! {
            <div class="empty">
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 19h16M6 16V9m6 7V5m6 11v-4" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/></svg>
                <h3>"No deals yet"</h3>
                <p>"Your KPIs appear here seconds after the first deal is created, through the API or an import."</p>
            </div>
        }
        .into_any();
    }
    let win_rate = kpis.win_rate_percent.clone();
    let ring_percent = win_rate
        .as_deref()
        .and_then(|w| w.parse().ok())
        .unwrap_or(0.0);
    let groups: Vec<BarGroup> = kpis
        .by_currency
        .iter()
        .map(|(currency, won, open)| BarGroup {
            label: currency.clone(),
            values: vec![won.parse().unwrap_or(0.0), open.parse().unwrap_or(0.0)],
        })
        .collect();
    view! {
        <div class="grid-3">
            <div class="card stat"><p class="stat-label">"Deals"</p><p class="stat-value" data-testid="deal-count">{kpis.deal_count}</p>
                <p class="stat-sub">{format!("{} open · {} won · {} lost", kpis.open_count, kpis.won_count, kpis.lost_count)}</p></div>
            {kpis.by_currency.iter().take(2).map(|(currency, won, open)| view! {
                <div class="card stat"><p class="stat-label">{format!("Won ({currency})")}</p><p class="stat-value">{format_money(won, currency)}</p>
                    <p class="stat-sub">{format!("Open pipeline {}", format_money(open, currency))}</p></div>
            }).collect_view()}
        </div>
        <div class="grid-2">
            <div class="card">
                <div class="card-header"><h2>"Won and open, by currency"</h2></div>
                <BarChart groups series=vec!["Won", "Open pipeline"] title="Won amount and open pipeline per currency"/>
                <p class="muted">"Indigo: won. Grey: open pipeline."</p>
            </div>
            <div class="card">
                <div class="card-header"><h2>"Win rate"</h2></div>
                <ProgressRing percent=ring_percent label=win_rate.map(|w| format!("{w}%")).unwrap_or_else(|| "–".into()) caption="Win rate"/>
                <p class="muted">{format!("Won deals over closed deals. Updated {}.", kpis.computed_at.unwrap_or_else(|| "never".into()))}</p>
            </div>
        </div>
    }
    .into_any()
}
