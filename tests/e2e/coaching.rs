//! The manager's team view and one-on-one notes: a rep losing deals at one
//! stage is flagged with that stage and its cost; notes clear the
//! "no one-on-one" flag; who may read and write notes; bad notes change
//! nothing; another company's people and teams cannot be reached.

use attain_test_support::{unique_slug, Browser, TestApp};
use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

/// Puts a member's person in `team` under `manager`, with a name and role.
async fn place(
    owner: &Browser,
    id: &str,
    name: &str,
    role: &str,
    team: &str,
    manager: Option<&str>,
) {
    let people = body(owner.get("/api/v1/people?per_page=200").await).await;
    let person = people["items"]
        .as_array()
        .and_then(|items| items.iter().find(|p| p["id"] == id).cloned())
        .unwrap_or_else(|| panic!("no person {id} in {people}"));
    let changed = owner
        .patch(
            &format!("/api/v1/people/{id}"),
            &json!({
                "version": person["version"],
                "name": name,
                "sales_role": role,
                "team_id": team,
                "manager_id": manager,
            }),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK, "{}", body(changed).await);
}

async fn team(owner: &Browser, name: &str, manager: Option<&str>) -> String {
    let created = owner
        .post(
            "/api/v1/teams",
            &json!({"name": name, "manager_user_id": manager}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    body(created).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn deal(owner: &Browser, rep: &str, stage: Option<&str>, status: &str) {
    let created = owner
        .post(
            "/api/v1/deals",
            &json!({"name": format!("{status} deal"), "amount": "10000.00", "currency": "USD",
                    "status": status, "stage_id": stage, "owner_id": rep}),
        )
        .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "{}",
        body(created).await
    );
}

fn row<'a>(view: &'a Value, rep: &str) -> &'a Value {
    view["view"]["leaderboard"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["rep"]["rep_id"] == rep))
        .unwrap_or(&Value::Null)
}

