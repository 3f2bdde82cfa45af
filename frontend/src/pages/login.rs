//! `/login`.

use crate::{
    api::Login,
    components::forms::{last_problem, FieldError, FormError},
    pages::landing::PublicHeader,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let problem = last_problem(login.value());
    let show_password = RwSignal::new(false);
    view! {
        <Title text="Sign in · Attain"/>
        <div class="public">
            <PublicHeader/>
            <div class="auth-card card">
                <h1>"Sign in"</h1>
                <p class="muted">"Welcome back. Sign in to your company's Attain."</p>
                <ActionForm action=login attr:class="form">
                    <FormError problem fields=&["email", "password"]/>
                    <div class="field">
                        <label for="email">"Work email"</label>
                        <input id="email" name="email" type="email" autocomplete="username" required=true/>
                        <FieldError problem field="email"/>
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        <div class="input-action">
                            <input id="password" name="password" autocomplete="current-password" required=true
                                type=move || if show_password.get() { "text" } else { "password" }/>
                            <button type="button" class="btn btn-secondary btn-small" data-testid="toggle-password"
                                aria-pressed=move || show_password.get().to_string()
                                on:click=move |_| show_password.update(|s| *s = !*s)>
                                {move || if show_password.get() { "Hide" } else { "Show" }}
                            </button>
                        </div>
                        <FieldError problem field="password"/>
                    </div>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled=move || login.pending().get()>"Sign in"</button>
                    </div>
                </ActionForm>
                <p class="auth-alt">"New to Attain? "<a href="/signup">"Start a free trial"</a></p>
            </div>
        </div>
    }
}
