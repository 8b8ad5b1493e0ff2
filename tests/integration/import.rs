//! Importing member directories: every fixture file, re-imports, and hostile files.

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use serde_json::{Value, json};

use crate::support::{binary, client, expect_error, fixture, member_pages, on_both_databases};

on_both_databases!(
    member_directories_import_and_reimport,
    hostile_member_files_change_nothing,
    announcements_import_and_reimport,
    member_directories_export_and_round_trip,
    json_lines_import_in_batches_and_keys_on_first_use
);

async fn local_members(instance: &TestInstance) -> Vec<Value> {
    let page: Value = client().get(instance.url("/api/v1/members")).send().await.unwrap().json().await.unwrap();
    page["items"].as_array().unwrap().iter().filter(|m| m["local"] == true).cloned().collect()
}

async fn member_directories_import_and_reimport(db: TestDatabase) {
    for (network, language, files, count) in [
        ("cotech", "en", vec!["members/cotech.yaml"], 35),
        ("de", "de", vec!["members/de.yaml", "members/de.csv"], 17),
        ("nl", "nl", vec!["members/nl.yaml"], 7),
        ("fr", "fr", vec!["members/fr.csv", "members/fr.yaml"], 26),
    ] {
        let own = db.sibling();
        let mut options = InstanceOptions::network(network);
        options.env.insert("COOPFED_LANGUAGE".into(), language.into());
        let instance = TestInstance::spawn(binary(), &own, options).await;
        for (i, file) in files.iter().enumerate() {
            let dry = instance.cli(&["import", "members", "--dry-run", &fixture(file)], None).success();
            assert!(
                dry.stdout.contains(&format!("{count} valid member co-ops, 0 with errors; dry run")),
                "{}",
                dry.stdout
            );
            if i == 0 {
                assert_eq!(own.count("member_coops"), 0, "a dry run writes nothing");
            }
            let out = instance.cli(&["import", "members", &fixture(file)], None).success().stdout;
            let expected =
                if i == 0 { format!("({count} created, 0 updated)") } else { format!("(0 created, {count} updated)") };
            assert!(out.contains(&expected), "{file}: {out}");
        }
        // Importing again changes nothing but the update time.
        let again = instance.cli(&["import", "members", &fixture(files[0])], None).success().stdout;
        assert!(again.contains(&format!("(0 created, {count} updated)")), "{again}");
        let members = local_members(&instance).await;
        assert_eq!(members.len(), count, "{network}");
        assert_eq!(own.count("member_coops"), i64::try_from(count).unwrap());
        assert!(own.count("member_skills") >= i64::try_from(count).unwrap(), "skills are stored");
        if network == "cotech" {
            // "Who does Drupal?" — by slug, or by the German label of web development.
            let get = |query: &'static str| client().get(instance.url(&format!("/api/v1/members{query}"))).send();
            let drupal: Value = get("?skill=drupal").await.unwrap().json().await.unwrap();
            let drupal = drupal["items"].as_array().unwrap();
            assert!(drupal.iter().any(|m| m["slug"] == "agile-collective") && drupal.len() < count, "{drupal:?}");
            let web: Value = get("?skill=Webentwicklung&country=GB").await.unwrap().json().await.unwrap();
            assert!(!web["items"].as_array().unwrap().is_empty());
            let big: Value = get("?size_min=10").await.unwrap().json().await.unwrap();
            assert!(big["items"].as_array().unwrap().iter().all(|m| m["slug"] != "atomised"));
            // Full-text search over name, description, services, technologies and city.
            let slugs = |v: Value| -> Vec<String> {
                v["items"].as_array().unwrap().iter().filter_map(|m| m["slug"].as_str().map(str::to_owned)).collect()
            };
            let oxford = slugs(get("?q=oxford%20drupal").await.unwrap().json().await.unwrap());
            assert_eq!(oxford, ["agile-collective"], "{oxford:?}");
            let visual = slugs(get("?q=visualis").await.unwrap().json().await.unwrap());
            assert!(visual.contains(&"agile-collective".to_owned()), "prefixes match: {visual:?}");
            assert!(slugs(get("?q=zzzzqqq").await.unwrap().json().await.unwrap()).is_empty());
            let misspelt = slugs(get("?q=colective").await.unwrap().json().await.unwrap());
            let expected: &[&str] = if own.backend() == "postgres" { &["agile-collective"] } else { &[] };
            assert_eq!(misspelt, expected, "names match by trigrams on PostgreSQL only");
            // Keyset pages, ten at a time, give the whole directory once, in order.
            let all: Value = get("").await.unwrap().json().await.unwrap();
            let (paged, pages) = member_pages(&instance, "", 10).await;
            assert_eq!(pages, 4);
            assert_eq!(slugs(json!({ "items": paged })), slugs(all));
            let (big_paged, _) = member_pages(&instance, "size_min=5", 3).await;
            let big_all: Value = get("?size_min=5").await.unwrap().json().await.unwrap();
            assert_eq!(slugs(json!({ "items": big_paged })), slugs(big_all), "filters hold across pages");
            let bad = get("?after=no-cursor").await.unwrap();
            assert_eq!(expect_error(bad, reqwest::StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
            let unknown = get("?skill=nonsense").await.unwrap();
            assert_eq!(unknown.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
            // The co-op's actor shows its profile the way Mastodon displays it.
            let actor: Value = client()
                .get(instance.url("/members/agile-collective"))
                .header("accept", "application/activity+json")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(actor["type"], "Organization");
            assert!(actor["summaryMap"]["en"].as_str().unwrap().contains("Oxford worker co-op"));
            let tags: Vec<&str> = actor["tag"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
            assert!(tags.contains(&"#drupal") && tags.contains(&"#webdevelopment"), "{tags:?}");
            let fields: Vec<&str> =
                actor["attachment"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
            assert!(
                fields.contains(&"Website") && fields.contains(&"Services") && fields.contains(&"Size"),
                "{fields:?}"
            );
            let agile = members.iter().find(|m| m["slug"] == "agile-collective").unwrap();
            assert_eq!(agile["website"], "https://agile.coop/");
            assert_eq!(agile["city"], "Oxford");
            assert_eq!(agile["country"], "GB");
        }
        if network == "fr" {
            assert!(
                members.iter().any(|m| m["website"] == "https://codeursenliberté.fr/"),
                "IDN website kept as written"
            );
        }
        // Each co-op is a fediverse actor.
        let slug = members[0]["slug"].as_str().unwrap();
        let jrd = client()
            .get(instance.url("/.well-known/webfinger"))
            .query(&[("resource", format!("acct:{slug}@{}", instance.domain))])
            .send()
            .await
            .unwrap();
        assert_eq!(jrd.status(), reqwest::StatusCode::OK);
    }
}

async fn hostile_member_files_change_nothing(db: TestDatabase) {
    let mut options = InstanceOptions::network("nl");
    options.env.insert("COOPFED_LANGUAGE".into(), "nl".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let cases: &[(&str, &[&str])] = &[
        (
            "hostile/member_missing_fields.yaml",
            &["record 1 (line 9): slug: is required", "record 4 (line 25): expected a mapping"],
        ),
        ("hostile/members_duplicate_slug.yaml", &["record 2 (line 19): slug: duplicate slug: twin-co-op"]),
        ("hostile/member_duplicate_keys.yaml", &["duplicate entry with key \"name\""]),
        (
            "hostile/member_unicode_tricks.yaml",
            &["record 1 (line 13): slug:", "record 4 (line 40): name: contains control"],
        ),
        ("hostile/malformed.yaml", &["not valid YAML", "line 11"]),
        ("hostile/yaml_alias_bomb.yaml", &["repetition limit exceeded"]),
        (
            "hostile/members_bad.csv",
            &[
                "record 3 (line 3): expected 9 fields, found 7",
                "record 4 (line 4): expected 9 fields, found 11",
                "record 5 (line 5): invalid UTF-8",
                "record 7 (line 8): invalid UTF-8",
            ],
        ),
    ];
    for (file, expected) in cases {
        for dry_run in [true, false] {
            let path = fixture(file);
            let args: Vec<&str> =
                if dry_run { vec!["import", "members", "--dry-run", &path] } else { vec!["import", "members", &path] };
            let output = instance.cli(&args, None);
            assert_eq!(output.status, Some(1), "{file}: {}", output.stdout);
            for text in *expected {
                assert!(output.stderr.contains(text), "{file}: missing `{text}` in\n{}", output.stderr);
            }
            assert!(output.stderr.contains(&format!("{path}:")), "errors name the file");
        }
        assert_eq!(db.count("member_coops"), 0, "{file} stored something");
    }
    // The wrong-types file belongs to another network, and says so.
    let output = instance.cli(&["import", "members", &fixture("hostile/member_wrong_types.yaml")], None);
    assert!(output.stderr.contains("is for the network `cotech`"), "{}", output.stderr);
    // With --skip-invalid the valid record of a partly bad file is imported.
    let output =
        instance.cli(&["import", "members", "--skip-invalid", &fixture("hostile/member_unicode_tricks.yaml")], None);
    assert_eq!(output.status, Some(0), "{}", output.stderr);
    assert_eq!(db.count("member_coops"), 1);
    let members = local_members(&instance).await;
    assert!(members[0]["city"].as_str().unwrap().contains("Hertogenbosch"), "{members:?}");
}

async fn announcements_import_and_reimport(db: TestDatabase) {
    for (network, language) in [("cotech", "en"), ("de", "de"), ("nl", "nl"), ("fr", "fr")] {
        let own = db.sibling();
        let mut options = InstanceOptions::network(network);
        options.env.insert("COOPFED_LANGUAGE".into(), language.into());
        let instance = TestInstance::spawn(binary(), &own, options).await;
        instance.cli(&["import", "members", &fixture(&format!("members/{network}.yaml"))], None).success();
        let file = fixture(&format!("announcements/{network}.yaml"));
        let out = instance.cli(&["import", "announcements", &file], None).success().stdout;
        assert!(out.contains("(5 created, 0 updated)"), "{out}");
        let out = instance.cli(&["import", "announcements", &file], None).success().stdout;
        assert!(out.contains("(0 created, 5 updated)"), "{out}");
        let page: Value =
            client().get(instance.url("/api/v1/announcements")).send().await.unwrap().json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 5, "{network}");
        assert!(items.iter().any(|i| i["kind"] == "event") && items.iter().any(|i| i["kind"] == "news"));
        if network == "cotech" {
            // Across the end of summer time: offsets differ, UTC is stored.
            let hack = items.iter().find(|i| i["starts_at"] == "2026-10-24T09:00:00Z").unwrap();
            assert_eq!(hack["ends_at"], "2026-10-25T16:00:00Z");
            assert_eq!(hack["timezone"], "Europe/London");
        }
    }
}

async fn member_directories_export_and_round_trip(db: TestDatabase) {
    let instance = TestInstance::spawn(binary(), &db, InstanceOptions::network("fr")).await;
    instance.cli(&["import", "members", &fixture("members/fr.yaml")], None).success();
    let yaml = instance.cli(&["export", "members"], None).success().stdout;
    assert!(yaml.starts_with("network: fr\nmembers:\n"), "{yaml}");
    let json: Value =
        serde_json::from_str(&instance.cli(&["export", "members", "--format", "json"], None).success().stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 26);
    let csv = instance.cli(&["export", "members", "--format", "csv"], None).success().stdout;
    assert!(csv.starts_with("slug,name,website,country,city,services,technologies,skills,description\n"));
    assert_eq!(csv.lines().count(), 27);

    // Exported YAML imports into another instance and exports the same.
    let dir = std::env::temp_dir().join(format!("coopfed-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("fr-{}.yaml", db.backend()));
    std::fs::write(&file, &yaml).unwrap();
    // Logo, coordinates, links elsewhere and the joining date travel too.
    let extra = dir.join(format!("extra-{}.yaml", db.backend()));
    std::fs::write(
        &extra,
        "network: fr\nmembers:\n  - slug: cap-coop\n    name: Cap Coop\n    website: https://cap.example/\n    country: FR\n    \
         coordinates: {lat: 48.85, lon: 2.35}\n    logo_url: https://cap.example/logo.png\n    \
         social_links: [\"https://social.example/@cap\"]\n    joined: 2021-03-01\n",
    )
    .unwrap();
    instance.cli(&["import", "members", extra.to_str().unwrap()], None).success();
    let listed: Value = client().get(instance.url("/api/v1/members?q=cap")).send().await.unwrap().json().await.unwrap();
    let cap = &listed["items"][0];
    assert_eq!(cap["coordinates"], serde_json::json!([48.85, 2.35]));
    assert_eq!(cap["joined"], "2021-03-01");
    let actor: Value = client()
        .get(instance.url("/members/cap-coop"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["icon"]["url"], "https://cap.example/logo.png");
    let exported = instance.cli(&["export", "members"], None).success().stdout;
    assert!(
        exported.contains("logo_url: https://cap.example/logo.png") && exported.contains("joined: 2021-03-01"),
        "{exported}"
    );
    let yaml = exported;
    std::fs::write(&file, &yaml).unwrap();
    let _ = std::fs::remove_file(&extra);
    let other_db = db.sibling();
    let other = TestInstance::spawn(binary(), &other_db, InstanceOptions::network("fr")).await;
    other.cli(&["import", "members", file.to_str().unwrap()], None).success();
    assert_eq!(other.cli(&["export", "members"], None).success().stdout, yaml);
    let _ = std::fs::remove_file(&file);
}

/// A JSON Lines file is checked whole, then written in transactions of
/// 1,000 records; a co-op it creates gets its key pair when its actor
/// document is first fetched.
async fn json_lines_import_in_batches_and_keys_on_first_use(db: TestDatabase) {
    let instance = TestInstance::spawn(binary(), &db, InstanceOptions::network("cotech")).await;
    let dir = tempfile::tempdir().unwrap();
    let line = |i: usize, network: &str| {
        json!({"type": "member", "network": network, "slug": format!("coop-{i}"), "name": format!("Co-op {i}"),
               "website": format!("https://coop-{i}.example"), "country": "GB", "skills": ["rust"]})
        .to_string()
    };
    let mut lines: Vec<String> = (0..2300).map(|i| line(i, "cotech")).collect();
    lines.insert(1500, String::new());
    lines.insert(1700, line(9999, "de"));
    let path = dir.path().join("members.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let path = path.to_str().unwrap();

    let refused = instance.cli(&["import", "members", path], None);
    assert_ne!(refused.status, Some(0));
    assert!(refused.stderr.contains("record 1700 (line 1701)"), "{}", refused.stderr);
    assert!(refused.stderr.contains("the record is for the network \"de\""), "{}", refused.stderr);
    assert_eq!(db.count("member_coops"), 0, "nothing is written while a record is bad");
    let dry = instance.cli(&["import", "members", "--dry-run", "--skip-invalid", path], None).success().stdout;
    assert!(dry.contains("2300 valid member co-ops, 1 with errors; dry run"), "{dry}");

    let done = instance.cli(&["import", "members", "--skip-invalid", path], None).success().stdout;
    assert!(done.contains("imported 2300 member co-ops (2300 created, 0 updated); 1 records skipped"), "{done}");
    assert_eq!(db.count("member_coops"), 2300);
    assert_eq!(db.count_where("audit_log", "action = 'members.import'"), 3, "one transaction per 1,000 records");
    assert_eq!(db.count_where("actors", "kind = 'organization' AND private_key_pem IS NULL"), 2300);
    if db.backend() == "postgres" {
        // The planner knows the new rows (and the networks, which autovacuum
        // never analyses) before the import's first search.
        let analysed = "schemaname = current_schema() AND relname IN ('member_coops', 'networks', 'member_skills') \
                        AND last_analyze IS NOT NULL";
        assert_eq!(db.count_where("pg_stat_user_tables", analysed), 3);
    }

    let document = |slug: &'static str| {
        client().get(instance.url(&format!("/members/{slug}"))).header("Accept", "application/activity+json").send()
    };
    let first: Value = document("coop-7").await.unwrap().json().await.unwrap();
    let pem = first["publicKey"]["publicKeyPem"].as_str().unwrap().to_owned();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{first}");
    let again: Value = document("coop-7").await.unwrap().json().await.unwrap();
    assert_eq!(again["publicKey"]["publicKeyPem"], pem.as_str(), "the key is made once");
    assert_eq!(db.count_where("actors", "kind = 'organization' AND private_key_pem IS NULL"), 2299);

    // Importing again updates, and a job file in JSON Lines names its co-op.
    let again = instance.cli(&["import", "members", "--skip-invalid", path], None).success().stdout;
    assert!(again.contains("(0 created, 2300 updated)"), "{again}");
    let jobs = dir.path().join("jobs.jsonl");
    let job = json!({"type": "job", "id": "j-1", "member": "coop-7", "title": "Rust developer",
                     "summary": "Rust work", "description": "Rust work in a co-op.", "lang": "en",
                     "employment_type": "full_time", "location": "remote", "remote": true, "skills": ["rust"],
                     "posted": "2026-11-20", "valid_through": "2027-01-31",
                     "apply_url": "https://coop-7.example/jobs"});
    std::fs::write(&jobs, format!("{job}\n")).unwrap();
    let out = instance.cli(&["import", "jobs", jobs.to_str().unwrap()], None).success().stdout;
    assert!(out.contains("imported 1 job offers (1 created, 0 updated)"), "{out}");
}
