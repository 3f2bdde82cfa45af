//! The OpenAPI document at `GET /api/v1/openapi.json`: it parses as OpenAPI
//! 3.1, every `$ref` in it resolves, it lists exactly the routes actix
//! serves (read from the API's source: `configure` in lib.rs and each
//! handler's route macro), it is public, and what the API answers has the
//! shape it documents.

use attain_test_support::{signup_body, unique_slug, Browser, Options, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn document() -> Value {
    serde_json::to_value(attain_api::openapi::document())
        .unwrap_or_else(|e| panic!("the document does not serialise: {e}"))
}

/// `(method, path)` of every operation the document lists.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item.get(method).is_some() {
                operations.insert((method.to_owned(), path.clone()));
            }
        }
    }
    operations
}

fn api_source(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/api/src")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(method, path)` of every route `attain_api::configure` registers: each
/// `.service(routes::...::handler)` in lib.rs, with the method and path of
/// the actix macro on that handler, under `/api/v1` when registered in
/// that scope.
fn served() -> BTreeSet<(String, String)> {
    let lib = api_source("lib.rs");
    assert!(
        !lib.contains(".route(") && !lib.contains("web::resource("),
        "lib.rs registers a route other than through `.service(routes::...::handler)`; teach this test to read it"
    );
    let scope = lib
        .find("web::scope(\"/api/v1\")")
        .unwrap_or_else(|| panic!("lib.rs has no /api/v1 scope"));
    let marker = ".service(routes::";
    let registered: Vec<(usize, &str)> = lib.match_indices(marker).collect();
    assert_eq!(
        lib.matches(".service(").count(),
        registered.len() + 1,
        "every `.service(` in lib.rs but the scope's registers a handler of `routes`"
    );
    let mut routes = BTreeSet::new();
    for (at, _) in registered {
        let rest = &lib[at + marker.len()..];
        let module = rest
            .find("::handler)")
            .map(|end| &rest[..end])
            .unwrap_or_else(|| panic!("unexpected registration: {}", &rest[..40]));
        let file = format!("routes/{}.rs", module.replace("::", "/"));
        let source = api_source(&file);
        let macros: Vec<(String, String)> = source
            .lines()
            .filter_map(|line| {
                let line = line.trim();
                METHODS.iter().find_map(|method| {
                    let path = line.strip_prefix(&format!("#[{method}(\""))?;
                    let path = path.strip_suffix("\")]")?;
                    Some((method.to_string(), path.to_owned()))
                })
            })
            .collect();
        assert_eq!(macros.len(), 1, "{file} has {} route macros", macros.len());
        let (method, path) = macros.into_iter().next().unwrap_or_default();
        let prefix = if at > scope { "/api/v1" } else { "" };
        assert!(
            routes.insert((method.clone(), format!("{prefix}{path}"))),
            "{method} {prefix}{path} is registered twice"
        );
    }
    routes
}

/// The value a local `$ref` points at.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn collect_refs(value: &Value, at: &str, refs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    refs.push((at.to_owned(), child.as_str().unwrap_or_default().to_owned()));
                } else {
                    collect_refs(child, &format!("{at}/{key}"), refs);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{at}/{index}"), refs);
            }
        }
        _ => {}
    }
}

