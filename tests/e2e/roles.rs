//! The role matrix: every route, called by every role (and by nobody), is
//! allowed or refused exactly as specified here, independently of the code's
//! own capability table.

use attain_test_support::{unique_slug, Browser, Options, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ROLES: [&str; 6] = [
    "owner",
    "admin",
    "executive",
    "manager",
    "rep",
    "billing_admin",
];

struct Route {
    method: Method,
    path: String,
    allowed: &'static [&'static str],
}

#[tokio::test]
async fn every_route_allows_exactly_the_roles_it_should() {
    let app = TestApp::spawn_with(Options {
        stripe: true,
        ..Default::default()
    })
    .await;
    let owner = app.signup(&unique_slug("matrix")).await;
    let mut browsers: Vec<(&str, Browser)> = Vec::new();
    for role in &ROLES[1..] {
        let member = app
            .add_member(&owner, &format!("{role}@matrix.example"), role)
            .await;
        browsers.push((role, member));
    }
    let rep_id = browsers
        .iter()
        .find(|(r, _)| *r == "rep")
        .map(|(_, b)| b.user_id())
        .unwrap_or_default();
    let target = app.add_member(&owner, "target@matrix.example", "rep").await;
    let deal: Value = owner
        .post(
            "/api/v1/deals",
            &json!({"name": "Matrix deal", "amount": "100", "currency": "USD", "owner_id": rep_id}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let deal_id = deal["id"].as_str().unwrap_or_default().to_owned();
    let team: Value = owner
        .post("/api/v1/teams", &json!({"name": "Matrix team"}))
        .await
        .json()
        .await
        .unwrap_or_default();
    let team_id = team["id"].as_str().unwrap_or_default().to_owned();
    let comp_plan: Value = owner
        .post(
            "/api/v1/comp/plans",
            &json!({"name": "Matrix plan", "effective_from": "2026-11-01", "rules": comp_rules()}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let comp_plan_path = format!(
        "/api/v1/comp/plans/{}",
        comp_plan["id"].as_str().unwrap_or_default()
    );
    browsers.insert(0, ("owner", owner));

    let all: &[&str] = &ROLES;
    let admins: &[&str] = &["owner", "admin"];
    let sellers: &[&str] = &["owner", "admin", "manager", "rep"];
    let readers: &[&str] = &["owner", "admin", "executive", "manager", "rep"];
    let approvers: &[&str] = &["owner", "admin", "manager"];
    let billers: &[&str] = &["owner", "billing_admin"];
    let routes = vec![
        Route {
            method: Method::GET,
            path: "/api/v1/billing".into(),
            allowed: billers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/billing/checkout".into(),
            allowed: billers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/billing/portal".into(),
            allowed: billers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/auth/session".into(),
            allowed: all,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/users".into(),
            allowed: admins,
        },
        Route {
            method: Method::PATCH,
            path: format!("/api/v1/users/{}", target.user_id()),
            allowed: admins,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/invitations".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/tokens".into(),
            allowed: admins,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/tokens".into(),
            allowed: admins,
        },
        Route {
            method: Method::DELETE,
            path: format!("/api/v1/tokens/{}", uuid::Uuid::new_v4()),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/deals".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/deals".into(),
            allowed: sellers,
        },
        Route {
            method: Method::GET,
            path: format!("/api/v1/deals/{deal_id}"),
            allowed: readers,
        },
        Route {
            method: Method::PATCH,
            path: format!("/api/v1/deals/{deal_id}"),
            allowed: sellers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/kpis/snapshot".into(),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/audit".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/teams".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/teams".into(),
            allowed: admins,
        },
        Route {
            method: Method::PATCH,
            path: format!("/api/v1/teams/{team_id}"),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: format!("/api/v1/deals/{deal_id}/milestones"),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/people".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/people".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/products".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/products".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/accounts".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/accounts".into(),
            allowed: sellers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/icp".into(),
            allowed: readers,
        },
        Route {
            method: Method::PUT,
            path: "/api/v1/icp".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/stages".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/stages".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/sales-models".into(),
            allowed: readers,
        },
        Route {
            method: Method::PUT,
            path: "/api/v1/sales-model".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/kpis?scope=company".into(),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/imports".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/plans".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/comp/plans".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: comp_plan_path.clone(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: format!("{comp_plan_path}/versions"),
            allowed: admins,
        },
        Route {
            method: Method::PUT,
            path: format!("{comp_plan_path}/versions/1"),
            allowed: admins,
        },
        Route {
            method: Method::POST,
            path: format!("{comp_plan_path}/versions/1/publish"),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/assignments".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/comp/assignments".into(),
            allowed: admins,
        },
        Route {
            method: Method::DELETE,
            path: format!("/api/v1/comp/assignments/{}", uuid::Uuid::new_v4()),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/quotas?period=2026-11".into(),
            allowed: approvers,
        },
        Route {
            method: Method::PUT,
            path: "/api/v1/comp/quotas".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/rates".into(),
            allowed: readers,
        },
        Route {
            method: Method::PUT,
            path: "/api/v1/comp/rates".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/settings".into(),
            allowed: admins,
        },
        Route {
            method: Method::PUT,
            path: "/api/v1/comp/settings".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/statements".into(),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/statements/mine".into(),
            allowed: readers,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/statements/what-if".into(),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/statements/payroll.csv?period=2026-11".into(),
            allowed: admins,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/disputes".into(),
            allowed: readers,
        },
        Route {
            method: Method::GET,
            path: "/api/v1/comp/runs".into(),
            allowed: admins,
        },
        Route {
            method: Method::POST,
            path: "/api/v1/comp/recalculations".into(),
            allowed: admins,
        },
    ];

    let anonymous = Browser::new(&app);
    let mut failures = Vec::new();
    check(&routes, &browsers, &anonymous, &mut failures).await;

    // Changing the subscription needs one: pay a Checkout session and wait
    // for Stripe's webhook to make it active.
    let owner = &browsers[0].1;
    let started: Value = owner
        .post(
            "/api/v1/billing/checkout",
            &json!({"tier": "growth", "interval": "monthly"}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    app.stripe()
        .complete_checkout(started["session_id"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("checkout: {e}"));
    let active = app
        .eventually(std::time::Duration::from_secs(20), || async {
            let body: Value = owner
                .get("/api/v1/billing")
                .await
                .json()
                .await
                .unwrap_or_default();
            body["status"] == "active"
        })
        .await;
    assert!(active, "the subscription never became active");
    let seats = vec![Route {
        method: Method::PATCH,
        path: "/api/v1/billing/subscription".into(),
        allowed: billers,
    }];
    check(&seats, &browsers, &anonymous, &mut failures).await;

    // The webhook takes no session: without a signature it is refused as a
    // bad request, whoever calls.
    for (role, browser) in browsers
        .iter()
        .map(|(r, b)| (*r, b))
        .chain([("anonymous", &anonymous)])
    {
        let status = browser
            .post("/api/v1/billing/webhook", &json!({"id": "evt_x"}))
            .await
            .status();
        if status != StatusCode::BAD_REQUEST {
            failures.push(format!("POST /api/v1/billing/webhook as {role}: {status}"));
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix violations:\n{}",
        failures.join("\n")
    );
}

/// Calls every route as every role and anonymously; records what is not as
/// the route says.
async fn check(
    routes: &[Route],
    browsers: &[(&str, Browser)],
    anonymous: &Browser,
    failures: &mut Vec<String>,
) {
    for route in routes {
        for (role, browser) in browsers {
            let body = body_for(route, browser, role).await;
            let status = browser
                .send(route.method.clone(), &route.path, body.as_ref())
                .await
                .status();
            let allowed = route.allowed.contains(role);
            let ok = if allowed {
                status.is_success()
                    || status == StatusCode::NOT_FOUND && route.method == Method::DELETE
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {role}: {status} (allowed: {allowed})",
                    route.method, route.path
                ));
            }
        }
        let body = body_for(route, anonymous, "anonymous").await;
        let status = anonymous
            .send(route.method.clone(), &route.path, body.as_ref())
            .await
            .status();
        if status != StatusCode::UNAUTHORIZED {
            failures.push(format!(
                "{} {} anonymously: {status}",
                route.method, route.path
            ));
        }
    }
}

/// Valid compensation plan rules: 10% to quota, 15% above.
fn comp_rules() -> Value {
    json!({"currency": "USD", "rate_table": {"tiers": [
        {"from_pct": "0", "to_pct": "100", "rate": "0.10"},
        {"from_pct": "100", "rate": "0.15"},
    ]}})
}

/// A valid body for the route, so only the role decides the outcome.
async fn body_for(route: &Route, browser: &Browser, role: &str) -> Option<Value> {
    match (route.method.clone(), route.path.as_str()) {
        (Method::PATCH, p) if p.starts_with("/api/v1/users/") => Some(json!({"role": "rep"})),
        (Method::POST, "/api/v1/invitations") => {
            Some(json!({"email": format!("new-{role}@matrix.example"), "role": "rep"}))
        }
        (Method::POST, "/api/v1/tokens") => {
            Some(json!({"name": format!("{role} token"), "role": "rep"}))
        }
        (Method::POST, "/api/v1/deals") => {
            Some(json!({"name": format!("{role} deal"), "amount": "1", "currency": "USD"}))
        }
        (Method::POST, "/api/v1/teams") => Some(json!({"name": format!("{role} team")})),
        (Method::POST, "/api/v1/people") => {
            Some(json!({"name": format!("{role} person"), "sales_role": "ae"}))
        }
        (Method::POST, "/api/v1/products") => {
            Some(json!({"name": format!("{role} product"), "list_price": "10", "currency": "USD"}))
        }
        (Method::POST, "/api/v1/accounts") => Some(json!({"name": format!("{role} account")})),
        (Method::PUT, "/api/v1/icp") => Some(json!({"criteria": []})),
        (Method::POST, "/api/v1/stages") => Some(
            json!({"key": format!("s_{role}"), "name": format!("{role} stage"), "probability": 20}),
        ),
        (Method::PUT, "/api/v1/sales-model") => Some(json!({"template": "hunter_farmer"})),
        (Method::POST, "/api/v1/billing/checkout") => {
            Some(json!({"tier": "growth", "interval": "monthly"}))
        }
        (Method::PATCH, "/api/v1/billing/subscription") => Some(json!({"seats": 12})),
        (Method::PATCH, p) if p.starts_with("/api/v1/teams/") => {
            let teams: Value = browser
                .get("/api/v1/teams")
                .await
                .json()
                .await
                .unwrap_or_default();
            let version = teams["items"]
                .as_array()
                .and_then(|items| {
                    items
                        .iter()
                        .find(|t| p.ends_with(t["id"].as_str().unwrap_or("?")))
                })
                .and_then(|t| t["version"].as_i64())
                .unwrap_or(1);
            Some(json!({"version": version, "name": format!("renamed by {role}")}))
        }
        (Method::PATCH, p) if p.starts_with("/api/v1/deals/") => {
            let current: Value = browser.get(p).await.json().await.unwrap_or_default();
            Some(
                json!({"version": current["version"].as_i64().unwrap_or(1), "name": format!("renamed by {role}")}),
            )
        }
        (Method::POST, "/api/v1/comp/plans") => Some(
            json!({"name": format!("{role} plan"), "effective_from": "2026-11-01", "rules": comp_rules()}),
        ),
        (Method::POST | Method::PUT, p) if p.starts_with("/api/v1/comp/plans/") => {
            Some(json!({"effective_from": "2026-12-01", "rules": comp_rules()}))
        }
        (Method::POST, "/api/v1/comp/assignments") => {
            // A month of its own per role, so the assignments never overlap.
            let month = ROLES.iter().position(|r| *r == role).unwrap_or(ROLES.len()) + 1;
            let plans: Value = browser
                .get("/api/v1/comp/plans")
                .await
                .json()
                .await
                .unwrap_or_default();
            Some(json!({
                "plan_id": plans["items"][0]["id"].as_str().unwrap_or("00000000-0000-0000-0000-000000000000"),
                "role": "sdr",
                "starts_on": format!("2030-{month:02}-01"),
                "ends_on": format!("2030-{month:02}-28"),
            }))
        }
        (Method::PUT, "/api/v1/comp/quotas") => Some(json!({"period": "2026-11", "quotas": []})),
        (Method::PUT, "/api/v1/comp/rates") => Some(
            json!({"rates": [{"period": "2026-11", "from": "EUR", "to": "USD", "rate": "1.08"}]}),
        ),
        (Method::PUT, "/api/v1/comp/settings") => Some(json!({"period_kind": "month"})),
        (Method::POST, "/api/v1/statements/what-if") => {
            Some(json!({"deals": [{"amount": "1000"}]}))
        }
        (Method::POST, "/api/v1/comp/recalculations") => Some(json!({})),
        _ => None,
    }
}
