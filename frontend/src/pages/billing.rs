//! `/app/billing`: the subscription for owners and billing admins. Tier,
//! seats used and paid for, status and what it means, trial days left, the
//! next invoice and the invoice list; Stripe Checkout to start paying, the
//! customer portal for cards and cancellation, tier and seat changes. The
//! page shows only what Stripe's webhooks have confirmed, and refreshes by
//! itself when the worker applies one (live topic `billing`).

use crate::{
    api::{billing_overview, ChangePlan, OpenBillingPortal, StartCheckout},
    components::{
        forms::{last_problem, FieldError, FormError},
        live::use_live_updates,
        shell::use_session,
    },
    model::{BillingView, SessionInfo, TierOffer},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BillingPage() -> impl IntoView {
    let session = use_session();
    let change = ServerAction::<ChangePlan>::new();
    let updates = use_live_updates(|topic| topic == "billing");
    let asked_again = RwSignal::new(0u32);
    let overview = Resource::new(
        move || (updates.get(), change.version().get(), asked_again.get()),
        |_| billing_overview(),
    );
    view! {
        <Title text="Billing · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.manages_billing() {
                    return view! { <NotForYou info/> }.into_any();
                }
                match overview.await {
                    Ok(view) => view! { <Billing info view change asked_again/> }.into_any(),
                    Err(problem) => view! { <div class="form-error" role="alert">{problem.message}</div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NotForYou(info: SessionInfo) -> impl IntoView {
    view! {
        <div class="empty" data-testid="forbidden">
            <h3>"Only owners and billing admins can open billing"</h3>
            <p>{format!("You are signed in as {} in {}. Ask an owner if something about the subscription needs changing.", crate::model::role_label(&info.role), info.tenant_name)}</p>
            <a class="btn btn-secondary" href="/app">"Back to home"</a>
        </div>
    }
}

fn status_badge(status: &str) -> &'static str {
    match status {
        "active" | "trialing" => "badge badge-ahead",
        "past_due" | "incomplete" => "badge badge-warning",
        _ => "badge badge-behind",
    }
}

fn status_label(status: &str) -> String {
    let words = status.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[component]
fn Billing(
    info: SessionInfo,
    view: BillingView,
    change: ServerAction<ChangePlan>,
    asked_again: RwSignal<u32>,
) -> impl IntoView {
    let query = use_query_map();
    let returned = query.with_untracked(|q| q.get("checkout"));
    let waiting = returned.as_deref() == Some("success") && view.can_check_out;
    // Stripe's webhook may be applied before this page listens for updates:
    // back from Checkout, ask again until the subscription shows.
    if waiting {
        Effect::new(move |_| {
            set_timeout(
                move || {
                    asked_again.try_update(|n| *n += 1);
                },
                std::time::Duration::from_millis(1500),
            );
        });
    }
    let seats_share = if view.seats_paid > 0 {
        (view.seats_used as f64 / f64::from(view.seats_paid) * 100.0).min(100.0)
    } else {
        0.0
    };
    let seats_tone = if view.seats_used >= i64::from(view.seats_paid) {
        "meter meter-warn"
    } else {
        "meter meter-good"
    };
    let next = if let Some(days) = view.trial_days_left {
        (
            "Trial",
            format!("{days} days left"),
            view.trial_ends
                .clone()
                .map(|end| format!("Ends {end}; no card needed until then."))
                .unwrap_or_default(),
        )
    } else if view.cancel_at_period_end {
        (
            "Ends",
            view.period_ends.clone().unwrap_or_default(),
            "Cancelled: nothing more is billed.".to_owned(),
        )
    } else {
        (
            "Next invoice",
            view.period_ends.clone().unwrap_or_else(|| "—".into()),
            format!(
                "{} seats, billed {}",
                view.seats_paid,
                if view.interval == "yearly" {
                    "yearly"
                } else {
                    "monthly"
                }
            ),
        )
    };
    view! {
        <div class="page-header">
            <div>
                <h1>"Billing"</h1>
                <p class="muted">{format!("The subscription of {}. Changes apply when Stripe confirms them.", info.tenant_name)}</p>
            </div>
        </div>
        {match returned.as_deref() {
            Some("success") if waiting => view! {
                <div class="callout" role="status" data-testid="checkout-pending">"Payment sent to Stripe. This page updates by itself as soon as Stripe confirms the subscription."</div>
            }.into_any(),
            Some("canceled") => view! {
                <div class="callout" role="status">"Checkout was cancelled; nothing was charged."</div>
            }.into_any(),
            _ => ().into_any(),
        }}
        {view.banner.clone().map(|banner| view! { <div class="form-error" role="alert" data-testid="billing-page-banner">{banner}</div> })}
        <div class="grid-3 billing-summary">
            <div class="card stat">
                <span class="stat-label">"Plan"</span>
                <span class="stat-value" data-testid="billing-tier">{view.tier_label.clone()}</span>
                <span class="stat-sub">{format!("Paid {}", view.interval)}</span>
            </div>
            <div class="card stat">
                <span class="stat-label">"Status"</span>
                <span><span class=status_badge(&view.status) data-testid="billing-status">{status_label(&view.status)}</span></span>
                <span class="stat-sub" data-testid="billing-status-meaning">{view.status_meaning.clone()}</span>
            </div>
            <div class="card stat">
                <span class="stat-label">{next.0}</span>
                <span class="stat-value">{next.1}</span>
                <span class="stat-sub">{next.2}</span>
            </div>
        </div>
        <div class="card">
            <div class="card-header"><h2>"Seats"</h2></div>
            <p data-testid="billing-seats">{format!(
                "{} in use of {} {}{}",
                view.seats_used,
                view.seats_paid,
                if view.has_subscription { "paid for" } else { "in the trial" },
                view.max_seats.map(|max| format!(" (the {} tier sells up to {max})", view.tier_label)).unwrap_or_default(),
            )}</p>
            <span class=seats_tone role="img" aria-label=format!("{} of {} seats in use", view.seats_used, view.seats_paid)>
                <span class="meter-fill" style=format!("width: {seats_share:.0}%")></span>
            </span>
            <p class="hint">"Active members and pending invitations each take a seat. An owner inviting past the seats paid for is asked to add one."</p>
        </div>
        {if view.can_check_out {
            view! { <Offers offers=view.offers.clone() csrf=info.csrf_token.clone()/> }.into_any()
        } else {
            view! { <Manage view=view.clone() csrf=info.csrf_token.clone() change/> }.into_any()
        }}
        <Invoices view/>
    }
}

/// Choosing a tier and going to Stripe Checkout.
#[component]
fn Offers(offers: Vec<TierOffer>, csrf: String) -> impl IntoView {
    let checkout = ServerAction::<StartCheckout>::new();
    let problem = last_problem(checkout.value());
    view! {
        <section class="card" aria-labelledby="offers-title">
            <div class="card-header"><h2 id="offers-title">"Choose a plan"</h2></div>
            <p class="muted">"Per seat, per month; yearly is a fifth off. Stripe Checkout takes the card; one seat per member and pending invitation."</p>
            <div class="grid-3 pricing">
                {offers.into_iter().map(|offer| {
                    let csrf = csrf.clone();
                    let featured = offer.tier == "growth";
                    let interval_id = format!("interval-{}", offer.tier);
                    view! {
                        <div class="plan" class:featured=featured>
                            <h3 class="plan-name">{offer.label.clone()}</h3>
                            <p class="plan-price">{offer.monthly.clone()}<small>" /seat/month"</small></p>
                            <p class="muted">{format!("{} when paid yearly. {}", offer.yearly, offer.max_seats.map(|max| format!("Up to {max} seats.")).unwrap_or_else(|| "Unlimited seats.".into()))}</p>
                            <ActionForm action=checkout attr:class="stack">
                                <input type="hidden" name="csrf" value=csrf/>
                                <input type="hidden" name="tier" value=offer.tier.clone()/>
                                <div class="field">
                                    <label for=interval_id.clone()>"Billed"</label>
                                    <select id=interval_id name="interval">
                                        <option value="monthly" selected=true>"Monthly"</option>
                                        <option value="yearly">"Yearly"</option>
                                    </select>
                                </div>
                                <button class="btn" class:btn-primary=featured class:btn-secondary=!featured type="submit" data-testid=format!("checkout-{}", offer.tier)>
                                    {format!("Subscribe to {}", offer.label)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                }).collect_view()}
            </div>
            <FormError problem/>
        </section>
    }
}

/// Tier and seat changes, and the customer portal.
#[component]
fn Manage(view: BillingView, csrf: String, change: ServerAction<ChangePlan>) -> impl IntoView {
    let portal = ServerAction::<OpenBillingPortal>::new();
    let problem = last_problem(change.value());
    let portal_problem = last_problem(portal.value());
    let csrf_portal = csrf.clone();
    let min_seats = view.seats_used.max(1);
    view! {
        <section class="card" aria-labelledby="manage-title">
            <div class="card-header"><h2 id="manage-title">"Change the plan"</h2></div>
            <ActionForm action=change attr:class="row" attr:data-testid="change-plan">
                <input type="hidden" name="csrf" value=csrf/>
                <div class="field">
                    <label for="plan-tier">"Tier"</label>
                    <select id="plan-tier" name="tier">
                        {view.offers.iter().map(|offer| view! {
                            <option value=offer.tier.clone() selected=offer.tier == view.tier>{format!("{} · {} /seat/month", offer.label, if view.interval == "yearly" { &offer.yearly } else { &offer.monthly })}</option>
                        }).collect_view()}
                    </select>
                    <FieldError problem field="tier"/>
                </div>
                <div class="field">
                    <label for="plan-seats">"Seats"</label>
                    <input id="plan-seats" name="seats" type="number" min=min_seats value=view.seats_paid.to_string() inputmode="numeric"/>
                    <FieldError problem field="seats"/>
                </div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"Apply change"</button></div>
            </ActionForm>
            <p class="hint">"Upgrades and added seats are billed now, prorated to the end of the period; downgrades are credited on the next invoice."</p>
            <FormError problem fields=&["tier", "seats"]/>
            {move || change.value().get().and_then(|r| r.ok()).map(|message| view! { <p class="callout" role="status">{message}</p> })}
            <div class="row">
                <ActionForm action=portal attr:class="inline">
                    <input type="hidden" name="csrf" value=csrf_portal/>
                    <button class="btn btn-secondary" type="submit" data-testid="open-portal">"Cards, invoices and cancellation"</button>
                </ActionForm>
            </div>
            <FormError problem=portal_problem/>
        </section>
    }
}

#[component]
fn Invoices(view: BillingView) -> impl IntoView {
    if view.invoices.is_empty() {
        return view! {
            <div class="empty"><h3>"No invoices yet"</h3><p>"The first invoice appears here once a subscription starts."</p></div>
        }
        .into_any();
    }
    view! {
        <section class="card" aria-labelledby="invoices-title">
            <div class="card-header"><h2 id="invoices-title">"Invoices"</h2></div>
            <div class="table-wrap"><table class="table" data-testid="invoices">
                <thead><tr><th>"Number"</th><th>"Date"</th><th class="num">"Total"</th><th>"Status"</th><th><span class="sr-only">"Links"</span></th></tr></thead>
                <tbody>
                    {view.invoices.into_iter().map(|invoice| view! {
                        <tr>
                            <td class="mono">{invoice.number}</td>
                            <td>{invoice.created}</td>
                            <td class="num">{invoice.total}</td>
                            <td><span class=status_badge(if invoice.status == "paid" { "active" } else { "past_due" })>{status_label(&invoice.status)}</span></td>
                            <td class="row">
                                {invoice.url.map(|url| view! { <a href=url target="_blank" rel="noopener">"View"</a> })}
                                {invoice.pdf.map(|url| view! { <a href=url target="_blank" rel="noopener">"PDF"</a> })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_words_with_their_tone() {
        assert_eq!(status_label("past_due"), "Past due");
        assert_eq!(status_label("incomplete_expired"), "Incomplete expired");
        assert_eq!(status_badge("trialing"), "badge badge-ahead");
        assert_eq!(status_badge("past_due"), "badge badge-warning");
        assert_eq!(status_badge("canceled"), "badge badge-behind");
    }
}