#[test]
fn the_document_is_valid_openapi_3_1_and_every_ref_resolves() {
    let doc = document();
    let text = doc.to_string();
    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.1: {e}"));
    let version = spec
        .validate_version()
        .unwrap_or_else(|e| panic!("bad version: {e}"));
    assert_eq!((version.major, version.minor), (3, 1));
    assert_eq!(spec.info.title, "Attain API");
    assert!(!spec.info.version.is_empty());

    let mut refs = Vec::new();
    collect_refs(&doc, "#", &mut refs);
    assert!(!refs.is_empty());
    for (at, reference) in &refs {
        assert!(
            resolve(&doc, reference).is_some(),
            "{at}: $ref {reference} resolves to nothing"
        );
    }

    let schemes: BTreeSet<&String> = doc["components"]["securitySchemes"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        schemes.into_iter().cloned().collect::<Vec<_>>(),
        ["bearer", "csrf", "session"]
    );

    let mut operation_ids = BTreeSet::new();
    let paths = spec.paths.clone().unwrap_or_default();
    for (path, item) in &paths {
        let template: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for (method, operation) in item.methods() {
            let name = format!("{method} {path}");
            let id = operation.operation_id.clone().unwrap_or_default();
            assert!(!id.is_empty(), "{name} has no operationId");
            assert!(
                operation_ids.insert(id.clone()),
                "{name}: operationId {id} is not unique"
            );
            assert!(!operation.tags.is_empty(), "{name} has no tag");
            assert!(operation.summary.is_some(), "{name} has no summary");
            assert!(operation.description.is_some(), "{name} has no description");
            let parameters = operation
                .parameters(&spec)
                .unwrap_or_else(|e| panic!("{name}: a parameter does not resolve: {e}"));
            let in_path: BTreeSet<String> = parameters
                .iter()
                .filter(|p| matches!(p.location, oas3::spec::ParameterIn::Path))
                .map(|p| p.name.clone())
                .collect();
            assert_eq!(in_path, template, "{name}: path parameters");
            operation
                .request_body(&spec)
                .unwrap_or_else(|e| panic!("{name}: the request body does not resolve: {e}"));
            let declared = operation.responses.as_ref().map_or(0, |r| r.len());
            let responses = operation.responses(&spec);
            assert_eq!(
                responses.len(),
                declared,
                "{name}: a response does not resolve"
            );
            assert!(
                responses.keys().any(|status| status.starts_with('2')),
                "{name} documents no success"
            );
            if !operation.security.is_empty() {
                assert!(
                    responses.contains_key("401"),
                    "{name} needs a session or token but documents no 401"
                );
            }
            let raw = &doc["paths"][path][method.as_str().to_lowercase()];
            for requirement in raw["security"].as_array().into_iter().flatten() {
                for scheme in requirement
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    assert!(
                        doc["components"]["securitySchemes"].get(scheme).is_some(),
                        "{name}: unknown security scheme {scheme}"
                    );
                }
            }
            for (status, response) in &responses {
                if status.starts_with('4') {
                    let schema = response
                        .content
                        .get("application/json")
                        .and_then(|m| m.schema.clone());
                    assert!(schema.is_some(), "{name}: {status} has no JSON error body");
                }
            }
        }
    }
}

#[test]
fn the_document_lists_exactly_the_routes_actix_serves() {
    let served = served();
    let documented = documented(&document());
    assert!(
        served.len() > 60,
        "only {} routes found in lib.rs",
        served.len()
    );
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let not_served: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && not_served.is_empty(),
        "served but not documented: {undocumented:?}; documented but not served: {not_served:?}"
    );
}

#[tokio::test]
async fn the_document_is_served_without_a_session() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json")));
    let served: Value = response.json().await.unwrap_or_default();
    assert_eq!(served, document());
}

/// Problems with `value` against `schema`, a JSON Schema of the document:
/// types, enums, required and undocumented object keys, through `$ref`,
/// `allOf`, `oneOf` and `anyOf`.
fn conform(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        match resolve(doc, reference) {
            Some(target) => conform(doc, target, value, at, problems),
            None => problems.push(format!("{at}: unresolved {reference}")),
        }
        return;
    }
    if let Some(parts) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        let fits = |part: &Value| {
            let mut inner = Vec::new();
            conform(doc, part, value, at, &mut inner);
            inner.is_empty()
        };
        if !parts.iter().any(fits) {
            problems.push(format!(
                "{at}: {value} matches none of {}",
                Value::from(parts.clone())
            ));
        }
        return;
    }
    let mut properties = BTreeMap::new();
    let mut required = BTreeSet::new();
    let mut additional = None;
    let mut object_schema = false;
    object_parts(
        doc,
        schema,
        &mut properties,
        &mut required,
        &mut additional,
        &mut object_schema,
    );
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            if !is_object_schema(doc, part) {
                conform(doc, part, value, at, problems);
            }
        }
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = allowed.iter().any(|t| match *t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            problems.push(format!("{at}: {value} is not {types}"));
            return;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            problems.push(format!(
                "{at}: {value} is not one of {}",
                Value::from(options.clone())
            ));
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (index, item) in values.iter().enumerate() {
            conform(doc, items, item, &format!("{at}[{index}]"), problems);
        }
    }
    if let (true, Some(object)) = (object_schema, value.as_object()) {
        for key in &required {
            if !object.contains_key(key) {
                problems.push(format!("{at}: required `{key}` is missing"));
            }
        }
        for (key, child) in object {
            let at = format!("{at}.{key}");
            match (properties.get(key), &additional) {
                (Some(schema), _) => conform(doc, schema, child, &at, problems),
                (None, Some(Value::Bool(false))) | (None, None) => {
                    problems.push(format!("{at}: not documented"))
                }
                (None, Some(schema)) => conform(doc, schema, child, &at, problems),
            }
        }
    }
}

