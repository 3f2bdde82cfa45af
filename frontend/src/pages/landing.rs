//! `/`: what Attain is, and the pricing tiers.

use leptos::prelude::*;
use leptos_meta::Title;

struct Tier {
    name: &'static str,
    monthly: u32,
    yearly: u32,
    pitch: &'static str,
    features: &'static [&'static str],
    featured: bool,
}

const TIERS: [Tier; 3] = [
    Tier {
        name: "Starter",
        monthly: 25,
        yearly: 20,
        pitch: "For a first sales team replacing spreadsheets.",
        features: &[
            "Up to 25 sellers",
            "Explainable commission statements",
            "CSV import from HubSpot and Salesforce",
            "KPI dashboards",
        ],
        featured: false,
    },
    Tier {
        name: "Growth",
        monthly: 45,
        yearly: 36,
        pitch: "For teams that coach and pay on several plans.",
        features: &[
            "Unlimited sellers",
            "Plan modelling on real history",
            "Goal cascade and pace",
            "Coaching views and disputes",
            "API tokens and audit log",
        ],
        featured: true,
    },
    Tier {
        name: "Enterprise",
        monthly: 75,
        yearly: 60,
        pitch: "For organisations aligning regions to one goal.",
        features: &[
            "Everything in Growth",
            "Peer benchmarks",
            "Multi-currency plans",
            "Priority support and SSO",
        ],
        featured: false,
    },
];

#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <Title text="Attain · Sales performance, aligned"/>
        <div class="public">
            <PublicHeader/>
            <section class="hero">
                <h1>"Every rep knows what they earned, and why. Every executive knows if the team is on pace."</h1>
                <p class="lead">"Attain computes commissions that explain themselves line by line, tracks goals from the company down to each rep in real time, and shows whether your incentives push what the company needs."</p>
                <div class="hero-actions">
                    <a class="btn btn-primary" href="/signup">"Start a 14-day trial"</a>
                    <a class="btn btn-secondary" href="/login">"Sign in"</a>
                </div>
            </section>
            <section class="features" aria-label="What Attain does">
                <div class="feature card"><h3>"Payouts that explain themselves"</h3><p>"Each statement line names its deal, credit share, tier, rate and rule. Reps stop keeping shadow spreadsheets."</p></div>
                <div class="feature card"><h3>"Real time, end to end"</h3><p>"A deal closes and, seconds later, the rep's earnings, the team's pace and the executive view show it."</p></div>
                <div class="feature card"><h3>"Alignment as one number"</h3><p>"Goal pace, product mix and plan consistency roll up to a score you can drill into, down to a single rep."</p></div>
            </section>
            <section id="pricing" aria-labelledby="pricing-title">
                <h2 id="pricing-title">"Pricing"</h2>
                <p class="muted">"Per seat, per month. Every plan starts with a 14-day trial, no card needed."</p>
                <div class="pricing">
                    {TIERS.iter().map(|tier| view! {
                        <div class="plan card" class:featured=tier.featured>
                            {tier.featured.then(|| view! { <span class="plan-tag">"Most popular"</span> })}
                            <h3 class="plan-name">{tier.name}</h3>
                            <p class="plan-price">{format!("${}", tier.monthly)}<small>" /seat/month"</small></p>
                            <p class="muted">{format!("${} billed yearly. {}", tier.yearly, tier.pitch)}</p>
                            <ul class="plan-features">{tier.features.iter().map(|f| view! { <li>{*f}</li> }).collect_view()}</ul>
                            <a class="btn" class:btn-primary=tier.featured class:btn-secondary=!tier.featured href="/signup">"Start free trial"</a>
                        </div>
                    }).collect_view()}
                </div>
            </section>
            <footer class="footer">"© 2026 Attain"</footer>
        </div>
    }
}

#[component]
pub fn PublicHeader() -> impl IntoView {
    view! {
        <header class="public-header">
            <a class="brand" href="/"><span class="mark" aria-hidden="true"></span>"Attain"</a>
            <nav class="row" aria-label="Site">
                <a href="/#pricing">"Pricing"</a>
                <a href="/login">"Sign in"</a>
                <a class="btn btn-primary btn-small" href="/signup">"Start free trial"</a>
            </nav>
        </header>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::TIERS;
    use attain_billing::{Interval, Tier};

    /// The prices shown are the prices Stripe charges.
    #[test]
    fn the_pricing_page_shows_the_billed_prices() {
        for (shown, sold) in TIERS.iter().zip(Tier::ALL) {
            assert_eq!(shown.name, sold.label());
            assert_eq!(
                i64::from(shown.monthly) * 100,
                sold.monthly_cents(Interval::Monthly)
            );
            assert_eq!(
                i64::from(shown.yearly) * 100,
                sold.monthly_cents(Interval::Yearly)
            );
        }
    }
}
