//! Federation between real instances on loopback, and hostile inbox requests.

use std::time::{Duration, SystemTime};

use coopfed_test_support::{
    FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance, free_port, wait_for, wait_until,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{
    binary, client, expect_error, fixture, follow_from, member_pages, on_both_databases, post, send_signed,
};

on_both_databases!(
    networks_become_partners_and_part,
    hostile_inbox_requests_store_nothing,
    a_job_published_to_all_reaches_every_partner,
    partner_member_listings_are_mirrored,
    partnership_by_review_through_the_admin_api,
    inboxes_limit_each_remote_host,
    news_and_events_reach_every_partner,
    inbox_edge_cases,
    the_demo_federation_from_the_fixtures,
    a_removed_co_op_tells_its_followers_and_goes,
    a_key_apart_from_its_actor_is_fetched_once,
    a_domain_blocked_at_run_time,
    policies_changed_at_run_time
);

/// Starts network `slug` as `<slug>.test` on `port`, resolving the others through `resolve`.
pub(crate) async fn start_network(db: &TestDatabase, slug: &str, port: u16, resolve: &str) -> TestInstance {
    let mut options = InstanceOptions::network(slug);
    options.bind = Some(format!("127.0.0.1:{port}"));
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.to_owned());
    let language = if slug == "cotech" { "en" } else { slug };
    options.env.insert("COOPFED_LANGUAGE".into(), language.into());
    // The fixtures are written for this day.
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    TestInstance::spawn(binary(), db, options).await
}

/// `(follower, target, state, partner)` rows of `coopfed follows`.
fn follows(instance: &TestInstance) -> Vec<(String, String, String, bool)> {
    let output = instance.cli(&["follows"], None).success();
    output
        .stdout
        .lines()
        .skip(1)
        .filter_map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                [follower, target, state, rest @ ..] => Some((
                    (*follower).to_owned(),
                    (*target).to_owned(),
                    (*state).to_owned(),
                    rest.first() == Some(&"yes"),
                )),
                _ => None,
            }
        })
        .collect()
}

async fn followers_of(instance: &TestInstance, path: &str) -> i64 {
    let doc: Value = client().get(instance.url(path)).send().await.unwrap().json().await.unwrap();
    doc["totalItems"].as_i64().unwrap()
}

async fn networks_become_partners_and_part(db: TestDatabase) {
    let (cotech_port, fr_port) = (free_port(), free_port());
    let resolve = format!("cotech.test=127.0.0.1:{cotech_port},fr.test=127.0.0.1:{fr_port}");
    let cotech = start_network(&db, "cotech", cotech_port, &resolve).await;
    let fr_db = db.sibling();
    let fr = start_network(&fr_db, "fr", fr_port, &resolve).await;
    let (cotech_actor, fr_actor) = ("http://cotech.test/networks/cotech", "http://fr.test/networks/fr");

    let out = cotech.cli(&["follow", "@fr@fr.test"], None).success();
    assert!(out.stdout.contains("asked to follow http://fr.test/networks/fr (pending)"), "{}", out.stdout);
    let accepted = |rows: &[(String, String, String, bool)], follower: &str, target: &str| {
        rows.iter().any(|(f, t, s, _)| f == follower && t == target && s == "accepted")
    };
    wait_until("cotech's follow of fr to be accepted", Duration::from_secs(20), || async {
        accepted(&follows(&cotech), cotech_actor, fr_actor).then_some(())
    })
    .await;
    assert!(accepted(&follows(&fr), cotech_actor, fr_actor), "fr records the follower");
    assert_eq!(followers_of(&fr, "/networks/fr/followers").await, 1);

    fr.cli(&["follow", "@cotech@cotech.test"], None).success();
    wait_until("cotech and fr to be partners on both sides", Duration::from_secs(20), || async {
        let both = follows(&cotech).iter().all(|row| row.3) && follows(&fr).iter().all(|row| row.3);
        (both && follows(&cotech).len() == 2 && follows(&fr).len() == 2).then_some(())
    })
    .await;

    // The follow shows in the delivery queue as delivered, once.
    let listing = cotech.cli(&["deliveries", "list"], None).success().stdout;
    assert!(listing.lines().any(|l| l.contains("delivered") && l.contains("Follow")), "{listing}");

    cotech.cli(&["unfollow", "@fr@fr.test"], None).success();
    wait_until("fr to drop cotech as follower", Duration::from_secs(20), || async {
        (followers_of(&fr, "/networks/fr/followers").await == 0).then_some(())
    })
    .await;
    assert!(follows(&fr).iter().all(|row| !row.3), "no longer partners");
    drop(fr);
    drop(fr_db);
}

/// A request that must be refused (or, for a replay, change nothing):
/// (what, body, headers, expected status).
type HostileCase = (&'static str, Vec<u8>, Vec<(&'static str, String)>, StatusCode);