/// Whether `schema` (through `$ref`) describes an object's properties.
fn is_object_schema(doc: &Value, schema: &Value) -> bool {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(doc, reference).is_some_and(|s| is_object_schema(doc, s)),
        None => {
            schema.get("properties").is_some()
                || schema.get("allOf").is_some()
                || schema.get("additionalProperties").is_some()
        }
    }
}

/// The properties, required keys and `additionalProperties` of an object
/// schema, merged through `$ref` and `allOf`.
fn object_parts(
    doc: &Value,
    schema: &Value,
    properties: &mut BTreeMap<String, Value>,
    required: &mut BTreeSet<String>,
    additional: &mut Option<Value>,
    object_schema: &mut bool,
) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(target) = resolve(doc, reference) {
            object_parts(doc, target, properties, required, additional, object_schema);
        }
        return;
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        object_parts(doc, part, properties, required, additional, object_schema);
    }
    if let Some(map) = schema.get("properties").and_then(Value::as_object) {
        *object_schema = true;
        properties.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    required.extend(
        schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned),
    );
    if let Some(extra) = schema.get("additionalProperties") {
        *object_schema = true;
        *additional = Some(extra.clone());
    }
}

/// Calls the API and checks the answer against the document: its status is
/// documented for the operation, and a JSON body has the documented shape.
struct Checker {
    doc: Value,
    problems: Vec<String>,
    calls: usize,
}

impl Checker {
    async fn send(
        &mut self,
        request: reqwest::RequestBuilder,
        method: &str,
        template: &str,
    ) -> (StatusCode, Value) {
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {template}: {e}"));
        let status = response.status();
        let is_json = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let body: Value = if is_json {
            response.json().await.unwrap_or_default()
        } else {
            Value::Null
        };
        self.calls += 1;
        let name = format!(
            "{} {template} -> {}",
            method.to_uppercase(),
            status.as_u16()
        );
        let documented = &self.doc["paths"][template][method]["responses"][status.as_str()];
        if documented.is_null() {
            self.problems
                .push(format!("{name}: status not documented ({body})"));
            return (status, body);
        }
        let schema = &documented["content"]["application/json"]["schema"];
        match (is_json, schema.is_null()) {
            (true, false) => {
                let mut problems = Vec::new();
                conform(&self.doc, schema, &body, "body", &mut problems);
                self.problems
                    .extend(problems.into_iter().map(|p| format!("{name}: {p}")));
            }
            (true, true) => self
                .problems
                .push(format!("{name}: JSON body not documented")),
            (false, false) => self
                .problems
                .push(format!("{name}: documented JSON, got none")),
            (false, true) => {}
        }
        (status, body)
    }

    async fn call(
        &mut self,
        browser: &Browser,
        method: Method,
        template: &str,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let mut request = browser.request(method.clone(), path);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let name = method.as_str().to_lowercase();
        self.send(request, &name, template).await.1
    }

    async fn get(&mut self, browser: &Browser, template: &str, path: &str) -> Value {
        self.call(browser, Method::GET, template, path, None).await
    }

