//! CSV imports end to end: HubSpot and Salesforce exports recognised without
//! a mapping, a preview, the background job with progress, every refused row
//! downloadable with its line, column and reason, re-uploading changes
//! nothing, and a file that cannot be read changes nothing.

use attain_test_support::{unique_slug, Browser, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

const HUBSPOT: &[u8] = include_bytes!("../../crates/import/testdata/hubspot-deals.csv");
const SALESFORCE: &[u8] =
    include_bytes!("../../crates/import/testdata/salesforce-opportunities-report.csv");

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap_or_default()
}

async fn upload(owner: &Browser, kind: &str, file_name: &str, content: &[u8]) -> reqwest::Response {
    owner
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/imports?kind={kind}&file_name={file_name}"),
        )
        .header("Content-Type", "text/csv")
        .body(content.to_vec())
        .send()
        .await
        .unwrap_or_else(|e| panic!("upload: {e}"))
}

/// Starts the import and waits until the worker has finished it.
async fn run_to_completion(app: &TestApp, owner: &Browser, import: &Value) -> Value {
    let id = import["id"].as_str().unwrap_or_default().to_owned();
    let started = owner
        .post(
            &format!("/api/v1/imports/{id}/start"),
            &json!({"version": import["version"]}),
        )
        .await;
    assert_eq!(
        started.status(),
        StatusCode::ACCEPTED,
        "{:?}",
        started.text().await
    );
    let path = format!("/api/v1/imports/{id}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut last = body(owner.get(&path).await).await;
    while !matches!(last["status"].as_str(), Some("done" | "failed"))
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
        last = body(owner.get(&path).await).await;
    }
    let done = matches!(last["status"].as_str(), Some("done" | "failed"));
    let _ = app;
    assert!(done, "import did not finish: {last}");
    last
}

#[tokio::test]
async fn a_hubspot_export_imports_with_its_stages_and_reimporting_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("hub")).await;
    let uploaded = upload(&owner, "deals", "hubspot-deals.csv", HUBSPOT).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let import = body(uploaded).await;
    assert_eq!(import["source"], "hubspot");
    assert_eq!(import["status"], "previewed");
    assert_eq!(import["total_rows"], 60);
    let preview = &import["preview"];
    assert_eq!(preview["missing_required"], json!([]));
    assert_eq!(preview["good_rows"], 60);
    assert_eq!(
        preview["mapping"],
        Value::Null,
        "the mapping lives on the import"
    );
    assert_eq!(import["mapping"]["Deal Name"], "name");
    let stages = preview["stages"].as_array().cloned().unwrap_or_default();
    let won = stages
        .iter()
        .find(|s| s["crm_stage"] == "closedwon")
        .cloned()
        .unwrap_or_default();
    assert_eq!(won["stage_key"], "closed_won");
    assert_eq!(
        body(owner.get("/api/v1/deals").await).await["total"],
        0,
        "a preview imports nothing"
    );

    let finished = run_to_completion(&app, &owner, &import).await;
    assert_eq!(finished["status"], "done", "{finished}");
    assert_eq!(finished["created_rows"], 60);
    assert_eq!(finished["processed_rows"], 60);
    let deals = body(owner.get("/api/v1/deals?status=won&per_page=100").await).await;
    assert_eq!(deals["total"], 6);
    let any = &deals["items"][0];
    let milestones = body(
        owner
            .get(&format!(
                "/api/v1/deals/{}/milestones",
                any["id"].as_str().unwrap_or_default()
            ))
            .await,
    )
    .await;
    assert_eq!(milestones[0]["source"], "import");
    // Owners and accounts came along, named as the CRM shows them.
    let people = body(owner.get("/api/v1/people?q=jonas").await).await;
    assert_eq!(people["items"][0]["name"], "Jonas Berg");
    let accounts = body(owner.get("/api/v1/accounts?q=northwind").await).await;
    assert_eq!(accounts["total"], 1);

    // The same file again: nothing new, nothing changed.
    let again = body(upload(&owner, "deals", "hubspot-deals.csv", HUBSPOT).await).await;
    let finished = run_to_completion(&app, &owner, &again).await;
    assert_eq!(
        (
            finished["created_rows"].clone(),
            finished["updated_rows"].clone()
        ),
        (json!(0), json!(0))
    );
    assert_eq!(body(owner.get("/api/v1/deals").await).await["total"], 60);
}

