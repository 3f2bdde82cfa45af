//! `/invite/:token`: accept an invitation.

use crate::{
    api::AcceptInvitation,
    components::forms::{last_problem, FieldError, FormError},
    pages::landing::PublicHeader,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AcceptPage() -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let problem = last_problem(accept.value());
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    view! {
        <Title text="Join your team · Attain"/>
        <div class="public">
            <PublicHeader/>
            <div class="auth-card card">
                <h1>"Join your team on Attain"</h1>
                <p class="muted">"Choose your name and a password. If you already use Attain, enter your existing password and leave the name as it is."</p>
                <ActionForm action=accept attr:class="form">
                    <FormError problem fields=&["name", "password"]/>
                    <input type="hidden" name="token" value=token/>
                    <div class="field">
                        <label for="name">"Your name"</label>
                        <input id="name" name="name" autocomplete="name"/>
                        <FieldError problem field="name"/>
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        <input id="password" name="password" type="password" autocomplete="new-password" required=true/>
                        <p class="hint">"At least 10 characters."</p>
                        <FieldError problem field="password"/>
                    </div>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled=move || accept.pending().get()>"Join"</button>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