    async fn post(&mut self, browser: &Browser, template: &str, path: &str, body: Value) -> Value {
        self.call(browser, Method::POST, template, path, Some(body))
            .await
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn answers_have_the_documented_status_and_shape() {
    let app = TestApp::spawn().await;
    let mut check = Checker {
        doc: document(),
        problems: Vec::new(),
        calls: 0,
    };
    let anonymous = Browser::new(&app);
    check.get(&anonymous, "/healthz", "/healthz").await;
    check.get(&anonymous, "/readyz", "/readyz").await;
    check
        .get(&anonymous, "/api/v1/deals", "/api/v1/deals")
        .await;
    check
        .get(&anonymous, "/api/v1/events", "/api/v1/events")
        .await;
    let signup = signup_body(&unique_slug("oas"), "oas@example.com");
    check
        .post(&anonymous, "/api/v1/signup", "/api/v1/signup", signup)
        .await;

    let slug = unique_slug("oas");
    let owner = app.signup(&slug).await;
    let b = &owner;
    let login =
        json!({ "email": format!("owner@{slug}.example"), "password": PASSWORD, "tenant": slug });
    check
        .post(
            &Browser::new(&app),
            "/api/v1/auth/login",
            "/api/v1/auth/login",
            login,
        )
        .await;
    let second = Browser::new(&app);
    let other_company = signup_body(&unique_slug("oas"), &format!("owner@{slug}.example"));
    let entered = check
        .post(&second, "/api/v1/signup", "/api/v1/signup", other_company)
        .await;
    second.remember(&entered);
    check
        .post(
            &second,
            "/api/v1/auth/switch-tenant",
            "/api/v1/auth/switch-tenant",
            json!({ "tenant": slug }),
        )
        .await;
    let session = check
        .get(b, "/api/v1/auth/session", "/api/v1/auth/session")
        .await;
    let user_id = session["user"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    check
        .get(b, "/api/v1/users", "/api/v1/users?per_page=5")
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/users/{user_id}",
            &format!("/api/v1/users/{user_id}"),
            Some(json!({ "active": false })),
        )
        .await;
    let invitation = check
        .post(
            b,
            "/api/v1/invitations",
            "/api/v1/invitations",
            json!({ "email": "rep@oas.example", "role": "rep" }),
        )
        .await;
    let accept = json!({ "token": invitation["token"], "name": "Rita Rep", "password": PASSWORD });
    check
        .post(
            &Browser::new(&app),
            "/api/v1/invitations/accept",
            "/api/v1/invitations/accept",
            accept,
        )
        .await;
    let members = check.get(b, "/api/v1/users", "/api/v1/users").await;
    let rep_id = members["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["role"] == "rep")
        .map(|m| m["user_id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/users/{user_id}",
            &format!("/api/v1/users/{rep_id}"),
            Some(json!({ "role": "manager" })),
        )
        .await;
    let token = check
        .post(
            b,
            "/api/v1/tokens",
            "/api/v1/tokens",
            json!({ "name": "ci", "role": "rep" }),
        )
        .await;
    check.get(b, "/api/v1/tokens", "/api/v1/tokens").await;
    check
        .call(
            b,
            Method::DELETE,
            "/api/v1/tokens/{token_id}",
            &format!("/api/v1/tokens/{}", id(&token)),
            None,
        )
        .await;

    check
        .call(
            b,
            Method::PUT,
            "/api/v1/sales-model",
            "/api/v1/sales-model",
            Some(json!({ "template": "hunter_farmer" })),
        )
        .await;
    check
        .get(b, "/api/v1/sales-models", "/api/v1/sales-models")
        .await;
    let stages = check.get(b, "/api/v1/stages", "/api/v1/stages").await;
    let stage = id(&stages[0]);
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/stages/{stage_id}",
            &format!("/api/v1/stages/{stage}"),
            Some(json!({ "version": stages[0]["version"], "name": "First touch" })),
        )
        .await;
    check
        .post(
            b,
            "/api/v1/stages",
            "/api/v1/stages",
            json!({ "key": "extra", "name": "Extra", "probability": 5 }),
        )
        .await;

    let region = check
        .post(
            b,
            "/api/v1/teams",
            "/api/v1/teams",
            json!({ "name": "East", "kind": "region" }),
        )
        .await;
    let team = check
        .post(
            b,
            "/api/v1/teams",
            "/api/v1/teams",
            json!({ "name": "Hunters", "parent_id": id(&region) }),
        )
        .await;
    check.get(b, "/api/v1/teams", "/api/v1/teams").await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/teams/{team_id}",
            &format!("/api/v1/teams/{}", id(&team)),
            Some(json!({ "version": 1, "manager_user_id": null })),
        )
        .await;
    let person = check
        .post(
            b,
            "/api/v1/people",
            "/api/v1/people",
            json!({ "name": "Ann Rep", "email": "ann@oas.example", "sales_role": "ae", "team_id": id(&team) }),
        )
        .await;
    let person_id = id(&person);
    check
        .get(b, "/api/v1/people", "/api/v1/people?sort=newest")
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/people/{person_id}",
            &format!("/api/v1/people/{person_id}"),
            Some(json!({ "version": 1, "email": null })),
        )
        .await;

    let product = check
        .post(
            b,
            "/api/v1/products",
            "/api/v1/products",
            json!({ "name": "Widget", "list_price": "120.00", "currency": "USD", "priority": "strategic" }),
        )
        .await;
    check.get(b, "/api/v1/products", "/api/v1/products").await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/products/{product_id}",
            &format!("/api/v1/products/{}", id(&product)),
            Some(json!({ "version": 1, "list_price": 130 })),
        )
        .await;

