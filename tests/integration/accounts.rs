//! First admin, one-time login links, sessions with CSRF, passwords and API tokens.

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::support::{
    cli, client, expect_error, hidden_field, log_in, on_both_databases, session_of, set_cookie, start,
};

on_both_databases!(
    first_admin_logs_in_once_and_sets_a_password,
    api_tokens_from_the_cli,
    users_from_the_cli,
    logins_are_throttled_and_forms_take_only_server_made_tokens,
    users_through_the_admin_api
);

async fn me(instance: &TestInstance, authorization: Option<&str>, cookie: Option<&str>) -> reqwest::Response {
    let mut request = client().get(instance.url("/api/v1/me"));
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    if let Some(value) = cookie {
        request = request.header(header::COOKIE, value);
    }
    request.send().await.unwrap()
}

async fn first_admin_logs_in_once_and_sets_a_password(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    let link = instance.printed("one-time login link (24 hours):").expect("login link printed at first start");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    assert!(link.starts_with(&format!("http://{}/login/once?token=cfl_", instance.domain)), "{link}");

    // GET shows a form and sets the CSRF cookie; it does not use the link up.
    let form = http.get(instance.url(&format!("/login/once?token={token}"))).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let csrf_cookie = set_cookie(&form, "coopfed_csrf").unwrap();
    let html = form.text().await.unwrap();
    let csrf = hidden_field(&html, "csrf");
    assert_eq!(csrf, csrf_cookie);

    // Without the CSRF cookie the POST is refused and the link stays usable.
    let forged =
        http.post(instance.url("/login/once")).form(&[("token", &token), ("csrf", &csrf)]).send().await.unwrap();
    assert_eq!(expect_error(forged, StatusCode::FORBIDDEN).await, "forbidden");

    let cookie_header = format!("coopfed_csrf={csrf_cookie}");
    let login = http
        .post(instance.url("/login/once"))
        .header(header::COOKIE, &cookie_header)
        .form(&[("token", &token), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    assert_eq!(login.headers()[header::LOCATION], "/account");
    let raw_cookie = login.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(raw_cookie.contains("HttpOnly") && raw_cookie.contains("SameSite=Lax"), "{raw_cookie}");
    let session = set_cookie(&login, "coopfed_session").unwrap();
    let session_header = format!("coopfed_session={session}");

    // The link works once.
    let again = http
        .post(instance.url("/login/once"))
        .header(header::COOKIE, &cookie_header)
        .form(&[("token", &token), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    let who: Value = me(&instance, None, Some(&session_header)).await.json().await.unwrap();
    assert_eq!(who["username"], "admin");
    assert_eq!(who["role"], "admin");
    assert_eq!(who["authenticated_by"], "session");
    assert_eq!(who["has_password"], false);

    // Setting a password needs the session's CSRF token.
    let account = http.get(instance.url("/account")).header(header::COOKIE, &session_header).send().await.unwrap();
    let session_csrf = hidden_field(&account.text().await.unwrap(), "csrf");
    let password = "correct horse battery staple";
    let no_csrf = http
        .post(instance.url("/account/password"))
        .header(header::COOKIE, &session_header)
        .form(&[("password", password), ("csrf", "wrong")])
        .send()
        .await
        .unwrap();
    expect_error(no_csrf, StatusCode::FORBIDDEN).await;
    let too_short = http
        .post(instance.url("/account/password"))
        .header(header::COOKIE, &session_header)
        .form(&[("password", "short"), ("csrf", session_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(too_short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = http
        .post(instance.url("/account/password"))
        .header(header::COOKIE, &session_header)
        .form(&[("password", password), ("csrf", session_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let who: Value = me(&instance, None, Some(&session_header)).await.json().await.unwrap();
    assert_eq!(who["has_password"], true);

    // Log out: the session is gone.
    let logout = http
        .post(instance.url("/logout"))
        .header(header::COOKIE, &session_header)
        .form(&[("csrf", session_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    expect_error(me(&instance, None, Some(&session_header)).await, StatusCode::UNAUTHORIZED).await;

    // Log in with the password.
    let form = http.get(instance.url("/login")).send().await.unwrap();
    let csrf_cookie = set_cookie(&form, "coopfed_csrf").unwrap();
    let cookie_header = format!("coopfed_csrf={csrf_cookie}");
    let wrong = http
        .post(instance.url("/login"))
        .header(header::COOKIE, &cookie_header)
        .form(&[("username", "admin"), ("password", "not the password"), ("csrf", csrf_cookie.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&wrong, "coopfed_session").is_none());
    let right = http
        .post(instance.url("/login"))
        .header(header::COOKIE, &cookie_header)
        .form(&[("username", "ADMIN"), ("password", password), ("csrf", csrf_cookie.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&right, "coopfed_session").unwrap();
    let who = me(&instance, None, Some(&format!("coopfed_session={session}"))).await;
    assert_eq!(who.status(), StatusCode::OK);

    // No secret in the log.
    let log = instance.log();
    assert!(!log.contains(&token) && !log.contains(password) && !log.contains(&session), "secret in log:\n{log}");
}

async fn api_tokens_from_the_cli(db: TestDatabase) {
    let instance = start(&db).await;
    let first_token = instance.printed("API token:").expect("API token printed at first start");
    let who: Value = me(&instance, Some(&format!("Bearer {first_token}")), None).await.json().await.unwrap();
    assert_eq!(who["username"], "admin");
    assert_eq!(who["authenticated_by"], "token");

    for bad in ["Bearer cft_not-a-real-token", "Bearer", "Basic YWRtaW46YWRtaW4=", "Bearer something-else"] {
        expect_error(me(&instance, Some(bad), None).await, StatusCode::UNAUTHORIZED).await;
    }
    expect_error(me(&instance, None, None).await, StatusCode::UNAUTHORIZED).await;

    let (status, stdout, stderr) =
        cli(&db, &instance, &["tokens", "create", "--user", "admin", "--name", "deploy bot"], None);
    assert_eq!(status, 0, "{stderr}");
    let secret = stdout.lines().find(|l| l.starts_with("cft_")).expect("token printed").trim().to_owned();
    let who = me(&instance, Some(&format!("Bearer {secret}")), None).await;
    assert_eq!(who.status(), StatusCode::OK);

    let (status, listing, stderr) = cli(&db, &instance, &["tokens", "list"], None);
    assert_eq!(status, 0, "{stderr}");
    assert!(listing.contains("deploy bot") && listing.contains("first admin token"), "{listing}");
    assert!(!listing.contains(&secret) && !listing.contains(&first_token), "secrets listed:\n{listing}");
    let prefix: String = secret.chars().take(12).collect();
    assert!(listing.contains(&prefix));

    let (status, _, stderr) = cli(&db, &instance, &["tokens", "revoke", &prefix], None);
    assert_eq!(status, 0, "{stderr}");
    expect_error(me(&instance, Some(&format!("Bearer {secret}")), None).await, StatusCode::UNAUTHORIZED).await;
    // The other token still works.
    assert_eq!(me(&instance, Some(&format!("Bearer {first_token}")), None).await.status(), StatusCode::OK);
    let (_, listing, _) = cli(&db, &instance, &["tokens", "list", "--user", "admin"], None);
    assert!(listing.lines().any(|l| l.contains("deploy bot") && l.contains("revoked")), "{listing}");

    let (status, _, stderr) = cli(&db, &instance, &["tokens", "revoke", "cft_nothing"], None);
    assert_eq!(status, 1);
    assert!(stderr.contains("token not found"), "{stderr}");
    let (status, _, stderr) = cli(&db, &instance, &["tokens", "create", "--user", "ghost"], None);
    assert_eq!(status, 1);
    assert!(stderr.contains("user not found"), "{stderr}");
}

async fn users_from_the_cli(db: TestDatabase) {
    let instance = start(&db).await;
    let (status, _, stderr) = cli(&db, &instance, &["members", "add", "outlandish", "--name", "Outlandish"], None);
    assert_eq!(status, 0, "{stderr}");
    let (status, _, stderr) = cli(
        &db,
        &instance,
        &["admin", "create-user", "someone", "--member", "nobody"],
        Some("a long enough password\n"),
    );
    assert_eq!(status, 1);
    assert!(stderr.contains("member: no member co-op `nobody`"), "{stderr}");
    let (status, stdout, stderr) = cli(
        &db,
        &instance,
        &[
            "admin",
            "create-user",
            "Outlandish-Editor",
            "--role",
            "editor",
            "--member",
            "outlandish",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("Created editor `outlandish-editor`"), "{stdout}");
    assert!(!stdout.contains("login link"), "{stdout}");

    let (status, _, stderr) = cli(&db, &instance, &["admin", "create-user", "outlandish-editor"], None);
    assert_eq!(status, 1);
    assert!(stderr.contains("already exists"), "{stderr}");
    let (status, _, stderr) = cli(&db, &instance, &["admin", "create-user", "x", "--password-stdin"], Some("short\n"));
    assert_eq!(status, 1);
    assert!(stderr.contains("password: must be at least 10 characters"), "{stderr}");

    let (status, stdout, stderr) =
        cli(&db, &instance, &["admin", "create-user", "second-admin", "--role", "admin"], None);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("/login/once?token=cfl_"), "{stdout}");

    let http = client();
    let form = http.get(instance.url("/login")).send().await.unwrap();
    let csrf = set_cookie(&form, "coopfed_csrf").unwrap();
    let login = http
        .post(instance.url("/login"))
        .header(header::COOKIE, format!("coopfed_csrf={csrf}"))
        .form(&[("username", "outlandish-editor"), ("password", "a long enough password"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&login, "coopfed_session").unwrap();
    let who: Value = me(&instance, None, Some(&format!("coopfed_session={session}"))).await.json().await.unwrap();
    assert_eq!(who["role"], "editor");
    assert_eq!(who["member"], "outlandish");

    let (status, listing, _) = cli(&db, &instance, &["admin", "list-users"], None);
    assert_eq!(status, 0);
    for name in ["admin", "outlandish-editor", "second-admin"] {
        assert!(listing.contains(name), "{listing}");
    }
}

async fn logins_are_throttled_and_forms_take_only_server_made_tokens(db: TestDatabase) {
    let instance = start(&db).await;
    let http = client();
    for user in ["carol", "dave"] {
        let (status, _, stderr) =
            cli(&db, &instance, &["admin", "create-user", user, "--password-stdin"], Some("the first password\n"));
        assert_eq!(status, 0, "{stderr}");
    }

    // A CSRF value the attacker chose (and planted as a cookie) is refused.
    for chosen in ["x", "attacker-chosen-value-that-is-long-enough-to-look-real"] {
        let forged = http
            .post(instance.url("/login"))
            .header(header::COOKIE, format!("coopfed_csrf={chosen}"))
            .form(&[("username", "carol"), ("password", "the first password"), ("csrf", chosen)])
            .send()
            .await
            .unwrap();
        assert_eq!(expect_error(forged, StatusCode::FORBIDDEN).await, "forbidden", "{chosen}");
    }

    // Changing a password needs the current one, ends the user's other
    // sessions and revokes their API tokens.
    let here = session_of(&instance, "dave", "the first password").await;
    let elsewhere = session_of(&instance, "dave", "the first password").await;
    let (status, stdout, stderr) = cli(&db, &instance, &["tokens", "create", "--user", "dave"], None);
    assert_eq!(status, 0, "{stderr}");
    let token = format!("Bearer {}", stdout.lines().find(|l| l.starts_with("cft_")).unwrap().trim());
    let account = http.get(instance.url("/account")).header(header::COOKIE, &here).send().await.unwrap();
    let page = account.text().await.unwrap();
    assert!(page.contains("name=\"current_password\""), "{page}");
    let csrf = hidden_field(&page, "csrf");
    let change = |current: &'static str| {
        let (http, here, csrf) = (http.clone(), here.clone(), csrf.clone());
        let url = instance.url("/account/password");
        async move {
            http.post(url)
                .header(header::COOKIE, here)
                .form(&[("current_password", current), ("password", "the second password"), ("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(change("").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(change("not the password").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me(&instance, None, Some(&elsewhere)).await.status(), StatusCode::OK, "nothing changed yet");
    assert_eq!(change("the first password").await, StatusCode::OK);
    assert_eq!(me(&instance, None, Some(&here)).await.status(), StatusCode::OK, "this session goes on");
    expect_error(me(&instance, None, Some(&elsewhere)).await, StatusCode::UNAUTHORIZED).await;
    expect_error(me(&instance, Some(&token), None).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(log_in(&instance, "dave", "the second password").await.status(), StatusCode::SEE_OTHER);

    // Five failures are free; after the sixth, even the right password waits,
    // for the account and for the address the failures came from.
    for attempt in 1..=6 {
        let wrong = log_in(&instance, "carol", "a wrong password").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let locked = log_in(&instance, "carol", "the first password").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = locked.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(set_cookie(&locked, "coopfed_session").is_none());
    assert_eq!(log_in(&instance, "dave", "the second password").await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(db.count_where("login_failures", "key = 'user:carol' AND locked_until IS NOT NULL"), 1);

    // Served over HTTPS, cookies carry the __Host- prefix.
    let strict_db = db.sibling();
    let mut options = InstanceOptions::network("fr");
    options.dev_federation = false;
    let strict = TestInstance::spawn(crate::support::binary(), &strict_db, options).await;
    let form = http.get(strict.url("/login")).send().await.unwrap();
    let cookie = form.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("__Host-coopfed_csrf=") && cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

/// Admins list people, add one and change what they may do through the API;
/// the last admin stays one; no secret is in any answer.
async fn users_through_the_admin_api(db: TestDatabase) {
    let instance = start(&db).await;
    let admin = instance.printed("API token:").unwrap();
    instance.cli(&["members", "add", "coop-a", "--name", "Coop A"], None).success();
    let http = client();
    let created = http
        .post(instance.url("/api/v1/admin/users"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"username": "Newcomer", "member": "coop-a"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["username"], "newcomer");
    assert_eq!((created["role"].as_str(), created["member"].as_str()), (Some("editor"), Some("coop-a")));
    assert_eq!(created["has_password"], false);
    let again = http
        .post(instance.url("/api/v1/admin/users"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"username": "newcomer"}))
        .send()
        .await
        .unwrap();
    expect_error(again, StatusCode::CONFLICT).await;

    let promote = |name: &str, body: Value| {
        http.put(instance.url(&format!("/api/v1/admin/users/{name}"))).bearer_auth(&admin).json(&body).send()
    };
    let promoted = promote("newcomer", serde_json::json!({"role": "admin"})).await.unwrap();
    assert_eq!(promoted.status(), StatusCode::OK);
    assert_eq!(promoted.json::<Value>().await.unwrap()["member"], Value::Null);
    let bad = promote("newcomer", serde_json::json!({"role": "owner"})).await.unwrap();
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    let demoted = promote("admin", serde_json::json!({"role": "editor", "member": "coop-a"})).await.unwrap();
    assert_eq!(demoted.status(), StatusCode::OK);
    // newcomer is the last admin now.
    let kept = instance.cli(&["admin", "set-role", "newcomer", "--role", "editor"], None);
    assert_ne!(kept.status, Some(0));
    assert!(kept.stderr.contains("the last admin stays an admin"), "{}", kept.stderr);
    let listed = http.get(instance.url("/api/v1/admin/users")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::FORBIDDEN, "the demoted admin's token no longer opens admin routes");
    instance.cli(&["admin", "set-role", "admin", "--role", "admin"], None).success();
    let listed: Value =
        http.get(instance.url("/api/v1/admin/users")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let text = listed.to_string();
    assert!(text.contains("newcomer") && !text.contains("argon2") && !text.contains("cfl_"), "{text}");
    let audit = instance.cli(&["audit", "--action", "user.role"], None).success().stdout;
    assert_eq!(audit.lines().filter(|l| l.contains("user.role")).count(), 3, "{audit}");
}
