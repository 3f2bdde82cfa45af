//! The sales data model through the API: a sales-model template at
//! onboarding, people in the organisation, the catalogue, accounts scored
//! against the ICP, and deals with splits and product lines moving through
//! stages, each move a milestone. Bad input names the field and changes nothing.

use attain_test_support::{unique_slug, Browser, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

async fn stage_id(owner: &Browser, key: &str) -> String {
    let stages = body(owner.get("/api/v1/stages").await).await;
    stages
        .as_array()
        .and_then(|all| all.iter().find(|s| s["key"] == key))
        .map(id)
        .unwrap_or_else(|| panic!("no stage {key} in {stages}"))
}

#[tokio::test]
async fn a_template_sets_up_the_pipeline_and_deals_move_through_it_leaving_milestones() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("pipe")).await;

    let models = body(owner.get("/api/v1/sales-models").await).await;
    assert_eq!(models["templates"].as_array().map(Vec::len), Some(5));
    assert!(models["chosen"].is_null());
    let unknown = owner
        .send(
            reqwest::Method::PUT,
            "/api/v1/sales-model",
            Some(&json!({"template": "waterfall"})),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(unknown).await["error"]["field"], "template");
    let applied = owner
        .send(
            reqwest::Method::PUT,
            "/api/v1/sales-model",
            Some(&json!({"template": "inbound"})),
        )
        .await;
    assert_eq!(applied.status(), StatusCode::OK);
    let stages = body(owner.get("/api/v1/stages").await).await;
    let keys: Vec<&str> = stages
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["active"] == true)
        .filter_map(|s| s["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "lead",
            "mql",
            "sql",
            "demo",
            "trial",
            "proposal",
            "closed_won",
            "closed_lost",
            "renewal_due",
            "upsell_proposed"
        ]
    );
    let chosen = body(owner.get("/api/v1/sales-models").await).await;
    assert_eq!(chosen["chosen"]["template"], "inbound");

    // A product, an account and a second rep to split with.
    let product = body(owner.post("/api/v1/products", &json!({"name": "Platform", "category": "Core", "list_price": "1200.00", "currency": "USD", "priority": "strategic"})).await).await;
    let account = body(
        owner
            .post(
                "/api/v1/accounts",
                &json!({"name": "Northwind Traders", "industry": "Retail", "employees": 450}),
            )
            .await,
    )
    .await;
    assert_eq!(account["segment"], "mid_market");
    let partner = body(
        owner
            .post(
                "/api/v1/people",
                &json!({"name": "Ava Thompson", "sales_role": "sdr"}),
            )
            .await,
    )
    .await;
    let me = owner.user_id().to_string();

    // Amount left out: the lines' total. Splits must total 100.
    let short_split = owner
        .post("/api/v1/deals", &json!({"name": "Northwind platform", "currency": "USD", "account_id": id(&account),
            "lines": [{"product_id": id(&product), "quantity": "3"}],
            "splits": [{"person_id": me, "share": "70"}, {"person_id": id(&partner), "share": "20"}]}))
        .await;
    assert_eq!(short_split.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refusal = body(short_split).await;
    assert_eq!(refusal["error"]["field"], "splits");
    assert!(
        refusal["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("90"),
        "{refusal}"
    );
    assert_eq!(
        body(owner.get("/api/v1/deals").await).await["total"],
        0,
        "a refused deal leaves nothing"
    );

    let created = owner
        .post("/api/v1/deals", &json!({"name": "Northwind platform", "currency": "USD", "account_id": id(&account),
            "deal_type": "new_business", "expected_close_date": "2026-12-15",
            "lines": [{"product_id": id(&product), "quantity": "3"}],
            "splits": [{"person_id": me, "share": "70"}, {"person_id": id(&partner), "share": "30"}]}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let deal = body(created).await;
    assert_eq!(deal["amount"], "3600.00");
    assert_eq!(deal["status"], "open");
    assert_eq!(deal["stage_id"], stage_id(&owner, "lead").await);
    assert_eq!(deal["splits"].as_array().map(Vec::len), Some(2));
    let deal_id = id(&deal);

    // Walk it through the pipeline to won.
    for (version, key) in (1..).zip(["mql", "sql", "demo", "proposal", "closed_won"]) {
        let moved = owner
            .patch(
                &format!("/api/v1/deals/{deal_id}"),
                &json!({"version": version, "stage_id": stage_id(&owner, key).await}),
            )
            .await;
        assert_eq!(moved.status(), StatusCode::OK, "move to {key}");
    }
    let won = body(owner.get(&format!("/api/v1/deals/{deal_id}")).await).await;
    assert_eq!(won["status"], "won");
    assert!(won["closed_date"].is_string());
    let milestones = body(
        owner
            .get(&format!("/api/v1/deals/{deal_id}/milestones"))
            .await,
    )
    .await;
    let steps = milestones.as_array().cloned().unwrap_or_default();
    assert_eq!(
        steps.len(),
        6,
        "created in lead, then five moves: {milestones}"
    );
    assert!(steps[0]["from_stage_id"].is_null());
    assert!(steps.iter().all(|m| m["by_user_id"] == json!(me)));
    assert_eq!(
        steps[5]["to_stage_id"],
        stage_id(&owner, "closed_won").await
    );

    // A stale version is refused and changes nothing.
    let stale = owner
        .patch(
            &format!("/api/v1/deals/{deal_id}"),
            &json!({"version": 1, "name": "Renamed"}),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(body(stale).await["error"]["field"], "version");
    assert_eq!(
        body(owner.get(&format!("/api/v1/deals/{deal_id}")).await).await["name"],
        "Northwind platform"
    );

    // A stage with deals in it cannot silently turn them into losses.
    let won_stage = stage_id(&owner, "closed_won").await;
    let stage = body(owner.get("/api/v1/stages").await)
        .await
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == json!(won_stage)).cloned())
        .unwrap_or_default();
    assert_eq!(stage["deal_count"], 1);
    let flip = owner
        .patch(
            &format!("/api/v1/stages/{won_stage}"),
            &json!({"version": stage["version"], "kind": "lost"}),
        )
        .await;
    assert_eq!(flip.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(flip).await["error"]["field"], "kind");

    // Filters and sorting.
    let filtered = body(
        owner
            .get(&format!(
                "/api/v1/deals?stage_id={won_stage}&q=northwind&sort=amount"
            ))
            .await,
    )
    .await;
    assert_eq!(filtered["total"], 1);
    let bad_sort = owner.get("/api/v1/deals?sort=sideways").await;
    assert_eq!(body(bad_sort).await["error"]["field"], "sort");
}

#[tokio::test]
async fn accounts_are_scored_against_the_ideal_customer_profile() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("icp")).await;
    let fit = body(
        owner
            .post(
                "/api/v1/accounts",
                &json!({"name": "Contoso Health", "industry": "Healthcare", "employees": 800}),
            )
            .await,
    )
    .await;
    let poor = body(
        owner
            .post(
                "/api/v1/accounts",
                &json!({"name": "Tailspin Toys", "industry": "Retail", "employees": 30}),
            )
            .await,
    )
    .await;
    assert_eq!(fit["icp_score"], 0, "no profile yet");

    let bad = owner
        .send(
            reqwest::Method::PUT,
            "/api/v1/icp",
            Some(
                &json!({"criteria": [{"attribute": "segment", "value": "gigantic", "weight": 10}]}),
            ),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(bad).await["error"]["field"], "value");

    let saved = owner
        .send(
            reqwest::Method::PUT,
            "/api/v1/icp",
            Some(&json!({"criteria": [
            {"attribute": "industry", "value": "Healthcare", "weight": 50},
            {"attribute": "segment", "value": "mid_market", "weight": 30},
            {"attribute": "employees_min", "value": "100", "weight": 20}]})),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(body(saved).await["accounts_rescored"], 2);
    let listed = body(owner.get("/api/v1/accounts").await).await;
    let items = listed["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items[0]["id"], fit["id"], "best fit first");
    assert_eq!(items[0]["icp_score"], 100);
    assert_eq!(items[1]["id"], poor["id"]);
    assert_eq!(items[1]["icp_score"], 0);

    // Growing past 100 employees earns that criterion's weight.
    let grown = body(
        owner
            .patch(
                &format!("/api/v1/accounts/{}", id(&poor)),
                &json!({"version": 1, "employees": 150}),
            )
            .await,
    )
    .await;
    assert_eq!(grown["icp_score"], 20);
    let min = body(owner.get("/api/v1/accounts?min_score=50").await).await;
    assert_eq!(min["total"], 1);
    let duplicate = owner
        .post("/api/v1/accounts", &json!({"name": "contoso health"}))
        .await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert_eq!(body(duplicate).await["error"]["field"], "name");
}

#[tokio::test]
async fn the_organisation_has_people_with_managers_teams_and_sales_roles() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("org")).await;
    let region = body(
        owner
            .post("/api/v1/teams", &json!({"name": "EMEA", "kind": "region"}))
            .await,
    )
    .await;
    assert_eq!(region["kind"], "region");
    let team = body(
        owner
            .post(
                "/api/v1/teams",
                &json!({"name": "DACH", "parent_id": id(&region)}),
            )
            .await,
    )
    .await;
    let lead = body(owner.post("/api/v1/people", &json!({"name": "Mona Lind", "sales_role": "manager", "team_id": id(&team), "email": "mona@org.example"})).await).await;
    let rep = body(owner.post("/api/v1/people", &json!({"name": "Jonas Berg", "sales_role": "hunter", "team_id": id(&team), "manager_id": id(&lead)})).await).await;
    assert_eq!(rep["manager_id"], lead["id"]);

    let loop_refused = owner
        .patch(
            &format!("/api/v1/people/{}", id(&lead)),
            &json!({"version": 1, "manager_id": id(&rep)}),
        )
        .await;
    assert_eq!(loop_refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(loop_refused).await["error"]["field"], "manager_id");
    let bad_role = owner
        .post(
            "/api/v1/people",
            &json!({"name": "X", "sales_role": "closer"}),
        )
        .await;
    assert_eq!(body(bad_role).await["error"]["field"], "sales_role");
    let taken = owner
        .post(
            "/api/v1/people",
            &json!({"name": "Other Mona", "sales_role": "ae", "email": "MONA@org.example"}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);

    // The region's people include its teams' people.
    let in_region = body(
        owner
            .get(&format!("/api/v1/people?team_id={}", id(&region)))
            .await,
    )
    .await;
    assert_eq!(in_region["total"], 2);
    let hunters = body(owner.get("/api/v1/people?sales_role=hunter").await).await;
    assert_eq!(hunters["total"], 1);
    // The owner is a person too (a member gets one at signup).
    let everyone = body(owner.get("/api/v1/people").await).await;
    assert_eq!(everyone["total"], 3);

    // A rep may read the organisation but not change it.
    let member = app.add_member(&owner, "rep@org.example", "rep").await;
    assert_eq!(member.get("/api/v1/people").await.status(), StatusCode::OK);
    let refused = member
        .post(
            "/api/v1/people",
            &json!({"name": "Sneaky", "sales_role": "ae"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rep_sees_the_deals_they_own_or_share_and_no_others() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("share")).await;
    let rep = app.add_member(&owner, "rep@share.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    let me = owner.user_id().to_string();
    let shared = body(
        owner
            .post(
                "/api/v1/deals",
                &json!({"name": "Shared", "amount": "100", "currency": "USD",
        "splits": [{"person_id": me, "share": "50"}, {"person_id": rep_id, "share": "50"}]}),
            )
            .await,
    )
    .await;
    let private = body(
        owner
            .post(
                "/api/v1/deals",
                &json!({"name": "Owner only", "amount": "100", "currency": "USD"}),
            )
            .await,
    )
    .await;
    let own = rep
        .post(
            "/api/v1/deals",
            &json!({"name": "Rep's own", "amount": "100", "currency": "USD"}),
        )
        .await;
    assert_eq!(own.status(), StatusCode::CREATED);
    assert_eq!(body(own).await["owner_id"], json!(rep_id));

    let listed = body(rep.get("/api/v1/deals").await).await;
    let names: Vec<&str> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(listed["total"], 2, "{names:?}");
    assert!(names.contains(&"Shared") && names.contains(&"Rep's own"));
    assert_eq!(
        rep.get(&format!("/api/v1/deals/{}", id(&shared)))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        rep.get(&format!("/api/v1/deals/{}", id(&private)))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rep.get(&format!("/api/v1/deals/{}/milestones", id(&private)))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let reassign = rep
        .patch(
            &format!("/api/v1/deals/{}", id(&shared)),
            &json!({"version": 1, "owner_id": rep_id}),
        )
        .await;
    assert_eq!(reassign.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn territories_carry_a_region_a_segment_and_named_accounts() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("terr")).await;
    let region = body(
        owner
            .post(
                "/api/v1/teams",
                &json!({"name": "North America", "kind": "region"}),
            )
            .await,
    )
    .await;
    let team = body(
        owner
            .post("/api/v1/teams", &json!({"name": "Not a region"}))
            .await,
    )
    .await;
    let northwind = body(
        owner
            .post("/api/v1/accounts", &json!({"name": "Northwind"}))
            .await,
    )
    .await;
    let contoso = body(
        owner
            .post("/api/v1/accounts", &json!({"name": "Contoso"}))
            .await,
    )
    .await;
    let not_region = owner
        .post(
            "/api/v1/territories",
            &json!({"name": "West", "region_id": id(&team)}),
        )
        .await;
    assert_eq!(body(not_region).await["error"]["field"], "region_id");
    let created = owner
        .post(
            "/api/v1/territories",
            &json!({"name": "West enterprise", "region_id": id(&region), "segment": "enterprise",
            "owner_id": owner.user_id(), "account_ids": [id(&northwind)]}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let territory = body(created).await;
    assert_eq!(territory["account_ids"], json!([id(&northwind)]));
    let moved = body(
        owner
            .patch(
                &format!("/api/v1/territories/{}", id(&territory)),
                &json!({"version": 1, "account_ids": [id(&contoso)]}),
            )
            .await,
    )
    .await;
    assert_eq!(moved["account_ids"], json!([id(&contoso)]));
    let northwind_now = body(
        owner
            .get(&format!("/api/v1/accounts/{}", id(&northwind)))
            .await,
    )
    .await;
    assert!(northwind_now["territory_id"].is_null());
    let listed = body(owner.get("/api/v1/territories").await).await;
    assert_eq!(listed[0]["segment"], "enterprise");
    let bad_segment = owner
        .post(
            "/api/v1/territories",
            &json!({"name": "Huge", "segment": "galactic"}),
        )
        .await;
    assert_eq!(body(bad_segment).await["error"]["field"], "segment");
}
