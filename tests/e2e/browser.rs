//! The pages in headless Chromium: sign up and land in the app, sign out and
//! in again, invite and accept in a second browser, a rep kept out of admin
//! pages (and the server refusing the calls), hydration, forms that work
//! before (or without) JavaScript, and screenshots of every main page.

use attain_test_support::{
    browser::{
        click, fill, find, launch, log_in, screenshot_both_widths, text_of, wait_for_path,
        wait_hydrated, within,
    },
    unique_slug, TestApp, PASSWORD,
};
use fantoccini::Client;
use serde_json::json;

/// Opens /signup, fills every field and submits. The email is the admin's
/// first name at the slug; `javascript` says whether to wait for hydration.
async fn submit_signup(
    client: &Client,
    app: &TestApp,
    company: &str,
    slug: &str,
    admin: &str,
    password: &str,
    javascript: bool,
) {
    client
        .goto(&app.url("/signup"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    if javascript {
        wait_hydrated(client).await;
    }
    let first_name = admin
        .split_whitespace()
        .next()
        .unwrap_or(admin)
        .to_lowercase();
    fill(client, "#company_name", company).await;
    fill(client, "#slug", slug).await;
    fill(client, "#admin_name", admin).await;
    fill(client, "#email", &format!("{first_name}@{slug}.example")).await;
    fill(client, "#password", password).await;
    click(client, "button[type=submit]").await;
}

async fn sign_up(client: &Client, app: &TestApp, slug: &str) {
    submit_signup(
        client,
        app,
        &format!("{slug} Holdings"),
        slug,
        "Grace Hopper",
        PASSWORD,
        true,
    )
    .await;
    wait_for_path(client, "/app").await;
}

#[tokio::test]
async fn a_company_signs_up_lands_in_the_app_signs_out_and_in_again() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let slug = unique_slug("browser");
        sign_up(&client, &app, &slug).await;
        let tenant = text_of(&client, "[data-testid=tenant-name]").await;
        assert_eq!(tenant, format!("{slug} Holdings"));

        click(&client, "[data-testid=sign-out]").await;
        wait_for_path(&client, "/login").await;
        client
            .goto(&app.url("/app"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_for_path(&client, "/login").await;

        log_in(&client, &app, &format!("grace@{slug}.example")).await;
        find(&client, "[data-testid=tenant-name]").await;
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn an_invited_person_accepts_in_a_second_browser_and_a_rep_cannot_open_admin_pages() {
    within(async {
    let app = TestApp::spawn().await;
    let admin = launch(true).await;
    let slug = unique_slug("invite");
    sign_up(&admin, &app, &slug).await;
    admin
        .goto(&app.url("/app/admin/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(&admin).await;
    fill(&admin, "#invite-email", &format!("rita@{slug}.example")).await;
    click(&admin, "[data-testid=invite-form] button[type=submit]").await;
    let link = text_of(&admin, "[data-testid=invite-link] code").await;
    let path = link
        .split_once("/invite/")
        .map(|(_, token)| format!("/invite/{token}"))
        .unwrap_or_default();
    assert!(!path.is_empty(), "no invite link in {link:?}");

    let rep = launch(true).await;
    rep.goto(&app.url(&path))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(&rep).await;
    fill(&rep, "#name", "Rita Rep").await;
    fill(&rep, "#password", PASSWORD).await;
    click(&rep, "button[type=submit]").await;
    wait_for_path(&rep, "/app").await;
    let nav = text_of(&rep, "nav.nav").await;
    assert!(
        !nav.contains("Users"),
        "a rep's menu has no admin entries: {nav}"
    );

    rep.goto(&app.url("/app/admin/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    find(&rep, "[data-testid=forbidden]").await;
    // The server refuses the underlying calls too, whatever the page shows.
    let statuses = rep
        .execute(
            "return Promise.all([fetch('/api/v1/users').then(r => r.status), fetch('/fn/list_members?page=1').then(r => r.status)]);",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(statuses[0], json!(403), "{statuses}");
    assert_ne!(statuses[1], json!(200), "{statuses}");

    // The admin builds the organisation from the teams page.
    admin
        .goto(&app.url("/app/admin/teams"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(&admin).await;
    fill(&admin, "#team-name", "EMEA").await;
    click(&admin, "[data-testid=team-form] button[type=submit]").await;
    find(&admin, "[data-testid='team-EMEA']").await;

    // The admin sees the new member in the list.
    admin
        .goto(&app.url("/app/admin/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    find(
        &admin,
        &format!("[data-testid='member-rita@{slug}.example']"),
    )
    .await;
    let _ = admin.close().await;
    let _ = rep.close().await;
    })
    .await
}

#[tokio::test]
async fn hydration_makes_controls_respond_without_a_page_load() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        client
            .goto(&app.url("/login"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        client
            .execute("window.__sameDocument = true; return true;", vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let password = find(&client, "#password").await;
        assert_eq!(
            password.attr("type").await.ok().flatten().as_deref(),
            Some("password")
        );
        click(&client, "[data-testid=toggle-password]").await;
        assert_eq!(
            password.attr("type").await.ok().flatten().as_deref(),
            Some("text")
        );
        let same = client
            .execute("return window.__sameDocument === true;", vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(same, json!(true), "the click must not reload the page");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn forms_work_without_javascript_and_show_errors_next_to_the_field() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(false).await;
        let slug = unique_slug("nojs");
        submit_signup(
            &client,
            &app,
            "No Script Ltd",
            &slug,
            "Nora",
            "short",
            false,
        )
        .await;
        let error = text_of(&client, "#password-error").await;
        assert!(error.contains("at least 10"), "{error}");

        submit_signup(
            &client,
            &app,
            "No Script Ltd",
            &slug,
            "Nora",
            PASSWORD,
            false,
        )
        .await;
        wait_for_path(&client, "/app").await;
        let tenant = text_of(&client, "[data-testid=tenant-name]").await;
        assert_eq!(tenant, "No Script Ltd");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn screenshots_of_every_main_page_at_both_widths() {
    within(async {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("shots")).await;
    for (name, amount, status) in [
        ("Northwind renewal", "48000", "won"),
        ("Contoso expansion", "52000", "open"),
        ("Tailspin platform", "18500", "won"),
        ("Fabrikam pilot", "9000", "lost"),
        ("Litware EU", "31000", "open"),
    ] {
        owner
            .post(
                "/api/v1/deals",
                &json!({"name": name, "amount": amount, "currency": "USD", "status": status}),
            )
            .await;
    }
    owner.post("/api/v1/deals", &json!({"name": "Alpine Ski House", "amount": "22000", "currency": "EUR", "status": "won"})).await;
    owner
        .post(
            "/api/v1/tokens",
            &json!({"name": "CRM sync", "role": "manager"}),
        )
        .await;
    let emea: serde_json::Value = owner
        .post("/api/v1/teams", &json!({"name": "EMEA"}))
        .await
        .json()
        .await
        .unwrap_or_default();
    let americas: serde_json::Value = owner
        .post("/api/v1/teams", &json!({"name": "Americas"}))
        .await
        .json()
        .await
        .unwrap_or_default();
    for (name, parent) in [
        ("Enterprise North", &emea),
        ("Mid-market DACH", &emea),
        ("West Coast", &americas),
        ("East Coast", &americas),
    ] {
        owner
            .post(
                "/api/v1/teams",
                &json!({"name": name, "parent_id": parent["id"]}),
            )
            .await;
    }
    let invite: serde_json::Value = owner
        .post(
            "/api/v1/invitations",
            &json!({"email": "mia@shots.example", "role": "rep"}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    app.add_member(&owner, "max@shots.example", "manager").await;
    assert!(
        app.eventually(std::time::Duration::from_secs(30), || async {
            owner
                .get("/api/v1/kpis/snapshot")
                .await
                .json::<serde_json::Value>()
                .await
                .unwrap_or_default()["figures"]["deal_count"]
                == 6
        })
        .await
    );

    let client = launch(true).await;
    for (name, path) in [("landing", "/"), ("login", "/login"), ("signup", "/signup")] {
        client
            .goto(&app.url(path))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        screenshot_both_widths(&client, name).await;
    }
    let token = invite["token"].as_str().unwrap_or_default();
    client
        .goto(&app.url(&format!("/invite/{token}")))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(&client).await;
    screenshot_both_widths(&client, "accept-invitation").await;

    let email = format!("owner@{}.example", owner_slug(&owner).await);
    log_in(&client, &app, &email).await;
    find(&client, "[data-testid=deal-count]").await;
    screenshot_both_widths(&client, "home").await;
    for (name, path, marker) in [
        ("users", "/app/admin/users", "table"),
        ("teams", "/app/admin/teams", "[data-testid=team-tree]"),
        ("api-tokens", "/app/admin/tokens", "table"),
        ("audit-log", "/app/admin/audit", "table"),
    ] {
        client
            .goto(&app.url(path))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        wait_hydrated(&client).await;
        find(&client, marker).await;
        screenshot_both_widths(&client, name).await;
    }
    let _ = client.close().await;
    })
    .await
}

async fn owner_slug(owner: &attain_test_support::Browser) -> String {
    let session: serde_json::Value = owner
        .get("/api/v1/auth/session")
        .await
        .json()
        .await
        .unwrap_or_default();
    session["tenant"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
