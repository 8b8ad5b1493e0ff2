//! Start, restart, configuration errors, health, metrics and error shapes.

use std::time::Duration;

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::support::{binary, client, expect_error, on_both_databases, start};

on_both_databases!(second_start_reuses_everything, health_metrics_and_instance_info, errors_have_one_shape);

async fn second_start_reuses_everything(db: TestDatabase) {
    let first = start(&db).await;
    assert!(first.printed("API token:").is_some());
    let key_before: Value = client().get(first.url("/groups/jobs")).send().await.unwrap().json().await.unwrap();
    let status = first.terminate().await;
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");

    let second = start(&db).await;
    let printed = second.startup_output.join("\n");
    assert!(!printed.contains("cft_") && !printed.contains("cfl_"), "second start printed a secret:\n{printed}");
    let key_after: Value = client().get(second.url("/groups/jobs")).send().await.unwrap().json().await.unwrap();
    assert_eq!(key_before["publicKey"], key_after["publicKey"], "keys are kept");
    let info: Value = client().get(second.url("/nodeinfo/2.1")).send().await.unwrap().json().await.unwrap();
    assert_eq!(info["usage"]["users"]["total"], 1, "no second admin");
    drop(second);

    // A different domain on the same database is refused: ids are permanent.
    let output = std::process::Command::new(binary())
        .arg("init")
        .env_clear()
        .env("COOPFED_DATABASE_URL", db.url())
        .env("COOPFED_DOMAIN", "other.test")
        .env("COOPFED_NETWORK", "cotech")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cotech.test") && stderr.contains("other.test"), "{stderr}");
}

