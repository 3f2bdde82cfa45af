//! The alignment snapshot: the worker recomputes every revenue goal's pace,
//! forecast and alignment score seconds after a deal changes; a deal
//! closing moves a goal from behind to ahead; only owners, admins,
//! executives and managers read it.

use attain_test_support::{unique_slug, Browser, TestApp};
use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

async fn goal(
    owner: &Browser,
    scope: (&str, Option<&str>),
    target: &str,
    parent: Option<&Value>,
) -> Value {
    let created = owner
        .post(
            "/api/v1/goals",
            &json!({
                "period": current_quarter(),
                "scope_kind": scope.0,
                "scope_id": scope.1,
                "metric": "revenue",
                "target": target,
                "currency": "USD",
                "parent_id": parent.map(|p| p["id"].clone()),
            }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    body(created).await
}

async fn deal(owner: &Browser, rep_id: &str, amount: &str, status: &str) {
    let created = owner
        .post(
            "/api/v1/deals",
            &json!({"name": format!("{status} {amount}"), "amount": amount, "currency": "USD", "status": status, "owner_id": rep_id}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

/// The snapshot once `settled` holds for it.
async fn snapshot_when(
    app: &TestApp,
    owner: &Browser,
    what: &str,
    settled: impl Fn(&Value) -> bool,
) -> Value {
    let path = format!("/api/v1/alignment?period={}", current_quarter());
    let reached = app
        .eventually(Duration::from_secs(20), || async {
            let view = body(owner.get(&path).await).await;
            view["source"] == "snapshot" && settled(&view["snapshot"])
        })
        .await;
    assert!(
        reached,
        "never reached {what}: {}",
        body(owner.get(&path).await).await
    );
    body(owner.get(&path).await).await["snapshot"].clone()
}

fn node<'a>(snapshot: &'a Value, id: &Value) -> &'a Value {
    snapshot["goals"]
        .as_array()
        .and_then(|goals| goals.iter().find(|g| g["goal_id"] == *id))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn pace_forecast_and_score_follow_the_deals_within_seconds() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("align")).await;
    let rep = app.add_member(&owner, "rep@align.example", "rep").await;
    let billing = app
        .add_member(&owner, "billing@align.example", "billing_admin")
        .await;
    let rep_id = rep.user_id().to_string();
    let company = goal(&owner, ("company", None), "100000.00", None).await;
    let rep_goal = goal(&owner, ("rep", Some(&rep_id)), "80000.00", Some(&company)).await;
    deal(&owner, &rep_id, "1000.00", "won").await;
    deal(&owner, &rep_id, "20000.00", "open").await;

    let before = snapshot_when(&app, &owner, "two goals with the first deals", |s| {
        s["goals"].as_array().map(Vec::len) == Some(2)
            && node(s, &rep_goal["id"])["pace"]["actual_to_date"] == "1000.00"
            && node(s, &rep_goal["id"])["forecast"]["deals_counted"] == 1
    })
    .await;
    let company_node = node(&before, &company["id"]);
    let rep_node = node(&before, &rep_goal["id"]);
    assert_eq!(
        before["goals"][0]["goal_id"], company["id"],
        "parents come first"
    );
    assert_eq!(rep_node["parent_id"], company["id"]);
    assert_eq!(rep_node["kind"], "rep");
    assert!(rep_node["name"]
        .as_str()
        .is_some_and(|name| !name.is_empty()));
    assert_eq!(company_node["name"], "Company");
    assert_eq!(company_node["children_target"], "80000.00");
    let weighted = rep_node["forecast"]["weighted_pipeline"]
        .as_str()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or_default();
    assert!(
        weighted > 0.0,
        "the open deal is not in the forecast: {rep_node}"
    );
    let parts: Vec<&str> = company_node["score"]["parts"]
        .as_array()
        .map(|parts| parts.iter().filter_map(|p| p["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        parts.contains(&"goal_pace") && parts.contains(&"coverage"),
        "{parts:?}"
    );
    assert!(company_node["score"]["score"].is_string(), "{company_node}");
    let early = Utc::now().date_naive().day() < 3 && Utc::now().month0() % 3 == 0;
    if !early {
        assert_eq!(rep_node["pace"]["class"], "behind", "{rep_node}");
        assert!(before["risks"].as_array().is_some_and(|r| !r.is_empty()));
    }

    // A big deal closes: the rep's goal is ahead seconds later.
    deal(&owner, &rep_id, "90000.00", "won").await;
    let after = snapshot_when(&app, &owner, "the rep ahead", |s| {
        node(s, &rep_goal["id"])["pace"]["class"] == "ahead"
    })
    .await;
    assert_eq!(
        node(&after, &rep_goal["id"])["pace"]["actual_to_date"],
        "91000.00"
    );
    assert_eq!(node(&after, &company["id"])["pace"]["class"], "ahead");

    // Who may read it, and what a person is told otherwise.
    for (who, caller) in [("rep", &rep), ("billing admin", &billing)] {
        let refused = caller.get("/api/v1/alignment").await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let month = owner.get("/api/v1/alignment?period=2026-07").await;
    assert_eq!(month.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(month).await["error"]["field"], "period");
    let year = body(
        owner
            .get(&format!("/api/v1/alignment?period={}", Utc::now().year()))
            .await,
    )
    .await;
    assert_eq!(
        year["snapshot"]["goals"],
        json!([]),
        "no yearly goals were set"
    );
}

#[tokio::test]
async fn a_plan_paying_more_for_a_loss_leader_is_flagged_on_the_goals_it_pays() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("consistency")).await;
    let paid = app
        .add_member(&owner, "paid@consistency.example", "rep")
        .await;
    let unpaid = app
        .add_member(&owner, "unpaid@consistency.example", "rep")
        .await;
    product(&owner, "Core Suite", "strategic").await;
    product(&owner, "Starter Kit", "loss_leader").await;
    // Base rate 10% at quota; the loss leader weighs 1.5: 15% against 10%.
    let rules = json!({
        "currency": "USD",
        "priority_weights": {"loss_leader": "1.5"},
        "rate_table": {"method": "marginal", "tiers": [{"from_pct": "0", "rate": "0.10"}]}
    });
    crate::commissions::published_plan(&owner, "Volume plan", rules, &paid.user_id().to_string())
        .await;
    let company = goal(&owner, ("company", None), "100000.00", None).await;
    let (paid_id, unpaid_id) = (paid.user_id().to_string(), unpaid.user_id().to_string());
    let paid_goal = goal(&owner, ("rep", Some(&paid_id)), "50000.00", Some(&company)).await;
    let unpaid_goal = goal(
        &owner,
        ("rep", Some(&unpaid_id)),
        "50000.00",
        Some(&company),
    )
    .await;
    deal(&owner, &paid_id, "1000.00", "won").await;

    let snapshot = snapshot_when(&app, &owner, "the three goals", |s| {
        s["goals"].as_array().map(Vec::len) == Some(3)
    })
    .await;
    let part = |id: &Value| {
        node(&snapshot, id)["score"]["parts"]
            .as_array()
            .and_then(|parts| parts.iter().find(|p| p["kind"] == "plan_consistency"))
            .cloned()
    };
    for paid_by_it in [&paid_goal["id"], &company["id"]] {
        let flagged = part(paid_by_it).unwrap_or_else(|| panic!("no plan part: {snapshot}"));
        let text = flagged["explanation"].as_str().unwrap_or_default();
        assert!(
            text.contains("Volume plan") && text.contains("Starter Kit"),
            "{flagged}"
        );
        assert!(
            flagged["score"]
                .as_str()
                .is_some_and(|s| s.starts_with("75")),
            "{flagged}"
        );
    }
    assert!(
        part(&unpaid_goal["id"]).is_none(),
        "no plan pays the other rep, so the part is left out"
    );
}

/// A product at 1,000 USD list price with `priority`.
pub(crate) async fn product(owner: &Browser, name: &str, priority: &str) -> Value {
    let created = owner
        .post(
            "/api/v1/products",
            &json!({"name": name, "category": "Software", "list_price": "1000.00", "currency": "USD", "priority": priority}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    body(created).await
}

/// A deal of `owner`'s rep made of product lines `(product id, quantity)`.
async fn deal_of(owner: &Browser, rep_id: &str, status: &str, lines: &[(&Value, u32)]) {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity)| json!({"product_id": product["id"], "quantity": quantity.to_string()}))
        .collect();
    let created = owner
        .post(
            "/api/v1/deals",
            &json!({"name": format!("{status} by lines"), "currency": "USD", "status": status, "owner_id": rep_id, "lines": lines}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

fn number(value: &Value) -> f64 {
    value
        .as_str()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

#[tokio::test]
async fn the_target_mix_scores_pipeline_and_bookings_by_product_priority() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("mix")).await;
    let rep = app.add_member(&owner, "rep@mix.example", "rep").await;
    let exec = app
        .add_member(&owner, "exec@mix.example", "executive")
        .await;
    let path = "/api/v1/alignment/target-mix";

    // Refused, with the field named, and nothing stored.
    for (sent, field) in [
        (json!({"strategic": "60", "standard": "30"}), "strategic"),
        (
            json!({"strategic": "120", "loss_leader": "-20"}),
            "strategic",
        ),
        (json!({"strategic": "fifty", "standard": "50"}), "strategic"),
        (json!({"strategic": "50", "premium": "50"}), "premium"),
    ] {
        let refused = owner.put(path, &sent).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{sent}");
        let problem = body(refused).await;
        assert!(
            problem["error"]["field"]
                .as_str()
                .is_some_and(|f| f.contains(field)),
            "{sent}: {problem}"
        );
    }
    let unset = body(exec.get(path).await).await;
    assert_eq!(unset["shares"], json!({}), "{unset}");
    assert_eq!(
        unset["may_edit"], false,
        "executives read it, owners set it"
    );
    let by_exec = exec
        .put(path, &json!({"strategic": "50", "standard": "50"}))
        .await;
    assert_eq!(by_exec.status(), StatusCode::FORBIDDEN);
    assert_eq!(rep.get(path).await.status(), StatusCode::FORBIDDEN);

    let set = owner
        .put(path, &json!({"strategic": "50", "standard": "50"}))
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    let set = body(set).await;
    assert_eq!(number(&set["shares"]["strategic"]), 50.0, "{set}");
    assert_eq!(set["may_edit"], true);

    let core = product(&owner, "Core Suite", "strategic").await;
    let starter = product(&owner, "Starter Kit", "standard").await;
    let rep_id = rep.user_id().to_string();
    let company = goal(&owner, ("company", None), "100000.00", None).await;
    let rep_goal = goal(&owner, ("rep", Some(&rep_id)), "80000.00", Some(&company)).await;
    // Bookings: 3000 strategic, 1000 standard (75/25); pipeline: all standard.
    deal_of(&owner, &rep_id, "won", &[(&core, 3), (&starter, 1)]).await;
    deal_of(&owner, &rep_id, "open", &[(&starter, 2)]).await;

    let mix_part = |snapshot: &Value| {
        node(snapshot, &rep_goal["id"])["score"]["parts"]
            .as_array()
            .and_then(|parts| parts.iter().find(|p| p["kind"] == "priority_mix"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let snapshot = snapshot_when(&app, &owner, "the mix of both deals", |s| {
        let part = mix_part(s);
        part["detail"]["bookings_score"].is_string() && part["detail"]["pipeline_score"].is_string()
    })
    .await;
    let part = mix_part(&snapshot);
    // Bookings 100 − 25 (a quarter must move), pipeline 100 − 50: 62.5.
    assert_eq!(number(&part["detail"]["bookings_score"]), 75.0, "{part}");
    assert_eq!(number(&part["detail"]["pipeline_score"]), 50.0, "{part}");
    assert_eq!(number(&part["score"]), 62.5, "{part}");
    assert!(
        part["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("75%") && e.contains("50%")),
        "{part}"
    );

    // A new target mix moves the score without any deal changing.
    let all_strategic = owner.put(path, &json!({"strategic": "100"})).await;
    assert_eq!(all_strategic.status(), StatusCode::OK);
    let moved = snapshot_when(&app, &owner, "the score under the new mix", |s| {
        number(&mix_part(s)["score"]) == 37.5
    })
    .await;
    assert_eq!(
        number(&mix_part(&moved)["detail"]["pipeline_score"]),
        0.0,
        "no strategic pipeline at all"
    );
}

#[tokio::test]
async fn a_deal_in_another_currency_counts_once_a_rate_is_set() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("fx")).await;
    let rep = app.add_member(&owner, "rep@fx.example", "rep").await;
    let rep_id = rep.user_id().to_string();
    let company = goal(&owner, ("company", None), "100000.00", None).await;
    let rep_goal = goal(&owner, ("rep", Some(&rep_id)), "80000.00", Some(&company)).await;
    let created = owner
        .post(
            "/api/v1/deals",
            &json!({"name": "Berlin", "amount": "1000.00", "currency": "EUR", "status": "won", "owner_id": rep_id}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);

    // No rate: left out, and said so.
    let without = snapshot_when(&app, &owner, "the euro deal left out", |s| {
        node(s, &rep_goal["id"])["unconverted_deals"] == 1
    })
    .await;
    assert_eq!(
        node(&without, &rep_goal["id"])["pace"]["actual_to_date"],
        "0.00"
    );

    let today = Utc::now().date_naive();
    let rates = owner
        .put(
            "/api/v1/comp/rates",
            &json!({"rates": [{"period": format!("{}-{:02}", today.year(), today.month()), "from": "EUR", "to": "USD", "rate": "1.10"}]}),
        )
        .await;
    assert!(rates.status().is_success(), "{:?}", rates.text().await);
    let with = snapshot_when(&app, &owner, "the euro deal converted", |s| {
        node(s, &rep_goal["id"])["unconverted_deals"] == 0
    })
    .await;
    assert_eq!(
        node(&with, &rep_goal["id"])["pace"]["actual_to_date"],
        "1100.00"
    );
    assert_eq!(
        node(&with, &company["id"])["pace"]["actual_to_date"],
        "1100.00"
    );
}
