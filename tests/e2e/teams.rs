//! Teams as a tree: create, rename, move; cycles, unknown parents, foreign
//! managers and duplicate sibling names are refused with the field named.

use attain_test_support::{unique_slug, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn teams_form_a_tree_that_refuses_cycles_and_duplicate_siblings() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("org")).await;
    let manager = app.add_member(&owner, "mona@org.example", "manager").await;
    let owner_ref = &owner;
    let create = move |body: Value| async move { owner_ref.post("/api/v1/teams", &body).await };

    let emea: Value = create(json!({"name": "EMEA"}))
        .await
        .json()
        .await
        .unwrap_or_default();
    let emea_id = emea["id"].as_str().unwrap_or_default().to_owned();
    let north_response = create(json!({"name": "Enterprise North", "parent_id": emea_id, "manager_user_id": manager.user_id()})).await;
    assert_eq!(north_response.status(), StatusCode::CREATED);
    let north: Value = north_response.json().await.unwrap_or_default();
    let north_id = north["id"].as_str().unwrap_or_default().to_owned();

    let duplicate = create(json!({"name": "enterprise north", "parent_id": emea_id})).await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert_eq!(
        duplicate.json::<Value>().await.unwrap_or_default()["error"]["field"],
        "name"
    );
    let same_name_elsewhere = create(json!({"name": "Enterprise North"})).await;
    assert_eq!(
        same_name_elsewhere.status(),
        StatusCode::CREATED,
        "names repeat across different parents"
    );

    let unknown_parent = create(json!({"name": "Ghost", "parent_id": uuid::Uuid::new_v4()})).await;
    assert_eq!(
        unknown_parent.json::<Value>().await.unwrap_or_default()["error"]["field"],
        "parent_id"
    );
    let stranger = app.signup(&unique_slug("other")).await;
    let foreign_manager =
        create(json!({"name": "Poached", "manager_user_id": stranger.user_id()})).await;
    assert_eq!(foreign_manager.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        foreign_manager.json::<Value>().await.unwrap_or_default()["error"]["field"],
        "manager_user_id"
    );

    // EMEA cannot move under its own child.
    let cycle = owner
        .patch(
            &format!("/api/v1/teams/{emea_id}"),
            &json!({"version": 1, "parent_id": north_id}),
        )
        .await;
    assert_eq!(cycle.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        cycle.json::<Value>().await.unwrap_or_default()["error"]["field"],
        "parent_id"
    );

    // Moving North to the top level, then a stale version is refused.
    let moved = owner
        .patch(
            &format!("/api/v1/teams/{north_id}"),
            &json!({"version": 1, "parent_id": null, "name": "Enterprise North II"}),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let moved: Value = moved.json().await.unwrap_or_default();
    assert_eq!(moved["parent_id"], Value::Null);
    assert_eq!(
        moved["manager_user_id"],
        json!(manager.user_id()),
        "an absent field is kept"
    );
    let stale = owner
        .patch(
            &format!("/api/v1/teams/{north_id}"),
            &json!({"version": 1, "name": "Stale"}),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);

    let listed: Value = manager
        .get("/api/v1/teams")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(3),
        "managers see the organisation"
    );
    let refused = manager
        .post("/api/v1/teams", &json!({"name": "Mine"}))
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "only owners and admins change it"
    );
    assert_eq!(
        stranger
            .get("/api/v1/teams")
            .await
            .json::<Value>()
            .await
            .unwrap_or_default()["items"],
        json!([])
    );
}