async fn health_metrics_and_instance_info(db: TestDatabase) {
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_METRICS_TOKEN".into(), "metrics-token-for-tests".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let http = client();
    let health = http.get(instance.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = http.get(instance.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    let response = http.get(instance.url("/api/v1/instance")).send().await.unwrap();
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    let info: Value = response.json().await.unwrap();
    let cached = http.get(instance.url("/api/v1/instance")).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert!(cached.bytes().await.unwrap().is_empty());
    let changed =
        http.get(instance.url("/api/v1/instance")).header(header::IF_NONE_MATCH, "\"other\"").send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(info["domain"], "cotech.test");
    assert_eq!(info["network"]["slug"], "cotech");
    assert_eq!(info["network"]["actor"], "http://cotech.test/networks/cotech");
    assert_eq!(info["handles"]["jobs"], "@jobs@cotech.test");

    // Metrics are for the bearer of the token only, and off without one.
    expect_error(http.get(instance.url("/metrics")).send().await.unwrap(), StatusCode::UNAUTHORIZED).await;
    let wrong = http.get(instance.url("/metrics")).bearer_auth("metrics-token-for-test").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let plain_db = db.sibling();
    let plain = start(&plain_db).await;
    expect_error(http.get(plain.url("/metrics")).send().await.unwrap(), StatusCode::NOT_FOUND).await;
    assert!(!instance.log().contains("metrics-token-for-tests"), "the token is not logged");
    // An unsigned activity is refused, and counted with its reason.
    let unsigned = http
        .post(instance.url("/inbox"))
        .header(header::CONTENT_TYPE, "application/activity+json")
        .body(r#"{"id":"http://remote.test/a/1","type":"Follow","actor":"http://remote.test/users/a","object":"http://remote.test/users/b"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let metrics = http.get(instance.url("/metrics")).bearer_auth("metrics-token-for-tests").send().await.unwrap();
    assert!(
        metrics.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text; version=1.0.0")
    );
    let text = metrics.text().await.unwrap();
    assert!(text.contains("# TYPE coopfed_http_requests counter"), "{text}");
    assert!(text.contains("coopfed_inbox_activities_total{outcome=\"refused\",reason=\"signature\"} 1"), "{text}");
    for gauge in [
        "coopfed_delivery_queue{state=\"pending\"} 0",
        "coopfed_remote_hosts{state=\"dead\"} 0",
        "coopfed_moderation_queue 0",
        "coopfed_deliveries_total{outcome=\"retry\"} 0",
        "# TYPE coopfed_http_request_duration_seconds histogram",
    ] {
        assert!(text.contains(gauge), "{gauge} in {text}");
    }
    assert!(text.ends_with("# EOF\n"), "{text}");
    assert!(
        text.contains("coopfed_http_requests_total{method=\"GET\",route=\"/api/v1/instance\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("coopfed_http_requests_total{method=\"GET\",route=\"/api/v1/instance\",status=\"304\"} 1"),
        "{text}"
    );
    assert!(text.contains("coopfed_build_info{version="));
}

async fn errors_have_one_shape(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    assert_eq!(
        expect_error(http.get(instance.url("/no/such/page")).send().await.unwrap(), StatusCode::NOT_FOUND).await,
        "not_found"
    );
    assert_eq!(
        expect_error(
            http.delete(instance.url("/api/v1/instance")).send().await.unwrap(),
            StatusCode::METHOD_NOT_ALLOWED
        )
        .await,
        "method_not_allowed"
    );
    // A form missing a field.
    let bad_form = http.post(instance.url("/login")).form(&[("username", "x")]).send().await.unwrap();
    assert_eq!(expect_error(bad_form, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    // A body over 1 MiB.
    let huge = "a".repeat(1024 * 1024 + 1);
    let too_big = http
        .post(instance.url("/login"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("username={huge}"))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_error(too_big, StatusCode::PAYLOAD_TOO_LARGE).await, "payload_too_large");
}

/// Runs `coopfed serve` with one bad setting and returns (exit code, stderr).
fn start_with(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile_dir();
    let output = std::process::Command::new(binary())
        .arg("serve")
        .env_clear()
        .env("COOPFED_DATABASE_URL", format!("sqlite://{}/coopfed.db", dir.display()))
        .env("COOPFED_BIND", "127.0.0.1:0")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("coopfed-badconfig-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{}-{nanos}", std::process::id())
}

#[test]
fn bad_configuration_stops_the_start_with_exit_code_2() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("COOPFED_DOMAIN", "https://cotech.test/")], "`instance.domain` (from environment variable COOPFED_DOMAIN)"),
        (&[("COOPFED_BIND", "everywhere")], "`server.bind`"),
        (&[("COOPFED_DATABASE_URL", "mysql://db/coopfed")], "`database.url`"),
        (&[("COOPFED_NETWORK", "CoTech UK")], "`instance.network`"),
        (&[("COOPFED_NETWORK_NAME", "  ")], "`instance.network_name`"),
        (&[("COOPFED_DEV_FEDERATION", "sometimes")], "`federation.dev_mode`"),
        (&[("COOPFED_LOG_FORMAT", "yaml")], "`log.format`"),
    ];
    for (env, expected) in cases {
        let (code, stderr) = start_with(env);
        assert_eq!(code, Some(2), "{env:?}: {stderr}");
        assert!(stderr.contains(expected), "{env:?}: {stderr}");
        assert!(stderr.starts_with("coopfed: error: invalid configuration"), "{stderr}");
    }
    // A config file with an unknown key.
    let dir = tempfile_dir();
    let file = dir.join("coopfed.toml");
    std::fs::write(&file, "[instance]\ndomian = \"cotech.test\"\n").unwrap();
    let output = std::process::Command::new(binary())
        .args(["--config", file.to_str().unwrap(), "serve"])
        .env_clear()
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("domian"));
}

#[tokio::test]
async fn sigterm_stops_the_server() {
    let db = TestDatabase::sqlite();
    let instance = TestInstance::spawn(binary(), &db, InstanceOptions::network("fr")).await;
    let base = instance.base.clone();
    let status = instance.terminate().await;
    assert!(status.success(), "{status:?}");
    let refused = client().get(format!("{base}/healthz")).timeout(Duration::from_secs(2)).send().await;
    assert!(refused.is_err(), "nothing listens after shutdown");
}