async fn hostile_inbox_requests_store_nothing(db: TestDatabase) {
    let remote = FakeRemote::start("remote.test", &["alice", "mallory"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let jobs = "http://cotech.test/groups/jobs";
    let inbox = "/groups/jobs/inbox";
    let host = "cotech.test";

    // A good Follow is stored, accepted, and answered.
    let good = follow_from(&remote, "alice", "follow-1", jobs);
    let headers = remote.sign("alice", "POST", inbox, host, Some(&good));
    let response = post(&instance, inbox, good.clone(), &headers).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    wait_until("the Accept to reach the fake server", Duration::from_secs(20), || async {
        remote.received().iter().find(|a| a["type"] == "Accept").cloned()
    })
    .await;
    assert_eq!(followers_of(&instance, "/groups/jobs/followers").await, 1);
    let stored = db.count("inbox_activities");
    let actors = db.count("actors");
    assert_eq!(stored, 1);

    let mut cases: Vec<HostileCase> = Vec::new();
    // Replay of the same activity: accepted, changes nothing.
    cases.push(("replayed activity", good.clone(), headers.clone(), StatusCode::ACCEPTED));
    let body = follow_from(&remote, "alice", "follow-2", jobs);
    // No signature at all.
    cases.push(("no signature", body.clone(), Vec::new(), StatusCode::UNAUTHORIZED));
    // Signed for another path.
    cases.push((
        "bad signature",
        body.clone(),
        remote.sign("alice", "POST", "/inbox", host, Some(&body)),
        StatusCode::UNAUTHORIZED,
    ));
    // Body changed after signing.
    let tampered = follow_from(&remote, "alice", "follow-3", jobs);
    cases.push((
        "wrong digest",
        tampered,
        remote.sign("alice", "POST", inbox, host, Some(&body)),
        StatusCode::UNAUTHORIZED,
    ));
    // Signed 13 hours ago.
    let old = SystemTime::now() - Duration::from_secs(13 * 3600);
    cases.push((
        "stale date",
        body.clone(),
        remote.sign_at("alice", "POST", inbox, host, Some(&body), old),
        StatusCode::UNAUTHORIZED,
    ));
    // Alice's activity signed with Mallory's key.
    cases.push((
        "key of another actor",
        body.clone(),
        remote.sign("mallory", "POST", inbox, host, Some(&body)),
        StatusCode::UNAUTHORIZED,
    ));
    // A Create of an object that lives on another domain.
    let foreign = json!({
        "id": format!("{}/activities/create-1", remote.base),
        "type": "Create",
        "actor": remote.actor_id("alice"),
        "object": { "id": "http://cotech.test/jobs/forged", "type": "Page", "name": "Forged" },
    })
    .to_string()
    .into_bytes();
    let signed = remote.sign("alice", "POST", inbox, host, Some(&foreign));
    cases.push(("object id on a foreign domain", foreign, signed, StatusCode::FORBIDDEN));
    // Not JSON.
    let malformed = b"{\"type\": \"Follow\",".to_vec();
    let signed = remote.sign("alice", "POST", inbox, host, Some(&malformed));
    cases.push(("malformed JSON", malformed, signed, StatusCode::BAD_REQUEST));
    // Over 1 MiB.
    let huge = format!("{{\"padding\": \"{}\"}}", "x".repeat(1024 * 1024)).into_bytes();
    cases.push(("oversize body", huge, Vec::new(), StatusCode::PAYLOAD_TOO_LARGE));

    for (what, body, headers, status) in cases {
        let response = post(&instance, inbox, body, &headers).await;
        assert_eq!(response.status(), status, "{what}");
        if status != StatusCode::ACCEPTED {
            expect_error(response, status).await;
        }
        assert_eq!(db.count("inbox_activities"), stored, "{what} stored an activity");
        assert_eq!(db.count("actors"), actors, "{what} stored an actor");
    }
    assert_eq!(followers_of(&instance, "/groups/jobs/followers").await, 1);
    let accepts = remote.received().iter().filter(|a| a["type"] == "Accept").count();
    assert_eq!(accepts, 1, "the replay was not answered again");

    // Without development mode, an actor on a private address is never fetched.
    let private = FakeRemote::start_at_own_address("https", &["eve"]).await;
    let strict_db = db.sibling();
    let mut strict = InstanceOptions::network("fr");
    strict.dev_federation = false;
    let strict = TestInstance::spawn(binary(), &strict_db, strict).await;
    let body = json!({
        "id": format!("{}/activities/1", private.base),
        "type": "Follow",
        "actor": private.actor_id("eve"),
        "object": "https://fr.test/groups/jobs",
    })
    .to_string()
    .into_bytes();
    let headers = private.sign("eve", "POST", inbox, "fr.test", Some(&body));
    let response = post(&strict, inbox, body, &headers).await;
    let code = expect_error(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(code, "bad_signature");
    assert_eq!(strict_db.count("inbox_activities"), 0);
    assert!(strict.log().contains("not allowed"), "{}", strict.log());
}

/// Starts networks on free ports, resolving each other's `.test` domains.
pub(crate) async fn start_federation(db: &TestDatabase, slugs: &[&str]) -> (Vec<TestInstance>, Vec<TestDatabase>) {
    let ports: Vec<u16> = slugs.iter().map(|_| free_port()).collect();
    let resolve: Vec<String> = slugs.iter().zip(&ports).map(|(s, p)| format!("{s}.test=127.0.0.1:{p}")).collect();
    let resolve = resolve.join(",");
    let mut instances = Vec::new();
    let mut dbs = Vec::new();
    for (slug, port) in slugs.iter().zip(&ports) {
        let own = db.sibling();
        instances.push(start_network(&own, slug, *port, &resolve).await);
        dbs.push(own);
    }
    (instances, dbs)
}

/// Makes every pair of networks partners (mutual follows) and waits for it.
pub(crate) async fn make_partners(instances: &[TestInstance], slugs: &[&str]) {
    for (i, instance) in instances.iter().enumerate() {
        for (j, slug) in slugs.iter().enumerate() {
            if i != j {
                instance.cli(&["follow", &format!("@{slug}@{slug}.test")], None).success();
            }
        }
    }
    let expected = slugs.len() - 1;
    for instance in instances {
        wait_until("every network to be partners with every other", Duration::from_secs(30), || async {
            let partner_rows = follows(instance).iter().filter(|row| row.3).count();
            (partner_rows == 2 * expected).then_some(())
        })
        .await;
    }
}

pub(crate) async fn jobs_on(instance: &TestInstance) -> Vec<Value> {
    let page: Value = client().get(instance.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    page["items"].as_array().cloned().unwrap_or_default()
}

pub(crate) fn add_job(instance: &TestInstance, title: &str, to_all: bool) -> String {
    let mut args = vec![
        "jobs",
        "add",
        "--member",
        "outlandish",
        "--title",
        title,
        "--description",
        "We build digital tools for co-operatives.\n\nWork from Leeds or remotely.",
        "--employment-type",
        "full_time",
        "--valid-through",
        "2099-12-31",
        "--apply-url",
        "https://outlandish.example/jobs",
        "--remote",
        "--skills",
        "rust,web-development",
    ];
    if to_all {
        args.push("--to-all");
    }
    let out = instance.cli(&args, None).success().stdout;
    out.split_whitespace().nth(1).unwrap().to_owned()
}

async fn a_job_published_to_all_reaches_every_partner(db: TestDatabase) {
    let slugs = ["cotech", "de", "nl", "fr"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    make_partners(&instances, &slugs).await;
    let cotech = &instances[0];
    cotech.cli(&["members", "add", "outlandish", "--name", "Outlandish", "--country", "GB"], None).success();

    let job_id = add_job(cotech, "Rust developer", true);
    assert!(job_id.starts_with("http://cotech.test/jobs/"), "{job_id}");
    // Listed once on every instance, with the group that accepted it.
    for (instance, slug) in instances.iter().zip(slugs) {
        let all: Vec<&TestInstance> = instances.iter().collect();
        let jobs = wait_for(&all, &format!("the job to be listed on {slug}"), Duration::from_secs(30), || async {
            let jobs = jobs_on(instance).await;
            (!jobs.is_empty()).then_some(jobs)
        })
        .await;
        assert_eq!(jobs.len(), 1, "{slug}: {jobs:?}");
        let job = &jobs[0];
        assert_eq!(job["id"], job_id);
        assert_eq!(job["title"], "Rust developer");
        assert_eq!(job["network"]["domain"], "cotech.test");
        assert_eq!(job["member"]["actor"], "http://cotech.test/members/outlandish");
        assert_eq!(job["local"], slug == "cotech");
        assert_eq!(job["provenance"], json!([format!("http://{slug}.test/groups/jobs")]), "{slug}");
    }
    // Partners find it by a skill named in another language than the one it was published in.
    for (instance, label) in
        instances.iter().zip(["Web development", "Webentwicklung", "Webontwikkeling", "Développement web"])
    {
        let url = format!("/api/v1/jobs?skill={label}");
        let found: Value = client().get(instance.url(&url)).send().await.unwrap().json().await.unwrap();
        let ids: Vec<&str> = found["items"].as_array().unwrap().iter().filter_map(|j| j["id"].as_str()).collect();
        assert_eq!(ids, [job_id.as_str()], "{label}: {found}");
        let other: Value =
            client().get(instance.url("/api/v1/jobs?skill=accessibility")).send().await.unwrap().json().await.unwrap();
        assert_eq!(other["items"], json!([]), "{label}");
    }

    // An edit shows everywhere.
    cotech
        .cli(
            &[
                "jobs",
                "update",
                &job_id,
                "--title",
                "Senior Rust developer",
                "--description",
                "Still co-operative.",
                "--employment-type",
                "part_time",
                "--valid-through",
                "2099-12-31",
                "--apply-url",
                "https://outlandish.example/jobs",
                "--to-all",
            ],
            None,
        )
        .success();
    for (instance, slug) in instances.iter().zip(slugs) {
        wait_until(&format!("the edit to reach {slug}"), Duration::from_secs(30), || async {
            let jobs = jobs_on(instance).await;
            (jobs.len() == 1
                && jobs[0]["title"] == "Senior Rust developer"
                && jobs[0]["employment_type"] == "part_time")
                .then_some(())
        })
        .await;
    }

    // A job that is not published to all stays home.
    let local_only = add_job(cotech, "Local bookkeeper", false);
    // A delete removes the first one everywhere.
    cotech.cli(&["jobs", "delete", &job_id], None).success();
    for (instance, slug) in instances.iter().zip(slugs) {
        wait_until(&format!("the delete to reach {slug}"), Duration::from_secs(30), || async {
            let jobs = jobs_on(instance).await;
            let ids: Vec<&str> = jobs.iter().filter_map(|j| j["id"].as_str()).collect();
            let expected: Vec<&str> = if slug == "cotech" { vec![local_only.as_str()] } else { Vec::new() };
            (ids == expected).then_some(())
        })
        .await;
    }
    let gone = client().get(cotech.url(&job_id.replace("http://cotech.test", ""))).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::GONE);
}

async fn members_on(instance: &TestInstance) -> Vec<Value> {
    let page: Value = client().get(instance.url("/api/v1/members")).send().await.unwrap().json().await.unwrap();
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Names of the mirrored (not local) member co-ops listed on an instance.
async fn mirrored_names(instance: &TestInstance) -> Vec<String> {
    members_on(instance)
        .await
        .iter()
        .filter(|m| m["local"] == false)
        .filter_map(|m| m["name"].as_str().map(str::to_owned))
        .collect()
}

async fn partner_member_listings_are_mirrored(db: TestDatabase) {
    let slugs = ["cotech", "fr"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    let (cotech, fr) = (&instances[0], &instances[1]);
    // A member from before the partnership arrives with the first full sync.
    cotech
        .cli(
            &[
                "members",
                "add",
                "outlandish",
                "--name",
                "Outlandish",
                "--website",
                "https://outlandish.example/",
                "--country",
                "GB",
            ],
            None,
        )
        .success();
    make_partners(&instances, &slugs).await;
    let members = wait_until("fr to mirror cotech's members", Duration::from_secs(30), || async {
        let members = members_on(fr).await;
        members.iter().any(|m| m["slug"] == "outlandish").then_some(members)
    })
    .await;
    let outlandish = members.iter().find(|m| m["slug"] == "outlandish").unwrap();
    assert_eq!(outlandish["local"], false);
    assert_eq!(outlandish["network"]["domain"], "cotech.test");
    assert_eq!(outlandish["network"]["slug"], "cotech");
    assert_eq!(outlandish["website"], "https://outlandish.example/");
    assert_eq!(outlandish["country"], "GB");
    assert_eq!(outlandish["actor"], "http://cotech.test/members/outlandish");

    let known: Value = client().get(fr.url("/api/v1/networks")).send().await.unwrap().json().await.unwrap();
    let known = known.as_array().unwrap();
    assert!(known.iter().any(|n| n["slug"] == "fr" && n["local"] == true && n["partner"] == false), "{known:?}");
    assert!(
        known.iter().any(|n| n["slug"] == "cotech" && n["domain"] == "cotech.test" && n["partner"] == true),
        "{known:?}"
    );

    // A new member is added everywhere (Add), a changed profile updated (Update),
    // a removed member removed (Remove).
    cotech.cli(&["members", "add", "agile-collective", "--name", "Agile Collective"], None).success();
    wait_until("the new member to be mirrored", Duration::from_secs(30), || async {
        mirrored_names(fr).await.contains(&"Agile Collective".to_owned()).then_some(())
    })
    .await;
    cotech.cli(&["members", "update", "outlandish", "--name", "Outlandish Co-op", "--country", "GB"], None).success();
    wait_until("the profile change to be mirrored", Duration::from_secs(30), || async {
        mirrored_names(fr).await.contains(&"Outlandish Co-op".to_owned()).then_some(())
    })
    .await;
    cotech.cli(&["members", "remove", "agile-collective"], None).success();
    wait_until("the removal to be mirrored", Duration::from_secs(30), || async {
        (mirrored_names(fr).await == vec!["Outlandish Co-op".to_owned()]).then_some(())
    })
    .await;
    // The local directory is untouched by the mirror.
    let fr_local: Vec<Value> = members_on(fr).await.into_iter().filter(|m| m["local"] == true).collect();
    assert!(fr_local.is_empty());
    // One page at a time, local co-ops come first, then the partners'.
    for slug in ["scop-b", "scop-a"] {
        fr.cli(&["members", "add", slug, "--name", slug], None).success();
    }
    let (paged, pages) = member_pages(fr, "", 1).await;
    let order: Vec<(bool, &str)> =
        paged.iter().map(|m| (m["local"] == true, m["slug"].as_str().unwrap_or_default())).collect();
    assert_eq!(order, [(true, "scop-a"), (true, "scop-b"), (false, "outlandish")]);
    assert_eq!(pages, 3);
}

async fn admin_api(
    instance: &TestInstance,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = client().request(method, instance.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn partnership_by_review_through_the_admin_api(db: TestDatabase) {
    let (cotech_port, fr_port) = (free_port(), free_port());
    let resolve = format!("cotech.test=127.0.0.1:{cotech_port},fr.test=127.0.0.1:{fr_port}");
    let cotech = start_network(&db, "cotech", cotech_port, &resolve).await;
    let fr_db = db.sibling();
    let mut fr_options = InstanceOptions::network("fr");
    fr_options.bind = Some(format!("127.0.0.1:{fr_port}"));
    fr_options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.clone());
    fr_options.env.insert("COOPFED_PARTNER_POLICY".into(), "review".into());
    let fr = TestInstance::spawn(binary(), &fr_db, fr_options).await;
    let cotech_token = cotech.printed("API token:").unwrap();
    let fr_token = fr.printed("API token:").unwrap();
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;

    // Only admins, only with credentials.
    let anonymous = client().get(cotech.url("/api/v1/admin/follows")).send().await.unwrap();
    expect_error(anonymous, StatusCode::UNAUTHORIZED).await;
    let editor_token = crate::support::editor_token(&cotech, "editor", None, "a long enough password");
    let forbidden = admin_api(&cotech, get.clone(), "/api/v1/admin/follows", &editor_token, None).await;
    expect_error(forbidden, StatusCode::FORBIDDEN).await;
    let bad =
        admin_api(&cotech, post.clone(), "/api/v1/admin/follows", &cotech_token, Some(json!({"handle": "nobody"})))
            .await;
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await;

    let response = admin_api(
        &cotech,
        post.clone(),
        "/api/v1/admin/follows",
        &cotech_token,
        Some(json!({"handle": "@fr@fr.test"})),
    )
    .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["state"], "pending");

    // fr reviews: the request waits until its admin accepts it.
    let request = wait_until("the follow request to wait for review on fr", Duration::from_secs(30), || async {
        let follows: Value =
            admin_api(&fr, get.clone(), "/api/v1/admin/follows", &fr_token, None).await.json().await.ok()?;
        follows.as_array()?.iter().find(|f| f["state"] == "pending").cloned()
    })
    .await;
    assert_eq!(request["follower"], "http://cotech.test/networks/cotech");
    let listing: Value =
        admin_api(&cotech, get.clone(), "/api/v1/admin/follows", &cotech_token, None).await.json().await.unwrap();
    assert_eq!(listing[0]["state"], "pending", "no Accept was sent before the review");
    let path = format!("/api/v1/admin/follows/{}/accept", request["id"].as_str().unwrap());
    let decided = admin_api(&fr, post.clone(), &path, &fr_token, None).await;
    assert_eq!(decided.status(), StatusCode::OK);
    wait_until("cotech's follow to be accepted", Duration::from_secs(30), || async {
        let listing: Value =
            admin_api(&cotech, get.clone(), "/api/v1/admin/follows", &cotech_token, None).await.json().await.ok()?;
        (listing[0]["state"] == "accepted").then_some(())
    })
    .await;
    let again = admin_api(&fr, post.clone(), &path, &fr_token, None).await;
    expect_error(again, StatusCode::CONFLICT).await;

    // The queue and the hosts are visible.
    let queue: Value =
        admin_api(&cotech, get.clone(), "/api/v1/admin/deliveries", &cotech_token, None).await.json().await.unwrap();
    assert!(
        queue["items"].as_array().unwrap().iter().any(|d| d["kind"] == "Follow" && d["state"] == "delivered"),
        "{queue}"
    );
    assert!(queue["counts"]["delivered"].as_i64().unwrap() >= 1);
    let retried: Value =
        admin_api(&cotech, post.clone(), "/api/v1/admin/deliveries/retry", &cotech_token, Some(json!({})))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(retried["retried"], 0, "nothing failed");
    let hosts: Value =
        admin_api(&cotech, get.clone(), "/api/v1/admin/hosts", &cotech_token, None).await.json().await.unwrap();
    let fr_host = hosts["items"].as_array().unwrap().iter().find(|h| h["host"] == "fr.test").unwrap();
    assert_eq!(fr_host["state"], "ok", "{hosts}");
    let timed = fr_host["lag_samples"].as_u64().unwrap() >= 1 && fr_host["lag_p50_seconds"].as_f64().unwrap() >= 0.0;
    assert!(timed, "{hosts}");
    let nothing = admin_api(&cotech, post.clone(), "/api/v1/admin/deliveries/give-up", &cotech_token, Some(json!({})));
    assert_eq!(expect_error(nothing.await, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");

    // fr ends it: its follower is removed (a Reject), and cotech hears it.
    let delete = reqwest::Method::DELETE;
    let ended = admin_api(&fr, delete.clone(), "/api/v1/admin/partners/cotech.test", &fr_token, None).await;
    assert_eq!(ended.status(), StatusCode::OK);
    wait_until("cotech's follow of fr to be rejected", Duration::from_secs(30), || async {
        let listing: Value =
            admin_api(&cotech, get.clone(), "/api/v1/admin/follows", &cotech_token, None).await.json().await.ok()?;
        (listing[0]["state"] == "rejected").then_some(())
    })
    .await;
    let none = admin_api(&fr, delete, "/api/v1/admin/partners/cotech.test", &fr_token, None).await;
    expect_error(none, StatusCode::NOT_FOUND).await;
    let audit = fr.cli(&["audit", "--action", "partner"], None).success().stdout;
    assert!(audit.contains("partner.end") && audit.contains("cotech.test"), "{audit}");
}

async fn inboxes_limit_each_remote_host(db: TestDatabase) {
    let remote = FakeRemote::start("remote.test", &["alice"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    options.env.insert("COOPFED_INBOX_RATE_PER_MINUTE".into(), "1".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let inbox = "/groups/jobs/inbox";
    let mut statuses = Vec::new();
    for i in 0..3 {
        let body = follow_from(&remote, "alice", &format!("rate-{i}"), "http://cotech.test/groups/jobs");
        let headers = remote.sign("alice", "POST", inbox, "cotech.test", Some(&body));
        let response = post(&instance, inbox, body, &headers).await;
        let retry_after = response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        statuses.push((response.status(), retry_after));
    }
    // A burst of two, then 429 with a Retry-After.
    assert_eq!(statuses[0].0, StatusCode::ACCEPTED);
    assert_eq!(statuses[1].0, StatusCode::ACCEPTED);
    assert_eq!(statuses[2].0, StatusCode::TOO_MANY_REQUESTS);
    assert!(statuses[2].1.as_deref().and_then(|s| s.parse::<u64>().ok()).is_some_and(|s| s >= 1), "{statuses:?}");
    assert_eq!(db.count("inbox_activities"), 2);
}

async fn announcements_on(instance: &TestInstance) -> Vec<Value> {
    let page: Value = client().get(instance.url("/api/v1/announcements")).send().await.unwrap().json().await.unwrap();
    page["items"].as_array().cloned().unwrap_or_default()
}

fn event_args(title: &str) -> Vec<&str> {
    vec![
        "--member",
        "outlandish",
        "--title",
        title,
        "--content",
        "Two days of hacking on shared tools.",
        "--event",
        "--start",
        "2027-03-13T10:00:00+00:00",
        "--end",
        "2027-03-14T17:00:00+00:00",
        "--timezone",
        "Europe/London",
        "--place",
        "Leeds Community Centre",
        "--city",
        "Leeds",
        "--country",
        "GB",
        "--to-all",
    ]
}

async fn news_and_events_reach_every_partner(db: TestDatabase) {
    let slugs = ["cotech", "fr"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    let (cotech, fr) = (&instances[0], &instances[1]);
    make_partners(&instances, &slugs).await;
    cotech.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();

    let news = cotech
        .cli(&["news", "add", "--title", "CoTech gathering report", "--content", "It went well.", "--to-all"], None)
        .success()
        .stdout;
    let news_id = news.split_whitespace().nth(1).unwrap().to_owned();
    let mut args = vec!["news", "add"];
    args.extend(event_args("Hack weekend"));
    let event = cotech.cli(&args, None).success().stdout;
    let event_id = event.split_whitespace().nth(1).unwrap().to_owned();

    let all: Vec<&TestInstance> = instances.iter().collect();
    let items = wait_for(&all, "news and the event on fr", Duration::from_secs(30), || async {
        let items = announcements_on(fr).await;
        (items.len() == 2).then_some(items)
    })
    .await;
    let news_item = items.iter().find(|i| i["id"] == news_id.as_str()).unwrap();
    assert_eq!(news_item["kind"], "news");
    assert_eq!(news_item["network"]["domain"], "cotech.test");
    assert_eq!(news_item["provenance"], json!(["http://fr.test/groups/news"]));
    let event_item = items.iter().find(|i| i["id"] == event_id.as_str()).unwrap();
    assert_eq!(event_item["kind"], "event");
    assert_eq!(event_item["starts_at"], "2027-03-13T10:00:00Z");
    assert_eq!(event_item["ends_at"], "2027-03-14T17:00:00Z");
    assert_eq!(event_item["timezone"], "Europe/London");
    assert_eq!(event_item["city"], "Leeds");
    assert_eq!(event_item["location"], "Leeds Community Centre");
    assert_eq!(event_item["local"], false);

    // The event's own document is Mobilizon-shaped.
    let path = event_id.replace("http://cotech.test", "");
    let document: Value = client()
        .get(cotech.url(&path))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["type"], "Event");
    assert_eq!(document["startTime"], "2027-03-13T10:00:00Z");
    assert_eq!(document["location"]["type"], "Place");
    assert_eq!(document["attributedTo"], "http://cotech.test/members/outlandish");

    let mut args = vec!["news", "update", event_id.as_str()];
    args.extend(event_args("Hack weekend (moved)"));
    cotech.cli(&args, None).success();
    cotech.cli(&["news", "delete", &news_id], None).success();
    wait_for(&all, "the edit and the withdrawal on fr", Duration::from_secs(30), || async {
        let items = announcements_on(fr).await;
        (items.len() == 1 && items[0]["title"] == "Hack weekend (moved)").then_some(())
    })
    .await;
}

async fn inbox_edge_cases(db: TestDatabase) {
    let remote = FakeRemote::start("remote.test", &["alice"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    options.env.insert("COOPFED_KEY_REFETCH_SECS".into(), "1".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let inbox = "/groups/jobs/inbox";
    let host = "cotech.test";
    let jobs = "http://cotech.test/groups/jobs";

    // A type coopfed does not handle is answered 202 and not stored.
    let like = json!({
        "id": format!("{}/activities/like-1", remote.base),
        "type": "Like",
        "actor": remote.actor_id("alice"),
        "object": jobs,
    })
    .to_string()
    .into_bytes();
    assert_eq!(send_signed(&instance, &remote, inbox, like).await.status(), StatusCode::ACCEPTED);
    assert_eq!(db.count("inbox_activities"), 0);

    // An actor never seen here that deletes itself (its key gone, as after a
    // real account deletion): 202, nothing fetched, nothing stored.
    let fetches = remote.fetches();
    let gone = format!("{}/users/gone", remote.base);
    let farewell = json!({
        "id": format!("{gone}#delete"),
        "type": "Delete",
        "actor": gone,
        "object": gone,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    })
    .to_string()
    .into_bytes();
    let headers = remote.sign("alice", "POST", "/inbox", host, Some(&farewell));
    assert_eq!(post(&instance, "/inbox", farewell, &headers).await.status(), StatusCode::ACCEPTED);
    assert_eq!(remote.fetches(), fetches, "no key fetched for an unknown actor's farewell");
    assert_eq!(db.count("inbox_activities"), 0);

    // An RFC 9421 signature is answered 401, so that Fedify-based senders fall back to draft-cavage.
    let body = follow_from(&remote, "alice", "rfc9421", jobs);
    let date =
        remote.sign("alice", "POST", inbox, host, Some(&body)).into_iter().find(|(k, _)| *k == "Date").unwrap().1;
    let rfc9421 = vec![
        ("Date", date),
        ("Content-Digest", "sha-256=:AAAA:".to_owned()),
        (
            "Signature-Input",
            format!(
                "sig1=(\"@method\" \"@target-uri\" \"content-digest\");keyid=\"{}#main-key\";alg=\"rsa-v1_5-sha256\"",
                remote.actor_id("alice")
            ),
        ),
        ("Signature", "sig1=:AAAA:".to_owned()),
    ];
    let response = post(&instance, inbox, body, &rfc9421).await;
    assert_eq!(expect_error(response, StatusCode::UNAUTHORIZED).await, "bad_signature");
    assert_eq!(db.count("inbox_activities"), 0);

    // Alice is known; after a key rotation her actor is fetched again, once
    // the stored key's trusted time (`COOPFED_KEY_REFETCH_SECS`, 1 s here) is
    // over, and the request verifies.
    let first = follow_from(&remote, "alice", "before-rotation", jobs);
    assert_eq!(send_signed(&instance, &remote, inbox, first).await.status(), StatusCode::ACCEPTED);
    remote.rotate_key("alice");
    let fetches = remote.fetches();
    wait_until("the rotated key to be fetched and verify", Duration::from_secs(20), || async {
        let rotated = follow_from(&remote, "alice", "after-rotation", jobs);
        (send_signed(&instance, &remote, inbox, rotated).await.status() == StatusCode::ACCEPTED).then_some(())
    })
    .await;
    assert_eq!(remote.fetches(), fetches + 1, "fetched again once");
    assert_eq!(db.count("inbox_activities"), 2);

    // A blocked domain is refused and leaves no trace.
    let blocked_db = db.sibling();
    let mut options = InstanceOptions::network("fr");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    options.env.insert("COOPFED_BLOCKED_DOMAINS".into(), "remote.test".into());
    let blocked = TestInstance::spawn(binary(), &blocked_db, options).await;
    let body = follow_from(&remote, "alice", "blocked", "http://fr.test/groups/jobs");
    let headers = remote.sign("alice", "POST", inbox, "fr.test", Some(&body));
    let response = post(&blocked, inbox, body, &headers).await;
    assert_eq!(expect_error(response, StatusCode::FORBIDDEN).await, "forbidden");
    assert_eq!(blocked_db.count("inbox_activities"), 0);
    assert_eq!(blocked_db.count("actors"), 4, "only the instance's own actors");
}

async fn get_json(instance: &TestInstance, path: &str) -> Value {
    let response = client().get(instance.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// The demo federation: each network imports its fixtures with one command
/// per file, the four become partners, and every instance shows the whole
/// federation's directory and job board, by API and feed.
async fn the_demo_federation_from_the_fixtures(db: TestDatabase) {
    let slugs = ["cotech", "de", "nl", "fr"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    // Three networks are partners before anything is imported; the fourth
    // joins afterwards and catches up with what the others share, and they with it.
    make_partners(&instances[..3], &slugs[..3]).await;
    for (instance, slug) in instances.iter().zip(slugs) {
        for kind in ["members", "jobs", "announcements"] {
            instance.cli(&["import", kind, &fixture(&format!("{kind}/{slug}.yaml"))], None).success();
        }
    }
    let fr = &instances[3];
    for (instance, slug) in instances[..3].iter().zip(slugs) {
        instance.cli(&["follow", "@fr@fr.test"], None).success();
        fr.cli(&["follow", &format!("@{slug}@{slug}.test")], None).success();
    }
    // Members per network: 35, 17, 7 and 26. Current offers: 7 per network, of
    // which 1, 2, 1 and 2 go to every partner. One event per network goes to
    // all; those of de and fr are over by the fixtures' day, so fr, joining
    // late, is not sent de's, nor do the others catch up with fr's: each
    // network lists its 5 announcements and 2 partner events.
    let partner_jobs = [5, 4, 5, 4];
    let all: Vec<&TestInstance> = instances.iter().collect();
    for ((instance, slug), partner_jobs) in instances.iter().zip(slugs).zip(partner_jobs) {
        let expected = (85, 7 + partner_jobs, 5 + 2);
        let what = format!("{slug} to list the federation's co-ops, offers and announcements");
        wait_for(&all, &what, Duration::from_secs(90), || async {
            let (members, _) = member_pages(instance, "", 500).await;
            let jobs = jobs_on(instance).await;
            let news = get_json(instance, "/api/v1/announcements").await;
            let counts = (members.len(), jobs.len(), news["items"].as_array().map_or(0, Vec::len));
            (counts == expected).then_some(())
        })
        .await;
    }
    // What each network shares with all partners: current offers published
    // to all (not the expired ones, nor those kept at home), and its event
    // while it has not ended.
    for ((instance, shared_jobs), shared_events) in instances.iter().zip([1, 2, 1, 2]).zip([1, 0, 1, 0]) {
        assert_eq!(get_json(instance, "/groups/jobs/shared").await["totalItems"], shared_jobs);
        let page = get_json(instance, "/groups/news/shared?page=true").await;
        assert_eq!(page["orderedItems"].as_array().map(Vec::len), Some(shared_events), "{page}");
    }
    let nl = &instances[2];
    // Who does what, across Europe: Drupal shops of every network, listed on nl.
    let (drupal, _) = member_pages(nl, "skill=drupal", 10).await;
    let networks: std::collections::BTreeSet<&str> =
        drupal.iter().filter_map(|m| m["network"]["domain"].as_str()).collect();
    assert!(networks.len() >= 2 && networks.contains("cotech.test"), "{networks:?}");
    // The German offer found on the French instance by the skill's French label.
    let web = get_json(fr, "/api/v1/jobs?skill=D%C3%A9veloppement%20web&network=de.test").await;
    let titles: Vec<&str> = web["items"].as_array().unwrap().iter().filter_map(|j| j["title"].as_str()).collect();
    assert_eq!(titles, ["Webentwickler*in für freie Software (Python/Django)"], "{web}");
    assert_eq!(web["items"][0]["provenance"], json!(["http://fr.test/groups/jobs"]));
    // The feeds carry it too: the federated job board, and one network's.
    let feed =
        |path: &'static str| async move { client().get(nl.url(path)).send().await.unwrap().text().await.unwrap() };
    let board = feed("/feeds/jobs.atom").await;
    assert!(board.contains("Webentwickler*in für freie Software") && board.contains("Rust developer (data platforms)"));
    let german = feed("/feeds/jobs.atom?network=de.test").await;
    assert!(german.contains("Webentwickler*in") && !german.contains("Rust developer"), "{german}");
    let events = feed("/feeds/events.ics").await;
    assert_eq!(events.matches("BEGIN:VEVENT").count(), events.matches("END:VEVENT").count());
    let partner_events = get_json(nl, "/api/v1/announcements?kind=event&network=cotech.test").await;
    assert_eq!(partner_events["items"].as_array().map(Vec::len), Some(1), "{partner_events}");
    // The partner's event arrived with its translations: nl shows it in Dutch.
    let news = client()
        .get(nl.url("/news?kind=event&network=cotech.test"))
        .header("Accept-Language", "nl")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(news.contains("CoTech-winterbijeenkomst 2027") && !news.contains("CoTech Winter Gathering 2027"), "{news}");
}

/// A co-op that leaves: its followers get a `Delete` of it, and once that is
/// delivered its actor and WebFinger answer 410.
async fn a_removed_co_op_tells_its_followers_and_goes(db: TestDatabase) {
    let remote = FakeRemote::start("remote.test", &["alice"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    let actor = "http://cotech.test/members/outlandish";
    let body = follow_from(&remote, "alice", "follow-coop", actor);
    let inbox = "/members/outlandish/inbox";
    let headers = remote.sign("alice", "POST", inbox, "cotech.test", Some(&body));
    assert_eq!(post(&instance, inbox, body, &headers).await.status(), StatusCode::ACCEPTED);
    wait_until("the Accept to reach the follower", Duration::from_secs(20), || async {
        remote.received().iter().any(|a| a["type"] == "Accept").then_some(())
    })
    .await;

    instance.cli(&["members", "remove", "outlandish"], None).success();
    wait_until("the follower to hear of the removal", Duration::from_secs(20), || async {
        remote
            .received()
            .iter()
            .any(|a| a["type"] == "Delete" && a["object"] == actor && a["actor"] == actor)
            .then_some(())
    })
    .await;
    wait_until("the actor to answer 410", Duration::from_secs(20), || async {
        let response = client()
            .get(instance.url("/members/outlandish"))
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        (response.status() == StatusCode::GONE).then_some(())
    })
    .await;
    let finger = client().get(instance.url("/.well-known/webfinger?resource=acct:outlandish@cotech.test")).send();
    assert_eq!(finger.await.unwrap().status(), StatusCode::GONE);
    let followers = client().get(instance.url("/members/outlandish/followers")).send().await.unwrap();
    assert_eq!(followers.status(), StatusCode::GONE);
    // It takes no new followers.
    let body = follow_from(&remote, "alice", "follow-again", actor);
    let headers = remote.sign("alice", "POST", inbox, "cotech.test", Some(&body));
    assert_eq!(post(&instance, inbox, body, &headers).await.status(), StatusCode::GONE);
    // Back again: the same actor, without the followers it let go.
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    assert_eq!(followers_of(&instance, "/members/outlandish/followers").await, 0);
    let back = client().get(instance.url("/members/outlandish")).header("accept", "application/activity+json").send();
    let back: Value = back.await.unwrap().json().await.unwrap();
    assert_eq!(back["id"], actor);
}

/// A signature whose keyId is not `actor#fragment` (GoToSocial's
/// `…/main-key`) finds the stored actor by its key id: no fetch per request.
async fn a_key_apart_from_its_actor_is_fetched_once(db: TestDatabase) {
    let options = FakeOptions { key_apart: true, ..FakeOptions::default() };
    let remote = FakeRemote::start_with_options("remote.test", &["alice"], options).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let (inbox, jobs) = ("/groups/jobs/inbox", "http://cotech.test/groups/jobs");
    let mut fetched = 0;
    for round in 1..=3 {
        let body = follow_from(&remote, "alice", &format!("follow-{round}"), jobs);
        let headers = remote.sign("alice", "POST", inbox, "cotech.test", Some(&body));
        assert_eq!(post(&instance, inbox, body, &headers).await.status(), StatusCode::ACCEPTED, "round {round}");
        wait_until("the Accept to reach the follower", Duration::from_secs(20), || async {
            (remote.received().iter().filter(|a| a["type"] == "Accept").count() == round).then_some(())
        })
        .await;
        if round == 1 {
            fetched = remote.fetches();
            assert!(fetched >= 1, "the key was fetched once");
        } else {
            assert_eq!(remote.fetches(), fetched, "round {round}: the stored key is found by its id");
        }
    }
}

/// An admin blocks a partner's domain while both run: its offers disappear
/// from the board, the API and the directory at once, what it sends next is
/// refused; the command line removes the block and the running server
/// shows them again.
/// cotech and nl as partners, and an offer of nl's co-op `outlandish`
/// (titled `title`, published to all) listed on cotech.
pub(crate) async fn partners_with_an_offer(db: &TestDatabase, title: &str) -> (Vec<TestInstance>, Vec<TestDatabase>) {
    let slugs = ["cotech", "nl"];
    let (instances, dbs) = start_federation(db, &slugs).await;
    make_partners(&instances, &slugs).await;
    let (cotech, nl) = (&instances[0], &instances[1]);
    nl.cli(&["members", "add", "outlandish", "--name", "Outlandish", "--country", "NL"], None).success();
    add_job(nl, title, true);
    let all: Vec<&TestInstance> = instances.iter().collect();
    wait_for(&all, "the offer to reach cotech", Duration::from_secs(30), || async {
        (jobs_on(cotech).await.len() == 1).then_some(())
    })
    .await;
    (instances, dbs)
}

async fn a_domain_blocked_at_run_time(db: TestDatabase) {
    let (instances, _dbs) = partners_with_an_offer(&db, "Rust developer").await;
    let (cotech, nl) = (&instances[0], &instances[1]);
    let all: Vec<&TestInstance> = instances.iter().collect();
    let admin = cotech.printed("API token:").unwrap();
    let block = client()
        .post(cotech.url("/api/v1/admin/domains"))
        .bearer_auth(&admin)
        .json(&json!({"domain": "NL.test.", "kind": "block", "reason": "spam"}))
        .send()
        .await
        .unwrap();
    assert_eq!(block.status(), StatusCode::CREATED);
    let rule: Value = block.json().await.unwrap();
    assert_eq!((rule["domain"].as_str(), rule["kind"].as_str()), (Some("nl.test"), Some("block")), "{rule}");
    // Hidden at once: board, API, directory.
    assert!(jobs_on(cotech).await.is_empty());
    let board = client().get(cotech.url("/jobs")).send().await.unwrap().text().await.unwrap();
    assert!(!board.contains("Rust developer"));
    let (members, _) = member_pages(cotech, "network=nl.test", 50).await;
    assert!(members.is_empty(), "{members:?}");
    // What nl sends next is refused.
    add_job(nl, "Second offer", true);
    wait_for(&all, "nl's delivery to cotech to be refused", Duration::from_secs(30), || async {
        let out = nl.cli(&["deliveries", "list", "--state", "failed"], None).success().stdout;
        out.contains("http://cotech.test/").then_some(())
    })
    .await;
    let bad = client()
        .post(cotech.url("/api/v1/admin/domains"))
        .bearer_auth(&admin)
        .json(&json!({"domain": "not a domain", "kind": "block"}))
        .send()
        .await
        .unwrap();
    assert_eq!(expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    // The command line lists and removes it; the running server follows.
    let listed = cotech.cli(&["domains", "list"], None).success().stdout;
    assert!(listed.contains("block  nl.test") && listed.contains("spam"), "{listed}");
    cotech.cli(&["domains", "remove", "nl.test"], None).success();
    wait_for(&all, "nl's offer to show again", Duration::from_secs(30), || async {
        (!jobs_on(cotech).await.is_empty()).then_some(())
    })
    .await;
    let audit = cotech.cli(&["audit", "--action", "domain"], None).success().stdout;
    assert!(audit.contains("domain.block") && audit.contains("domain.remove"), "{audit}");
}

/// An admin switches the partner policy to review while the server runs:
/// the next network that asks waits for a decision; the command line shows
/// and changes it back.
async fn policies_changed_at_run_time(db: TestDatabase) {
    let slugs = ["cotech", "fr"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    let (cotech, fr) = (&instances[0], &instances[1]);
    let token = cotech.printed("API token:").unwrap();
    let put = |body: Value| client().put(cotech.url("/api/v1/admin/policies")).bearer_auth(&token).json(&body).send();
    let bad = put(json!({"partner": "sometimes"})).await.unwrap();
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    let set = put(json!({"partner": "review"})).await.unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let set: Value = set.json().await.unwrap();
    assert_eq!((set["partner"].as_str(), set["group"].as_str()), (Some("review"), Some("partners")), "{set}");
    fr.cli(&["follow", "@cotech@cotech.test"], None).success();
    let pending = wait_until("fr's request to wait for review", Duration::from_secs(30), || async {
        let follows = crate::support::get_with_token(cotech, "/api/v1/admin/follows", &token).await?;
        follows.as_array()?.iter().find(|f| f["follower"] == "http://fr.test/networks/fr").cloned()
    })
    .await;
    assert_eq!(pending["state"], "pending", "{pending}");
    let shown = cotech.cli(&["policies"], None).success().stdout;
    assert!(shown.contains("partner policy: review"), "{shown}");
    let changed = cotech.cli(&["policies", "set", "--partner", "auto"], None).success().stdout;
    assert!(changed.contains("partner policy: auto"), "{changed}");
    let audit = cotech.cli(&["audit", "--action", "policy"], None).success().stdout;
    assert!(audit.matches("policy.partner").count() == 2, "{audit}");

    // Under `members`, the jobs group takes offers of co-ops in a partner's directory.
    let set = put(json!({"group": "members"})).await.unwrap();
    assert_eq!(set.json::<Value>().await.unwrap()["group"], "members");
    let accept = format!("/api/v1/admin/follows/{}/accept", pending["id"].as_str().unwrap());
    assert!(client().post(cotech.url(&accept)).bearer_auth(&token).send().await.unwrap().status().is_success());
    cotech.cli(&["follow", "@fr@fr.test"], None).success();
    wait_until("cotech and fr to be partners", Duration::from_secs(30), || async {
        (follows(cotech).iter().filter(|row| row.3).count() == 2).then_some(())
    })
    .await;
    fr.cli(&["members", "add", "outlandish", "--name", "Outlandish", "--country", "FR"], None).success();
    wait_until("fr's co-op to be mirrored", Duration::from_secs(30), || async {
        (mirrored_names(cotech).await == ["Outlandish"]).then_some(())
    })
    .await;
    add_job(fr, "Offer of a listed co-op", true);
    let all: Vec<&TestInstance> = instances.iter().collect();
    wait_for(&all, "the offer to be taken under `members`", Duration::from_secs(30), || async {
        let jobs = jobs_on(cotech).await;
        (jobs.len() == 1 && jobs[0]["provenance"] == json!(["http://cotech.test/groups/jobs"])).then_some(())
    })
    .await;
}