    let account = check
        .post(
            b,
            "/api/v1/accounts",
            "/api/v1/accounts",
            json!({ "name": "Acme", "industry": "software", "employees": 120, "region_id": id(&region) }),
        )
        .await;
    let account_id = id(&account);
    check.get(b, "/api/v1/accounts", "/api/v1/accounts").await;
    check
        .get(
            b,
            "/api/v1/accounts/{account_id}",
            &format!("/api/v1/accounts/{account_id}"),
        )
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/accounts/{account_id}",
            &format!("/api/v1/accounts/{account_id}"),
            Some(json!({ "version": 1, "employees": 5000 })),
        )
        .await;
    check
        .call(
            b,
            Method::PUT,
            "/api/v1/icp",
            "/api/v1/icp",
            Some(json!({ "criteria": [{ "attribute": "industry", "value": "software", "weight": 60 }] })),
        )
        .await;
    check.get(b, "/api/v1/icp", "/api/v1/icp").await;
    let territory = check
        .post(
            b,
            "/api/v1/territories",
            "/api/v1/territories",
            json!({ "name": "North", "segment": "enterprise", "account_ids": [account_id] }),
        )
        .await;
    check
        .get(b, "/api/v1/territories", "/api/v1/territories")
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/territories/{territory_id}",
            &format!("/api/v1/territories/{}", id(&territory)),
            Some(json!({ "version": 1, "name": "North East" })),
        )
        .await;

    let deal = check
        .post(
            b,
            "/api/v1/deals",
            "/api/v1/deals",
            json!({
                "name": "Acme rollout", "currency": "USD", "owner_id": person_id, "account_id": account_id,
                "lines": [{ "product_id": id(&product), "quantity": 2 }],
                "splits": [{ "person_id": person_id, "share": "100" }],
            }),
        )
        .await;
    let deal_id = id(&deal);
    let deal_path = format!("/api/v1/deals/{deal_id}");
    check
        .get(b, "/api/v1/deals", "/api/v1/deals?sort=amount")
        .await;
    check.get(b, "/api/v1/deals/{deal_id}", &deal_path).await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/deals/{deal_id}",
            &deal_path,
            Some(json!({ "version": 1, "status": "won" })),
        )
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/deals/{deal_id}",
            &deal_path,
            Some(json!({ "version": 1, "name": "Stale" })),
        )
        .await;
    check
        .get(
            b,
            "/api/v1/deals/{deal_id}/milestones",
            &format!("{deal_path}/milestones"),
        )
        .await;
    check
        .get(
            b,
            "/api/v1/deals/{deal_id}",
            &format!("/api/v1/deals/{}", uuid::Uuid::new_v4()),
        )
        .await;
    check
        .post(b, "/api/v1/deals", "/api/v1/deals", json!({ "name": "x" }))
        .await;

    check
        .get(b, "/api/v1/activity-targets", "/api/v1/activity-targets")
        .await;
    check
        .call(
            b,
            Method::PUT,
            "/api/v1/activity-targets",
            "/api/v1/activity-targets",
            Some(json!({ "targets": [{ "sales_role": "ae", "kind": "call", "per_week": 30 }] })),
        )
        .await;
    check
        .post(
            b,
            "/api/v1/activities",
            "/api/v1/activities",
            json!({ "kind": "call", "occurred_at": chrono::Utc::now().to_rfc3339(), "person_id": person_id, "deal_id": deal_id }),
        )
        .await;
    check
        .get(b, "/api/v1/activities", "/api/v1/activities?scope=all")
        .await;
    check
        .get(
            b,
            "/api/v1/activities/summary",
            &format!("/api/v1/activities/summary?person_id={person_id}"),
        )
        .await;

    let task = check
        .post(
            b,
            "/api/v1/tasks",
            "/api/v1/tasks",
            json!({ "title": "Call Acme", "due_date": "2020-01-01", "owner_id": person_id, "items": ["Prepare"] }),
        )
        .await;
    let task_path = format!("/api/v1/tasks/{}", id(&task));
    check
        .get(b, "/api/v1/tasks", "/api/v1/tasks?overdue=true")
        .await;
    check.get(b, "/api/v1/tasks/{task_id}", &task_path).await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/tasks/{task_id}",
            &task_path,
            Some(json!({ "version": 1, "status": "done", "remind_at": null })),
        )
        .await;
    check
        .post(
            b,
            "/api/v1/tasks",
            "/api/v1/tasks",
            json!({ "title": "Mine", "due_date": "2020-01-01" }),
        )
        .await;
    let reminders = check
        .get(b, "/api/v1/tasks/reminders", "/api/v1/tasks/reminders")
        .await;
    assert_eq!(reminders["items"][0]["reason"], "overdue", "{reminders}");

    let goal = check
        .post(
            b,
            "/api/v1/goals",
            "/api/v1/goals",
            json!({ "period": "2026-Q3", "scope_kind": "company", "metric": "revenue", "target": "100000.00", "currency": "USD" }),
        )
        .await;
    check
        .post(
            b,
            "/api/v1/goals",
            "/api/v1/goals",
            json!({ "period": "2026-07", "scope_kind": "team", "scope_id": id(&team), "metric": "revenue", "target": 40000, "currency": "USD", "parent_id": id(&goal) }),
        )
        .await;
    let goal_path = format!("/api/v1/goals/{}", id(&goal));
    check
        .get(b, "/api/v1/goals", "/api/v1/goals?period=2026-Q3")
        .await;
    check.get(b, "/api/v1/goals/{goal_id}", &goal_path).await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/goals/{goal_id}",
            &goal_path,
            Some(json!({ "version": 1, "target": "120000" })),
        )
        .await;
    check
        .get(
            b,
            "/api/v1/goals/tree",
            "/api/v1/goals/tree?period=2026-Q3&metric=revenue",
        )
        .await;

    check
        .get(b, "/api/v1/kpis/snapshot", "/api/v1/kpis/snapshot")
        .await;
    check
        .get(b, "/api/v1/kpis", "/api/v1/kpis?fresh=true")
        .await;
    // The event stream answers with its headers at once; dropping the
    // response closes it.
    check.get(b, "/api/v1/events", "/api/v1/events").await;
    check
        .get(
            b,
            "/api/v1/kpis",
            &format!("/api/v1/kpis?scope=rep:{person_id}&from=2026-01-01&to=2026-12-31"),
        )
        .await;

    let upload = b
        .request(
            Method::POST,
            "/api/v1/imports?kind=people&file_name=people.csv",
        )
        .header("content-type", "text/csv")
        .body("Name,Email,Role\nBo Seller,bo@oas.example,ae\n,missing@oas.example,ae\n");
    let (_, import) = check.send(upload, "post", "/api/v1/imports").await;
    let import_path = format!("/api/v1/imports/{}", id(&import));
    check.get(b, "/api/v1/imports", "/api/v1/imports").await;
    check
        .get(
            b,
            "/api/v1/imports/{import_id}",
            &format!("{import_path}?preview=true"),
        )
        .await;
    check
        .call(
            b,
            Method::PATCH,
            "/api/v1/imports/{import_id}",
            &import_path,
            Some(json!({ "version": 1, "mapping": { "Name": "name", "Email": "email", "Role": "sales_role" } })),
        )
        .await;
    let mapped = check
        .get(b, "/api/v1/imports/{import_id}", &import_path)
        .await;
    check
        .post(
            b,
            "/api/v1/imports/{import_id}/start",
            &format!("{import_path}/start"),
            json!({ "version": mapped["version"] }),
        )
        .await;
    check
        .get(
            b,
            "/api/v1/imports/{import_id}/rejections.csv",
            &format!("{import_path}/rejections.csv"),
        )
        .await;
    check
        .get(b, "/api/v1/audit", "/api/v1/audit?per_page=20")
        .await;
    check
        .post(b, "/api/v1/auth/logout", "/api/v1/auth/logout", json!({}))
        .await;

    assert!(check.calls > 60, "{} calls", check.calls);
    assert!(
        check.problems.is_empty(),
        "{} answers differ from the document:\n{}",
        check.problems.len(),
        check.problems.join("\n")
    );
}

