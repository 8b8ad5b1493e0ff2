//! The OpenAPI document: well formed, every reference resolves, every
//! documented operation is served.

use coopfed_test_support::TestDatabase;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{client, on_both_databases, start};

on_both_databases!(the_openapi_document_matches_the_api);

/// Every `$ref` in a document.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

async fn the_openapi_document_matches_the_api(db: TestDatabase) {
    let instance = start(&db).await;
    let document: Value =
        client().get(instance.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["title"], "coopfed");
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut targets = Vec::new();
    refs(&document, &mut targets);
    assert!(!targets.is_empty());
    for target in targets {
        let name =
            target.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected reference {target}"));
        assert!(schemas.contains_key(name), "{target} does not resolve");
    }
    let paths = document["paths"].as_object().unwrap();
    for expected in
        ["/api/v1/jobs", "/api/v1/members", "/api/v1/announcements", "/api/v1/skills", "/api/v1/admin/follows"]
    {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }
    let mut operations = 0;
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            operations += 1;
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} is not unique");
            assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
            let concrete = path.replace("{id}", "nothing").replace("{slug}", "nothing");
            let response = client().request(method.clone(), instance.url(&concrete)).send().await.unwrap();
            let status = response.status();
            // A 404 for the missing record is fine; the router's own 404 (no such route) is not.
            let body: Value = response.json().await.unwrap_or_default();
            let no_route = status == StatusCode::NOT_FOUND && body["error"]["message"] == "page not found";
            assert!(
                !no_route && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but answers {status}"
            );
        }
    }
    assert!(operations >= 24, "{operations} operations");
}
