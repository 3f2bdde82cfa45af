//! `/signup`: a company starts its trial.

use crate::{
    api::Signup,
    components::forms::{last_problem, Field, FieldError, FormError},
    pages::landing::PublicHeader,
};
use leptos::prelude::*;
use leptos_meta::Title;

const INDUSTRIES: [(&str, &str); 11] = [
    ("software", "Software"),
    ("financial_services", "Financial services"),
    ("healthcare", "Healthcare"),
    ("manufacturing", "Manufacturing"),
    ("retail", "Retail"),
    ("professional_services", "Professional services"),
    ("media", "Media"),
    ("education", "Education"),
    ("logistics", "Logistics"),
    ("telecommunications", "Telecommunications"),
    ("other", "Other"),
];
const SIZES: [&str; 6] = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+"];
const FIELDS: &[&str] = &[
    "company_name",
    "slug",
    "industry",
    "company_size",
    "admin_name",
    "email",
    "password",
];

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = ServerAction::<Signup>::new();
    let problem = last_problem(signup.value());
    view! {
        <Title text="Start your trial · Attain"/>
        <div class="public">
            <PublicHeader/>
            <div class="auth-card card">
                <h1>"Start your 14-day trial"</h1>
                <p class="muted">"No card needed. You will be the owner of your company's Attain."</p>
                <ActionForm action=signup attr:class="form">
                    <FormError problem fields=FIELDS/>
                    <Field label="Company name" name="company_name" autocomplete="organization" problem/>
                    <Field label="Company address" name="slug" hint="Lowercase letters, digits and hyphens, e.g. acme-corp." problem/>
                    <div class="field">
                        <label for="industry">"Industry"</label>
                        <select id="industry" name="industry">
                            {INDUSTRIES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                        </select>
                        <FieldError problem field="industry"/>
                    </div>
                    <div class="field">
                        <label for="company_size">"Company size (employees)"</label>
                        <select id="company_size" name="company_size">
                            {SIZES.iter().map(|s| view! { <option value=*s selected=*s == "51-200">{*s}</option> }).collect_view()}
                        </select>
                        <FieldError problem field="company_size"/>
                    </div>
                    <Field label="Your name" name="admin_name" autocomplete="name" problem/>
                    <Field label="Work email" name="email" kind="email" autocomplete="email" problem/>
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" hint="At least 10 characters; a short sentence works well." problem/>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled=move || signup.pending().get()>"Create my company"</button>
                    </div>
                </ActionForm>
                <p class="auth-alt">"Already using Attain? "<a href="/login">"Sign in"</a></p>
            </div>
        </div>
    }
}