fn number(value: &Value) -> f64 {
    value
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn flag_kinds(row: &Value) -> Vec<String> {
    row["flags"]
        .as_array()
        .map(|flags| {
            flags
                .iter()
                .filter_map(|f| f["kind"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A company with a team "Coached" under Max Manager: Sam Strong wins 4 of
/// 5 deals, Wes Weak leaves 4 of 5 in the first stage; Oli Outside is in
/// another team, "Elsewhere".
pub struct CoachedTeam {
    pub owner: Browser,
    pub manager: Browser,
    pub strong: Browser,
    pub weak: Browser,
    pub outsider: Browser,
    pub coached: String,
    pub other: String,
    /// The first open stage of new business, where Wes's deals stall.
    pub first_stage: Value,
}

pub async fn coached_team(app: &TestApp, slug: &str) -> CoachedTeam {
    let owner = app.signup(&unique_slug(slug)).await;
    let email = |who: &str| format!("{who}@{slug}.example");
    let manager = app.add_member(&owner, &email("max"), "manager").await;
    let strong = app.add_member(&owner, &email("sam"), "rep").await;
    let weak = app.add_member(&owner, &email("wes"), "rep").await;
    let outsider = app.add_member(&owner, &email("oli"), "rep").await;
    let (manager_id, strong_id, weak_id, outsider_id) = (
        manager.user_id().to_string(),
        strong.user_id().to_string(),
        weak.user_id().to_string(),
        outsider.user_id().to_string(),
    );
    let coached = team(&owner, "Coached", Some(&manager_id)).await;
    let other = team(&owner, "Elsewhere", None).await;
    place(
        &owner,
        &manager_id,
        "Max Manager",
        "manager",
        &coached,
        None,
    )
    .await;
    place(
        &owner,
        &strong_id,
        "Sam Strong",
        "ae",
        &coached,
        Some(&manager_id),
    )
    .await;
    place(
        &owner,
        &weak_id,
        "Wes Weak",
        "ae",
        &coached,
        Some(&manager_id),
    )
    .await;
    place(&owner, &outsider_id, "Oli Outside", "ae", &other, None).await;

    let stages = body(owner.get("/api/v1/stages").await).await;
    let first_stage = stages
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|s| s["kind"] == "open" && s["pipeline"] == "new_business")
        })
        .cloned()
        .unwrap_or_default();
    let first_id = first_stage["id"].as_str().unwrap_or_default();
    for _ in 0..4 {
        deal(&owner, &strong_id, None, "won").await;
        deal(&owner, &weak_id, Some(first_id), "open").await;
    }
    deal(&owner, &strong_id, Some(first_id), "open").await;
    deal(&owner, &weak_id, None, "won").await;
    CoachedTeam {
        owner,
        manager,
        strong,
        weak,
        outsider,
        coached,
        other,
        first_stage,
    }
}

#[tokio::test]
async fn a_manager_sees_the_weakest_stage_and_keeps_one_on_one_notes_only_for_their_reps() {
    let app = TestApp::spawn().await;
    let CoachedTeam {
        owner,
        manager,
        strong,
        weak,
        outsider,
        coached,
        other,
        first_stage: first,
    } = coached_team(&app, "coach").await;
    let (strong_id, weak_id, outsider_id) = (
        strong.user_id().to_string(),
        weak.user_id().to_string(),
        outsider.user_id().to_string(),
    );

    // The manager's own team is the default; the manager is not on the board.
    let view = body(manager.get("/api/v1/coaching/team").await).await;
    assert_eq!(view["team_id"], coached.as_str(), "{view}");
    let board = view["view"]["leaderboard"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(board.len(), 2, "{view}");
    assert_eq!(board[0]["rep"]["name"], "Sam Strong");
    assert_eq!(board[0]["rank"], 1);
    let wes = row(&view, &weak_id);
    // Team: 5 of 10 deals left the first stage; Wes 1 of 5. Shortfall 0.3
    // × 5 deals × downstream win rate 1 × his 10,000 average = 15,000.
    assert_eq!(wes["weakest_stage"]["from"], first["name"], "{wes}");
    assert_eq!(number(&wes["weakest_stage"]["rep_rate"]), 0.2);
    assert_eq!(number(&wes["weakest_stage"]["team_rate"]), 0.5);
    assert_eq!(number(&wes["weakest_stage"]["cost"]), 15000.0);
    assert_eq!(flag_kinds(wes), ["weakest_stage", "no_one_on_one"], "{wes}");
    assert_eq!(wes["below_median"], json!(["Bookings"]));
    assert!(row(&view, &strong_id)["weakest_stage"].is_null());

    // Who may open which team.
    let refused = manager
        .get(&format!("/api/v1/coaching/team?team_id={other}"))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        weak.get("/api/v1/coaching/team").await.status(),
        StatusCode::FORBIDDEN
    );
    let any = owner
        .get(&format!("/api/v1/coaching/team?team_id={other}"))
        .await;
    assert_eq!(any.status(), StatusCode::OK);
    let bad_period = owner.get("/api/v1/coaching/team?period=Q9").await;
    assert_eq!(bad_period.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(bad_period).await["error"]["field"], "period");

    // The manager notes a one-on-one with Wes; the flag goes.
    let today = Utc::now().date_naive();
    let notes_path = format!("/api/v1/people/{weak_id}/one-on-ones");
    let written = manager
        .post(
            &notes_path,
            &json!({"held_on": today.to_string(), "notes": "Walked through the four stalled deals.",
                    "next_steps": "Book a second meeting on each.", "focus_stage": "Qualification"}),
        )
        .await;
    assert_eq!(written.status(), StatusCode::CREATED);
    let note = body(written).await;
    assert_eq!(note["author_name"], "Max Manager");
    let view = body(manager.get("/api/v1/coaching/team").await).await;
    let wes = row(&view, &weak_id);
    assert_eq!(wes["rep"]["last_one_on_one"], today.to_string());
    assert!(!flag_kinds(wes).contains(&"no_one_on_one".to_owned()));

    // The note counts towards the company's maturity: its managers coach.
    let maturity = body(owner.get("/api/v1/maturity").await).await;
    let coaching = maturity["reading"]["evidence"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["criterion"] == "managers_coaching"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(coaching["met"], true, "{maturity}");
    assert!(maturity["reading"]["next_step"].is_string());
    assert_eq!(
        weak.get("/api/v1/maturity").await.status(),
        StatusCode::FORBIDDEN
    );

    // Bad notes are refused with the field named, and change nothing.
    let tomorrow = (today + Days::new(1)).to_string();
    for (bad, field) in [
        (json!({"held_on": tomorrow, "notes": "Later."}), "held_on"),
        (
            json!({"held_on": "02/12/2026", "notes": "Wrong date."}),
            "held_on",
        ),
        (
            json!({"held_on": today.to_string(), "notes": "  "}),
            "notes",
        ),
        (
            json!({"held_on": today.to_string(), "notes": "x", "mood": 3}),
            "mood",
        ),
    ] {
        let answer = manager.post(&notes_path, &bad).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let error = body(answer).await;
        assert!(
            error["error"]["field"] == field
                || error["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(field)),
            "{bad}: {error}"
        );
    }
    let listed = body(manager.get(&notes_path).await).await;
    assert_eq!(listed["notes"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["can_write"], true);

    // Wes reads his own notes but cannot write them; Sam and Oli read none.
    let own = body(weak.get(&notes_path).await).await;
    assert_eq!(own["notes"][0]["id"], note["id"]);
    assert_eq!(own["can_write"], false);
    let about_self = weak
        .post(
            &notes_path,
            &json!({"held_on": today.to_string(), "notes": "I did great."}),
        )
        .await;
    assert_eq!(about_self.status(), StatusCode::FORBIDDEN);
    for stranger in [&strong, &outsider] {
        assert_eq!(
            stranger.get(&notes_path).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let not_theirs = manager
        .post(
            &format!("/api/v1/people/{outsider_id}/one-on-ones"),
            &json!({"held_on": today.to_string(), "notes": "Not my rep."}),
        )
        .await;
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);

    // Another company reaches neither the notes nor the team.
    let intruder = app.signup(&unique_slug("coach-intruder")).await;
    assert_eq!(
        intruder.get(&notes_path).await.status(),
        StatusCode::NOT_FOUND
    );
    let planted = intruder
        .post(
            &notes_path,
            &json!({"held_on": today.to_string(), "notes": "Planted."}),
        )
        .await;
    assert_eq!(planted.status(), StatusCode::NOT_FOUND);
    let their_team = intruder
        .get(&format!("/api/v1/coaching/team?team_id={coached}"))
        .await;
    assert_eq!(their_team.status(), StatusCode::NOT_FOUND);
    let listed = body(owner.get(&notes_path).await).await;
    assert_eq!(listed["notes"].as_array().map(Vec::len), Some(1));
}
