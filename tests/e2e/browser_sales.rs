//! The sales pages in headless Chromium: an admin picks a sales model at
//! onboarding and the pipeline board shows its stages; a deal created on the
//! board moves lead → … → closed won on its page, each step in its
//! milestone timeline (and another is lost, with its reason); screenshots of
//! every sales page at both widths.

use attain_test_support::{
    browser::{
        click, fill, find, launch, open, screenshot_both_widths, text_containing, text_of,
        wait_for_path, wait_hydrated, within, WAIT,
    },
    unique_slug, Browser, TestApp, PASSWORD,
};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::Duration;

/// Signs a company up through the API and logs its owner in to `client`.
async fn owner_in_browser(app: &TestApp, client: &Client, stem: &str) -> Browser {
    let slug = unique_slug(stem);
    let owner = app.signup(&slug).await;
    client
        .goto(&app.url("/login"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_hydrated(client).await;
    fill(client, "#email", &format!("owner@{slug}.example")).await;
    fill(client, "#password", PASSWORD).await;
    click(client, "button[type=submit]").await;
    wait_for_path(client, "/app").await;
    owner
}

/// Waits until `css` matches nothing (or stops matching).
async fn wait_gone(client: &Client, css: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while client.find(Locator::Css(css)).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} is still there"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Checks that the page does not scroll sideways on a phone: wide content
/// (boards, tables) scrolls inside its own container.
async fn fits_a_phone(client: &Client, page: &str) {
    let _ = client.set_window_size(390, 844).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let report = client
        .execute(
            r#"
            const width = document.documentElement.clientWidth;
            const clipped = (e) => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    const o = getComputedStyle(a).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
                }
                return false;
            };
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
                .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${getComputedStyle(e).position} ${clipped(e)}`);
            return [document.documentElement.scrollWidth, width, wide];
            "#,
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = client.set_window_size(1280, 900).await;
    assert!(
        report[0].as_i64() <= report[1].as_i64(),
        "{page} scrolls sideways at 390 px: {report}"
    );
}

/// Marks the current document, so [`same_document`] can tell whether an
/// action was handled by the hydrated page rather than a full page load.
async fn mark_document(client: &Client) {
    client
        .execute("window.__sameDocument = true; return true;", vec![])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn same_document(client: &Client) -> bool {
    client
        .execute("return window.__sameDocument === true;", vec![])
        .await
        .map(|v| v == json!(true))
        .unwrap_or(false)
}

/// Applies the page's filters: the hydrated page navigates in place.
async fn filters_run_in_place(client: &Client, page: &str) {
    mark_document(client).await;
    click(client, "form.filters button[type=submit]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    wait_hydrated(client).await;
    assert!(
        same_document(client).await,
        "{page}: applying filters reloaded the page (not hydrated?)"
    );
}

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    assert!(status.is_success(), "{status}: {body}");
    body
}

#[tokio::test]
async fn an_admin_picks_a_sales_model_and_the_board_shows_its_stages() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        owner_in_browser(&app, &client, "model").await;

        // The admin menu leads to onboarding.
        let nav = text_of(&client, "nav.nav").await;
        for entry in [
            "Pipeline",
            "Accounts",
            "Products",
            "People",
            "Onboarding",
            "Stages",
        ] {
            assert!(nav.contains(entry), "{entry} missing from the menu: {nav}");
        }
        click(&client, "nav.nav a[href='/app/onboarding']").await;
        wait_for_path(&client, "/app/onboarding").await;
        find(&client, "[data-testid=template-inbound]").await;
        screenshot_both_widths(&client, "sales-onboarding").await;

        click(&client, "[data-testid=apply-inbound]").await;
        let toast = text_of(&client, "[data-testid=toast]").await;
        assert!(toast.contains("Sales model applied"), "{toast}");
        // The chosen template is marked, and the pipeline is one click away.
        find(&client, "[data-testid=template-inbound].chosen").await;
        click(&client, "[data-testid=open-pipeline]").await;
        wait_for_path(&client, "/app/pipeline").await;

        let board = text_of(&client, "[data-testid=pipeline-board]").await;
        let columns = [
            ("lead", "Inbound lead"),
            ("mql", "Marketing qualified"),
            ("sql", "Sales qualified"),
            ("demo", "Demo"),
            ("trial", "Trial"),
            ("proposal", "Proposal"),
        ];
        for (key, name) in columns {
            let column = text_of(&client, &format!("[data-testid=column-{key}]")).await;
            assert!(column.contains(name), "column {key}: {column}");
        }
        let titles = client
            .find_all(Locator::Css(".board-column-title"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut shown = Vec::new();
        for title in titles {
            shown.push(title.text().await.unwrap_or_default());
        }
        assert_eq!(
            shown,
            columns
                .iter()
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>(),
            "the board shows the model's open stages in order: {board}"
        );
        // Stages of the general pipeline the model lacks are gone.
        assert!(client
            .find(Locator::Css("[data-testid=column-negotiation]"))
            .await
            .is_err());

        // The stages page lists the same pipeline, in order, for admins.
        open(&client, &app, "/app/admin/stages").await;
        let stages = text_of(&client, "[data-testid=stages-new_business]").await;
        let order: Vec<usize> = columns
            .iter()
            .map(|(_, name)| stages.find(name).unwrap_or(usize::MAX))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{stages}");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn a_deal_moves_from_lead_to_closed_won_and_its_timeline_shows_each_step() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "moves").await;

        // A new deal, created on the board, starts in the first open stage.
        open(&client, &app, "/app/pipeline").await;
        click(&client, "[data-testid=new-deal]").await;
        fill(&client, "#deal-name", "Northwind platform").await;
        fill(&client, "#deal-amount", "48000").await;
        click(&client, "[data-testid=deal-form] button[type=submit]").await;
        let toast = text_of(&client, "[data-testid=toast]").await;
        assert!(toast.contains("Deal created"), "{toast}");
        let lead =
            text_containing(&client, "[data-testid=column-lead]", "Northwind platform").await;
        assert!(lead.contains("48,000.00 USD"), "{lead}");

        click(&client, "[data-testid=column-lead] [data-testid=deal-card]").await;
        find(&client, "[data-testid=stage-stepper]").await;
        wait_hydrated(&client).await;
        let path = client
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        assert!(path.starts_with("/app/deals/"), "{path}");
        find(&client, "[data-testid=step-lead][aria-current=step]").await;

        let steps = [
            ("qualified", "Qualified"),
            ("meeting", "Meeting"),
            ("proposal", "Proposal"),
            ("negotiation", "Negotiation"),
        ];
        for (key, name) in steps {
            click(&client, &format!("[data-testid=move-{key}]")).await;
            find(
                &client,
                &format!("[data-testid=step-{key}][aria-current=step]"),
            )
            .await;
            let current = text_of(&client, "[data-testid=current-stage]").await;
            assert!(current.starts_with(name), "{current}");
        }
        screenshot_both_widths(&client, "sales-deal-open").await;
        click(&client, "[data-testid=move-closed_won]").await;
        find(&client, "[data-testid=step-closed_won][aria-current=step]").await;
        let status = text_of(&client, "[data-testid=deal-status]").await;
        assert_eq!(status, "Won");

        let deadline = tokio::time::Instant::now() + WAIT;
        let milestones = loop {
            let items = client
                .find_all(Locator::Css("[data-testid=milestone]"))
                .await
                .unwrap_or_default();
            let mut texts = Vec::new();
            for item in items {
                texts.push(item.text().await.unwrap_or_default());
            }
            if texts.len() == 6 || tokio::time::Instant::now() > deadline {
                break texts;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let expected = [
            "Created in Lead",
            "Lead → Qualified",
            "Qualified → Meeting",
            "Meeting → Proposal",
            "Proposal → Negotiation",
            "Negotiation → Closed won",
        ];
        assert_eq!(milestones.len(), expected.len(), "{milestones:#?}");
        for (text, title) in milestones.iter().zip(expected) {
            assert!(
                text.starts_with(title),
                "{text:?} should start with {title:?}"
            );
            assert!(text.contains("by Ada Admin"), "who moved it: {text:?}");
            assert!(text.contains("UTC"), "when: {text:?}");
        }
        screenshot_both_widths(&client, "sales-deal-won").await;

        // The API agrees: six milestones, and the deal is won.
        let deal_id = path.trim_start_matches("/app/deals/").to_owned();
        let recorded = json_of(
            owner
                .get(&format!("/api/v1/deals/{deal_id}/milestones"))
                .await,
        )
        .await;
        assert_eq!(recorded.as_array().map(Vec::len), Some(6), "{recorded}");
        let deal = json_of(owner.get(&format!("/api/v1/deals/{deal_id}")).await).await;
        assert_eq!(deal["status"], "won");

        // Losing a deal asks why, and the reason stays on the deal.
        let lost = json_of(
            owner
                .post(
                    "/api/v1/deals",
                    &json!({"name": "Fabrikam pilot", "amount": "9000", "currency": "USD"}),
                )
                .await,
        )
        .await;
        open(
            &client,
            &app,
            &format!("/app/deals/{}", lost["id"].as_str().unwrap_or_default()),
        )
        .await;
        click(&client, "[data-testid=move-closed_lost]").await;
        fill(
            &client,
            "[data-testid=loss-reason]",
            "Chose a competitor on price",
        )
        .await;
        screenshot_both_widths(&client, "sales-deal-loss-reason").await;
        mark_document(&client).await;
        click(&client, "[data-testid=confirm-lost]").await;
        find(&client, "[data-testid=step-closed_lost][aria-current=step]").await;
        let closed = text_of(&client, "[data-testid=step-closed_lost]").await;
        assert!(closed.contains("Chose a competitor on price"), "{closed}");
        assert_eq!(text_of(&client, "[data-testid=deal-status]").await, "Lost");
        wait_gone(&client, "[data-testid=confirm-lost]").await;
        assert!(
            same_document(&client).await,
            "the hydrated deal page moved the deal without a page load"
        );
        let toast = text_of(&client, "[data-testid=toast]").await;
        assert!(toast.contains("Moved to Closed lost"), "{toast}");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn sales_forms_work_without_javascript_and_show_errors_next_to_the_field() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(false).await;
        let slug = unique_slug("salesnojs");
        app.signup(&slug).await;
        client
            .goto(&app.url("/login"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        fill(&client, "#email", &format!("owner@{slug}.example")).await;
        fill(&client, "#password", PASSWORD).await;
        click(&client, "button[type=submit]").await;
        wait_for_path(&client, "/app").await;

        client
            .goto(&app.url("/app/products"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        click(&client, "[data-testid=add-product]").await;
        fill(&client, "#new-product-name", "Attain Platform").await;
        fill(&client, "#new-product-price", "twelve").await;
        click(&client, "[data-testid=product-form] button[type=submit]").await;
        // The post comes back to the page, the form open, the error under the price.
        let error = text_of(&client, "[data-testid=product-form] #list_price-error").await;
        assert!(error.contains("decimal"), "{error}");

        fill(&client, "#new-product-name", "Attain Platform").await;
        fill(&client, "#new-product-price", "24,000.00").await;
        click(&client, "[data-testid=product-form] button[type=submit]").await;
        let row = text_containing(
            &client,
            "[data-testid='product-Attain Platform']",
            "24,000.00 USD",
        )
        .await;
        assert!(row.contains("Standard"), "{row}");
        let _ = client.close().await;
    })
    .await
}

#[tokio::test]
async fn screenshots_of_every_sales_page_at_both_widths() {
    within(async {
        let app = TestApp::spawn().await;
        let client = launch(true).await;
        let owner = owner_in_browser(&app, &client, "salesshots").await;
        seed(&app, &owner).await;

        open(&client, &app, "/app/pipeline").await;
        find(
            &client,
            "[data-testid=pipeline-board] [data-testid=deal-card]",
        )
        .await;
        screenshot_both_widths(&client, "sales-pipeline-board").await;
        click(&client, "[data-testid=new-deal]").await;
        find(&client, "[data-testid=deal-form]").await;
        screenshot_both_widths(&client, "sales-new-deal").await;

        open(&client, &app, "/app/pipeline?view=list&sort=amount").await;
        find(&client, "[data-testid=deal-list]").await;
        screenshot_both_widths(&client, "sales-pipeline-list").await;
        fits_a_phone(&client, "/app/pipeline?view=list").await;

        // A deal with splits and product lines.
        click(&client, "[data-testid=deal-list] a").await;
        find(&client, "[data-testid=milestones]").await;
        wait_hydrated(&client).await;
        screenshot_both_widths(&client, "sales-deal").await;
        fits_a_phone(&client, "a deal").await;

        for (name, path, marker) in [
            (
                "sales-accounts",
                "/app/accounts",
                "[data-testid=account-table]",
            ),
            (
                "sales-products",
                "/app/products",
                "[data-testid=product-table]",
            ),
            (
                "sales-stages",
                "/app/admin/stages",
                "[data-testid=stages-new_business]",
            ),
            ("sales-people", "/app/people", "[data-testid=people-table]"),
            (
                "sales-onboarding-chosen",
                "/app/onboarding",
                "[data-testid=template-hunter_farmer].chosen",
            ),
        ] {
            open(&client, &app, path).await;
            find(&client, marker).await;
            screenshot_both_widths(&client, name).await;
            fits_a_phone(&client, path).await;
            if client.find(Locator::Css("form.filters")).await.is_ok() {
                filters_run_in_place(&client, path).await;
            }
        }

        // The ICP editor, open over the accounts page.
        open(&client, &app, "/app/accounts").await;
        click(&client, "[data-testid=edit-icp]").await;
        find(&client, "[data-testid=icp-form]").await;
        screenshot_both_widths(&client, "sales-icp-editor").await;
        let _ = client.close().await;
    })
    .await
}

/// A company with a sales model, a catalogue, accounts scored against an
/// ICP, an organisation and deals in several stages.
async fn seed(app: &TestApp, owner: &Browser) {
    json_of(
        owner
            .send(
                reqwest::Method::PUT,
                "/api/v1/sales-model",
                Some(&json!({"template": "hunter_farmer"})),
            )
            .await,
    )
    .await;
    let stages = json_of(owner.get("/api/v1/stages").await).await;
    let stage = |key: &str| {
        stages
            .as_array()
            .and_then(|all| all.iter().find(|s| s["key"] == key))
            .map(|s| s["id"].clone())
            .unwrap_or(Value::Null)
    };

    let emea = json_of(
        owner
            .post("/api/v1/teams", &json!({"name": "EMEA", "kind": "region"}))
            .await,
    )
    .await;
    let americas = json_of(
        owner
            .post(
                "/api/v1/teams",
                &json!({"name": "Americas", "kind": "region"}),
            )
            .await,
    )
    .await;
    let north = json_of(
        owner
            .post(
                "/api/v1/teams",
                &json!({"name": "Enterprise North", "parent_id": emea["id"]}),
            )
            .await,
    )
    .await;
    app.add_member(owner, "mia@salesshots.example", "manager")
        .await;
    let people = json_of(owner.get("/api/v1/people?per_page=50").await).await;
    let mia = people["items"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["email"] == "mia@salesshots.example"))
        .map(|p| p["id"].clone())
        .unwrap_or(Value::Null);
    owner
        .patch(
            &format!("/api/v1/people/{}", mia.as_str().unwrap_or_default()),
            &json!({"version": 1, "name": "Mia Manager", "team_id": north["id"], "sales_role": "manager"}),
        )
        .await;
    let mut reps = Vec::new();
    for (name, role, team) in [
        ("Rui Hunter", "hunter", &north),
        ("Sofia Farmer", "farmer", &north),
        ("Tom Closer", "ae", &americas),
        ("Uma Builder", "sdr", &americas),
    ] {
        let email = format!(
            "{}@salesshots.example",
            name.split(' ').next().unwrap_or(name).to_lowercase()
        );
        let person = json_of(
            owner
                .post(
                    "/api/v1/people",
                    &json!({"name": name, "email": email, "sales_role": role, "team_id": team["id"], "manager_id": mia}),
                )
                .await,
        )
        .await;
        reps.push(person["id"].clone());
    }

    let mut products = Vec::new();
    for (name, category, price, priority) in [
        ("Attain Platform", "Platform", "24000.00", "strategic"),
        ("Analytics add-on", "Add-on", "6000.00", "strategic"),
        ("Onboarding services", "Services", "3500.00", "standard"),
        ("Starter seats", "Seats", "900.00", "loss_leader"),
    ] {
        let product = json_of(
            owner
                .post(
                    "/api/v1/products",
                    &json!({"name": name, "category": category, "list_price": price, "currency": "USD", "priority": priority}),
                )
                .await,
        )
        .await;
        products.push(product["id"].clone());
    }

    json_of(
        owner
            .send(
                reqwest::Method::PUT,
                "/api/v1/icp",
                Some(&json!({"criteria": [
                    {"attribute": "industry", "value": "Software", "weight": 40},
                    {"attribute": "industry", "value": "Healthcare", "weight": 25},
                    {"attribute": "segment", "value": "mid_market", "weight": 30},
                    {"attribute": "employees_min", "value": "100", "weight": 20},
                    {"attribute": "region", "value": emea["id"], "weight": 10},
                ]})),
            )
            .await,
    )
    .await;
    let mut accounts = Vec::new();
    for (name, industry, employees, region) in [
        ("Northwind Traders", "Software", 450, &emea),
        ("Contoso Health", "Healthcare", 1200, &emea),
        ("Tailspin Toys", "Retail", 80, &americas),
        ("Fabrikam Robotics", "Manufacturing", 5200, &americas),
        ("Litware Labs", "Software", 60, &emea),
    ] {
        let account = json_of(
            owner
                .post(
                    "/api/v1/accounts",
                    &json!({"name": name, "industry": industry, "employees": employees, "region_id": region["id"], "owner_id": reps[0]}),
                )
                .await,
        )
        .await;
        accounts.push(account["id"].clone());
    }

    for (i, (name, amount, key)) in [
        ("Northwind platform", "72000.00", "proposal"),
        ("Contoso expansion", "31000.00", "qualified"),
        ("Tailspin pilot", "9500.00", "lead"),
        ("Fabrikam rollout", "140000.00", "negotiation"),
        ("Litware seats", "4500.00", "meeting"),
        ("Alpine Ski House", "18000.00", "lead"),
        ("Wingtip renewal", "22000.00", "closed_won"),
    ]
    .into_iter()
    .enumerate()
    {
        json_of(
            owner
                .post(
                    "/api/v1/deals",
                    &json!({
                        "name": name, "amount": amount, "currency": "USD", "stage_id": stage(key),
                        "account_id": accounts[i % accounts.len()], "owner_id": reps[i % reps.len()],
                        "expected_close_date": "2026-12-15",
                    }),
                )
                .await,
        )
        .await;
    }
    // The largest open deal: product lines, a split, and a few moves.
    let big = json_of(
        owner
            .post(
                "/api/v1/deals",
                &json!({
                    "name": "Northwind enterprise suite", "currency": "USD", "stage_id": stage("lead"),
                    "account_id": accounts[0], "owner_id": reps[0], "expected_close_date": "2026-11-30",
                    "lines": [
                        {"product_id": products[0], "quantity": "10"},
                        {"product_id": products[1], "quantity": "5"},
                        {"product_id": products[2], "quantity": "2", "unit_price": "3000.00"},
                    ],
                    "splits": [{"person_id": reps[0], "share": "60"}, {"person_id": reps[1], "share": "40"}],
                }),
            )
            .await,
    )
    .await;
    let id = big["id"].as_str().unwrap_or_default().to_owned();
    for (version, key) in [(1, "qualified"), (2, "meeting"), (3, "proposal")] {
        json_of(
            owner
                .patch(
                    &format!("/api/v1/deals/{id}"),
                    &json!({"version": version, "stage_id": stage(key)}),
                )
                .await,
        )
        .await;
    }
}