#[tokio::test]
async fn bad_rows_are_refused_one_by_one_and_downloadable_while_good_rows_import() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("bad")).await;
    let mut text = String::from_utf8_lossy(SALESFORCE).into_owned();
    text.push_str("006Hs00000000000XXAAA,Broken amount,Fabrikam,Liam Ortiz,Prospecting,USD,12O0,01/15/2026,01/01/2026,New Business,10,Web\n");
    text.push_str("006Hs00000000000YYAAA,Bad date,Fabrikam,Liam Ortiz,Prospecting,USD,100.00,02/30/2026,01/01/2026,New Business,10,Web\n");
    text.push_str("006Hs00000000000ZZAAA,Unknown stage,Fabrikam,Liam Ortiz,Parked,USD,100.00,01/15/2026,01/01/2026,New Business,10,Web\n");
    let import = body(upload(&owner, "deals", "salesforce.csv", text.as_bytes()).await).await;
    assert_eq!(import["source"], "salesforce");
    assert_eq!(
        import["preview"]["rejected_rows"], 3,
        "{}",
        import["preview"]
    );
    let unknown_stage = import["preview"]["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["crm_stage"] == "Parked").cloned())
        .unwrap_or_default();
    assert!(unknown_stage["stage_key"].is_null());

    let finished = run_to_completion(&app, &owner, &import).await;
    assert_eq!(finished["created_rows"], 60);
    assert_eq!(finished["rejected_rows"], 3);
    let id = finished["id"].as_str().unwrap_or_default();
    let download = owner
        .get(&format!("/api/v1/imports/{id}/rejections.csv"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .contains("rejected-rows.csv"));
    let csv = download.text().await.unwrap_or_default();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "line,column,reason");
    assert!(lines[1].starts_with("62,Amount,"), "{csv}");
    assert!(lines[2].starts_with("63,Close Date,"), "{csv}");
    assert!(lines[3].starts_with("64,Stage,"), "{csv}");
}

#[tokio::test]
async fn an_unreadable_file_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup(&unique_slug("junk")).await;
    let binary = upload(
        &owner,
        "deals",
        "photo.csv",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .await;
    assert_eq!(binary.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(binary).await["error"]["field"], "file");
    let unterminated = upload(
        &owner,
        "deals",
        "broken.csv",
        b"Record ID,Deal Name\n1,\"never closed\n",
    )
    .await;
    assert_eq!(unterminated.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = upload(&owner, "deals", "empty.csv", b"").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_kind = upload(&owner, "invoices", "x.csv", HUBSPOT).await;
    assert_eq!(body(wrong_kind).await["error"]["field"], "kind");
    assert_eq!(body(owner.get("/api/v1/imports").await).await["total"], 0);

    // A required field left unmapped cannot start.
    let import = body(upload(&owner, "deals", "hubspot.csv", HUBSPOT).await).await;
    let id = import["id"].as_str().unwrap_or_default();
    let remapped = owner
        .patch(
            &format!("/api/v1/imports/{id}"),
            &json!({"version": import["version"], "mapping": {"Deal Name": "name"}}),
        )
        .await;
    assert_eq!(remapped.status(), StatusCode::OK);
    let remapped = body(remapped).await;
    assert!(!remapped["preview"]["missing_required"]
        .as_array()
        .map(Vec::is_empty)
        .unwrap_or(true));
    let start = owner
        .post(
            &format!("/api/v1/imports/{id}/start"),
            &json!({"version": remapped["version"]}),
        )
        .await;
    assert_eq!(start.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(start).await["error"]["field"], "mapping");
    let ghost = owner
        .patch(
            &format!("/api/v1/imports/{id}"),
            &json!({"version": remapped["version"], "mapping": {"No such column": "name"}}),
        )
        .await;
    assert_eq!(body(ghost).await["error"]["field"], "mapping");
    // Reps do not import.
    let rep = app.add_member(&owner, "rep@junk.example", "rep").await;
    assert_eq!(
        upload(&rep, "deals", "x.csv", HUBSPOT).await.status(),
        StatusCode::FORBIDDEN
    );
}