#[tokio::test]
async fn billing_answers_have_the_documented_status_and_shape() {
    let app = TestApp::spawn_with(Options {
        stripe: true,
        ..Default::default()
    })
    .await;
    let mut check = Checker {
        doc: document(),
        problems: Vec::new(),
        calls: 0,
    };
    let owner = app.signup(&unique_slug("oabill")).await;
    let trial = check
        .get(&owner, "/api/v1/billing", "/api/v1/billing")
        .await;
    assert_eq!(trial["status"], "trialing", "{trial}");
    let refused = json!({"tier": "platinum", "interval": "monthly"});
    check
        .post(
            &owner,
            "/api/v1/billing/checkout",
            "/api/v1/billing/checkout",
            refused,
        )
        .await;
    let started = check
        .post(
            &owner,
            "/api/v1/billing/checkout",
            "/api/v1/billing/checkout",
            json!({"tier": "growth", "interval": "yearly"}),
        )
        .await;
    app.stripe()
        .complete_checkout(started["session_id"].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("complete checkout: {e}"));
    let active = app
        .eventually(std::time::Duration::from_secs(20), || async {
            let overview: Value = owner
                .get("/api/v1/billing")
                .await
                .json()
                .await
                .unwrap_or_default();
            overview["status"] == "active"
        })
        .await;
    assert!(active, "the subscription never became active");
    let paid = check
        .get(&owner, "/api/v1/billing", "/api/v1/billing")
        .await;
    assert_eq!(paid["invoices"].as_array().map(Vec::len), Some(1), "{paid}");
    check
        .call(
            &owner,
            Method::PATCH,
            "/api/v1/billing/subscription",
            "/api/v1/billing/subscription",
            Some(json!({"seats": 3})),
        )
        .await;
    check
        .call(
            &owner,
            Method::PATCH,
            "/api/v1/billing/subscription",
            "/api/v1/billing/subscription",
            Some(json!({"seats": 0})),
        )
        .await;
    check
        .post(
            &owner,
            "/api/v1/billing/portal",
            "/api/v1/billing/portal",
            json!({}),
        )
        .await;
    assert_eq!(check.calls, 7);
    assert!(
        check.problems.is_empty(),
        "answers differ from the document:\n{}",
        check.problems.join("\n")
    );
}

#[test]
fn the_shape_check_catches_differences() {
    let doc = document();
    let error = json!({ "$ref": "#/components/schemas/ErrorBody" });
    let problems = |value: Value| {
        let mut found = Vec::new();
        conform(&doc, &error, &value, "body", &mut found);
        found
    };
    assert!(problems(json!({ "error": { "code": "x", "message": "m" } })).is_empty());
    assert!(problems(json!({ "error": { "code": "x", "message": "m", "field": "f" } })).is_empty());
    for wrong in [
        json!({ "error": { "code": "x" } }),
        json!({ "error": { "code": 1, "message": "m" } }),
        json!({ "error": { "code": "x", "message": "m", "extra": true } }),
        json!([]),
    ] {
        assert!(!problems(wrong.clone()).is_empty(), "{wrong} passed");
    }
    // Through $ref and allOf, a flattened view still needs the inner struct's keys.
    let view = json!({ "$ref": "#/components/schemas/TaskSummary" });
    let mut found = Vec::new();
    let summary = json!({ "overdue": false, "items_done": 0, "items_total": 0 });
    conform(&doc, &view, &summary, "body", &mut found);
    assert!(found.iter().any(|p| p.contains("`title`")), "{found:?}");
}
