//! The web interface in a real browser: Debian's Chromium, driven over
//! WebDriver, against real instances on loopback. An editor posts an offer
//! to every partner network and it is found on a partner's board by a
//! German skill label; the language switcher works; an editor cannot open
//! another co-op's console; the hostile offer renders without running any
//! script; the first admin's login link opens. axe-core checks every main
//! page in every language (no serious or critical violation), and each is
//! saved as a screenshot under `target/screenshots/`.
//!
//! Needs `chromium` and `chromium-driver`, and axe-core's `axe.min.js`
//! (`AXE_CORE_JS`, or `npm install axe-core` under `~/.cache/coopfed-axe`).
//! Skipped with a note where they are missing, except in CI.

use std::{path::PathBuf, time::Duration};

use coopfed_test_support::{
    FakeRemote, InstanceOptions, TestDatabase, TestInstance, free_port, wait_until,
    webdriver::{Browser, Chromedriver, browser_required, note},
};
use serde_json::{Value, json};

use crate::{
    federation::{add_job, make_partners, start_federation, start_network},
    support::{binary, client, fixture, post},
};

const LANGUAGES: [&str; 4] = ["en", "de", "nl", "fr"];

/// The workspace's `target/screenshots/`.
fn screenshots() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("Cargo.lock").exists() && dir.pop() {}
    let dir = dir.join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// axe-core's script, if installed.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").unwrap_or_default())
            .join(".cache/coopfed-axe/node_modules/axe-core/axe.min.js")
    });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) if !browser_required() => {
            note(&format!("SKIPPED the axe checks: axe-core not found at {}", path.display()));
            None
        }
        Err(e) => panic!("axe-core is needed at {} (AXE_CORE_JS): {e}", path.display()),
    }
}

/// Serious and critical axe violations of the page shown.
async fn violations(browser: &Browser, axe: &str) -> Vec<Value> {
    browser.run(&format!("{axe}\n;return true;"), vec![]).await;
    let found = browser
        .run_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
               .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
            vec![],
        )
        .await;
    found.as_array().cloned().unwrap_or_default()
}

/// Opens `path` in `lang` (through the language switcher), checks it with
/// axe and saves its screenshot as `name-lang.png`. Returns the problems.
async fn check_page(
    browser: &Browser,
    instance: &TestInstance,
    name: &str,
    path: &str,
    lang: &str,
    axe: Option<&str>,
) -> Vec<String> {
    let back = path.replace('?', "%3F").replace('&', "%26").replace('=', "%3D");
    browser.goto(&instance.url(&format!("/language/{lang}?back={back}"))).await;
    let mut problems = Vec::new();
    let shown = browser.run("return document.documentElement.lang;", vec![]).await;
    if shown != lang {
        problems.push(format!("{name} ({lang}): the page is in `{shown}`"));
    }
    if browser.run("return document.querySelector('.error-page, p.error') !== null;", vec![]).await == true {
        problems.push(format!("{name} ({lang}): {path} answered an error"));
    }
    let at = browser.url().await;
    if !at.ends_with(path) {
        problems.push(format!("{name} ({lang}): {path} led to {at}"));
    }
    let png = browser.screenshot().await;
    std::fs::write(screenshots().join(format!("{name}-{lang}.png")), png).unwrap();
    if let Some(axe) = axe {
        for violation in violations(browser, axe).await {
            problems.push(format!("{name} ({lang}): {violation}"));
        }
    }
    problems
}

/// A one-time login link printed by `coopfed`, as a path on the instance.
fn login_path(printed: &str) -> String {
    let at = printed.find("/login/once?token=").unwrap_or_else(|| panic!("no login link in {printed}"));
    printed[at..].split_whitespace().next().unwrap().to_owned()
}

/// Logs in through a one-time link (the form's button, as a person would).
async fn log_in(browser: &Browser, instance: &TestInstance, path: &str) {
    browser.goto(&instance.url(path)).await;
    browser.click_and_wait(&browser.find("main form button[type=submit]").await).await;
    assert!(browser.url().await.ends_with("/account"), "logged in: {}", browser.url().await);
}

async fn page_has(browser: &Browser, text: &str) -> bool {
    browser.source().await.contains(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interface_in_a_real_browser() {
    let Some(driver) = Chromedriver::start_or_skip("the_interface_in_a_real_browser").await else { return };
    let axe = axe_source();
    let db = TestDatabase::sqlite();
    let slugs = ["cotech", "nl"];
    let (instances, _dbs) = start_federation(&db, &slugs).await;
    make_partners(&instances, &slugs).await;
    let (cotech, nl) = (&instances[0], &instances[1]);
    for (instance, network) in [(cotech, "cotech"), (nl, "nl")] {
        for kind in ["members", "jobs", "announcements"] {
            instance.cli(&["import", kind, &fixture(&format!("{kind}/{network}.yaml"))], None).success();
        }
    }
    // The hostile offer, published to every partner: cotech gets a copy.
    let hostile = std::fs::read_to_string(fixture("hostile/job_xss.yaml")).unwrap();
    let hostile = hostile.replace("    fictional: true\n", "    fictional: true\n    publish_to_all: true\n");
    assert!(hostile.contains("publish_to_all"));
    let hostile_file = std::env::temp_dir().join(format!("coopfed-hostile-{}.yaml", std::process::id()));
    std::fs::write(&hostile_file, hostile).unwrap();
    nl.cli(&["import", "jobs", &hostile_file.to_string_lossy()], None).success();
    let _ = std::fs::remove_file(&hostile_file);
    let editor = cotech.cli(&["admin", "create-user", "ed", "--member", "agile-collective"], None).success().stdout;

    let browser = driver.session(1280, 1400).await;
    browser.script_timeout(60).await;
    let mut problems = Vec::new();

    // axe finds what it should: an image without a text alternative.
    if let Some(axe) = &axe {
        browser.goto("data:text/html,<!doctype html><html lang=en><title>t</title><main><img src=x.png></main>").await;
        let found = violations(&browser, axe).await;
        assert!(found.iter().any(|v| v["id"] == "image-alt"), "axe runs: {found:?}");
    }

    // Every main page a visitor sees, in every language.
    let coop_page = "/members/agile-collective";
    let news: Value =
        client().get(cotech.url("/api/v1/announcements?kind=event")).send().await.unwrap().json().await.unwrap();
    let event = news["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["local"] == true)
        .and_then(|item| item["id"].as_str())
        .map(|id| format!("/announcements/{}", id.rsplit('/').next().unwrap()));
    assert!(event.is_some(), "an event of the network: {news}");
    let mut pages = vec![
        ("home", "/".to_owned()),
        ("jobs", "/jobs".to_owned()),
        ("members", "/members".to_owned()),
        ("coop", coop_page.to_owned()),
        ("news", "/news".to_owned()),
        ("federation", "/federation".to_owned()),
        ("login", "/login".to_owned()),
        ("filtered-jobs", "/jobs?skill=Webentwicklung&remote=true".to_owned()),
    ];
    pages.extend(event.map(|path| ("event", path)));
    for (name, path) in &pages {
        for lang in LANGUAGES {
            problems.extend(check_page(&browser, cotech, name, path, lang, axe.as_deref()).await);
        }
    }

    // The language switcher: English, then German from the link.
    browser.goto(&cotech.url("/language/en?back=/jobs")).await;
    browser.click_and_wait(&browser.find("nav.languages a[lang=de]").await).await;
    assert_eq!(browser.run("return document.documentElement.lang;", vec![]).await, "de");
    assert_eq!(browser.text(&browser.find("main h1").await).await, "Stellen in Tech-Kollektiven");
    browser.goto(&cotech.url("/jobs")).await;
    assert_eq!(browser.run("return document.documentElement.lang;", vec![]).await, "de", "the choice is remembered");

    // The editor logs in and posts an offer to every partner network.
    log_in(&browser, cotech, &login_path(&editor)).await;
    browser.goto(&cotech.url("/console")).await;
    assert!(browser.url().await.ends_with("/console/agile-collective"), "{}", browser.url().await);
    for (name, path) in [("console", "/console/agile-collective"), ("job-form", "/console/agile-collective/jobs/new")] {
        for lang in LANGUAGES {
            problems.extend(check_page(&browser, cotech, name, path, lang, axe.as_deref()).await);
        }
    }
    browser.goto(&cotech.url("/language/de?back=/console/agile-collective/jobs/new")).await;
    // A form sent without a title keeps what was typed and says what is
    // missing, in the reader's language.
    browser.type_into(&browser.find("#description").await, "Build accessible sites for co-ops.").await;
    browser.run("document.getElementById('title').removeAttribute('required'); document.getElementById('valid_through').value = '2099-12-31';", vec![]).await;
    browser.click_and_wait(&browser.find("main form button[type=submit]").await).await;
    assert_eq!(
        browser.run("return document.getElementById('title').getAttribute('aria-invalid');", vec![]).await,
        "true"
    );
    assert_eq!(browser.text(&browser.find("#title-error").await).await, "Dieses Feld ist erforderlich.");
    assert!(page_has(&browser, "Build accessible sites for co-ops.").await, "the description was kept");
    let title = "Accessibility developer (browser test)";
    browser.type_into(&browser.find("#title").await, title).await;
    browser.type_into(&browser.find("#city").await, "Oxford").await;
    browser.type_into(&browser.find("#country").await, "GB").await;
    browser.type_into(&browser.find("#skills").await, "Web development, a11y").await;
    browser.type_into(&browser.find("#apply_url").await, "https://agile-collective.example/jobs").await;
    browser.run("document.getElementById('valid_through').value = '2099-12-31';", vec![]).await;
    assert_eq!(browser.run("return document.getElementById('publish_to_all').checked;", vec![]).await, true);
    browser.click_and_wait(&browser.find("main form button[type=submit]").await).await;
    assert_eq!(browser.text(&browser.find("main h1").await).await, title, "{}", browser.source().await);
    let job_path = browser.url().await.replace(&cotech.url(""), "");
    for lang in LANGUAGES {
        problems.extend(check_page(&browser, cotech, "job", &job_path, lang, axe.as_deref()).await);
    }

    // The partner has it, and its board finds it by the skill's German label.
    wait_until("the offer to reach the partner", Duration::from_secs(60), || async {
        let page: Value = client().get(nl.url("/api/v1/jobs?q=accessibility")).send().await.ok()?.json().await.ok()?;
        page["items"].as_array()?.iter().any(|j| j["title"] == title).then_some(())
    })
    .await;
    browser.goto(&nl.url("/language/nl?back=/jobs")).await;
    browser.type_into(&browser.find("#skill").await, "Barrierefreies Design & Entwicklung").await;
    browser.click_and_wait(&browser.find("form.filters button[type=submit]").await).await;
    assert!(browser.url().await.contains("skill=Barrierefreies"), "{}", browser.url().await);
    assert!(page_has(&browser, title).await, "found on the partner's board: {}", browser.source().await);

    // An editor cannot open another co-op's console.
    browser.goto(&cotech.url("/language/en?back=/console/animorph")).await;
    assert_eq!(browser.text(&browser.find("main h1").await).await, "Not allowed");
    assert!(!page_has(&browser, "Post a job offer").await);

    // The admin console, in every language.
    let admin_link = cotech.cli(&["admin", "login-link", "admin"], None).success().stdout;
    log_in(&browser, cotech, &login_path(&admin_link)).await;
    let admin_pages = [
        ("admin", "/admin"),
        ("audit", "/admin/audit"),
        ("domains", "/admin/domains"),
        ("policies", "/admin/policies"),
        ("reports", "/admin/reports"),
        ("deliveries", "/admin/deliveries"),
        ("partners", "/admin/partners"),
        ("roster", "/admin/members"),
        ("import", "/admin/members/import"),
        ("keys", "/admin/keys"),
    ];
    for (name, path) in admin_pages {
        for lang in LANGUAGES {
            problems.extend(check_page(&browser, cotech, name, path, lang, axe.as_deref()).await);
        }
    }
    browser.goto(&cotech.url("/admin/audit")).await;
    assert!(page_has(&browser, "user.create").await, "the audit log lists the editor's account");
    // A domain blocked from the console's form, then removed.
    browser.goto(&cotech.url("/language/en?back=/admin/domains")).await;
    browser.type_into(&browser.find("#domain").await, "spam.example").await;
    browser.type_into(&browser.find("#reason").await, "sends junk").await;
    browser.click_and_wait(&browser.find("main form.stacked button[type=submit]").await).await;
    assert!(page_has(&browser, "sends junk").await, "the rule is listed: {}", browser.source().await);
    browser.click_and_wait(&browser.find("main table form button[type=submit]").await).await;
    assert!(!page_has(&browser, "sends junk").await, "the rule is gone");
    browser.goto(&cotech.url("/admin/audit?action=domain")).await;
    assert!(page_has(&browser, "domain.block").await && page_has(&browser, "domain.remove").await);

    // The hostile offer renders inert where it was imported and on the
    // partner that received it: no dialog, no script, no handler, no
    // javascript: link.
    let mut hostile_pages = Vec::new();
    for instance in [nl, cotech] {
        wait_until("the hostile offer to be listed", Duration::from_secs(60), || async {
            let page: Value =
                client().get(instance.url("/api/v1/jobs?q=hiring")).send().await.ok()?.json().await.ok()?;
            let items = page["items"].as_array()?;
            items.iter().any(|j| j["title"].as_str().unwrap_or_default().contains("<script>")).then_some(())
        })
        .await;
        browser.goto(&instance.url("/jobs?q=hiring")).await;
        let path = browser
            .run(
                "return [...document.querySelectorAll('main h3 a')]
                   .find(a => a.textContent.includes('<script>')).getAttribute('href');",
                vec![],
            )
            .await;
        hostile_pages.push((instance, "/jobs?q=hiring".to_owned()));
        hostile_pages.push((instance, path.as_str().expect("the board links the hostile offer").to_owned()));
    }
    for (instance, path) in hostile_pages {
        browser.goto(&instance.url(&path)).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!browser.dialog_open().await, "a dialog opened on {path}");
        let active = browser
            .run(
                "return [...document.querySelectorAll('script, iframe, object, embed, svg')].length
                  + [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style')).length
                  + [...document.querySelectorAll('[href], [src]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length;",
                vec![],
            )
            .await;
        assert_eq!(active, json!(0), "active content on {path}");
    }
    assert!(page_has(&browser, "&lt;script&gt;alert('title')&lt;/script&gt;").await, "the title shows as text");
    let png = browser.screenshot().await;
    std::fs::write(screenshots().join("hostile-jobs-en.png"), png).unwrap();
    browser.close().await;

    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The link a new admin sees on a default local start opens, and logs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_login_link_opens() {
    let Some(driver) = Chromedriver::start_or_skip("the_first_login_link_opens").await else { return };
    let db = TestDatabase::sqlite();
    let port = free_port();
    let mut options = InstanceOptions::network("coops");
    options.domain = Some(format!("localhost:{port}"));
    options.bind = Some(format!("127.0.0.1:{port}"));
    options.dev_federation = false;
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let link = instance.printed("one-time login link (24 hours):").expect("the first admin's link is printed");
    assert!(link.starts_with(&format!("http://localhost:{port}/login/once?token=")), "{link}");
    let browser = driver.session(1024, 800).await;
    browser.goto(&link).await;
    browser.click_and_wait(&browser.find("main form button[type=submit]").await).await;
    assert!(browser.url().await.ends_with("/account"), "{}", browser.url().await);
    assert!(page_has(&browser, "/logout").await, "logged in: {}", browser.source().await);
    browser.close().await;
}

/// Waits until `path` on `instance`, opened in the browser, holds `text` (or no longer does).
async fn until_page(browser: &Browser, instance: &TestInstance, path: &str, text: &str, present: bool) {
    wait_until(
        &format!("{path} to {}show {text}", if present { "" } else { "no longer " }),
        Duration::from_secs(60),
        || async {
            browser.goto(&instance.url(path)).await;
            (page_has(browser, text).await == present).then_some(())
        },
    )
    .await;
}

/// An admin runs the network from the console: accepts a partner's request
/// waiting for review and follows it back, after which its offers are on the
/// board; takes down a reported mirrored offer, which leaves board, API and
/// feed; blocks the partner's domain, and its next delivery is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_console_runs_the_network() {
    let Some(driver) = Chromedriver::start_or_skip("the_admin_console_runs_the_network").await else { return };
    let db = TestDatabase::sqlite();
    let nl_db = db.sibling();
    let remote = FakeRemote::start("mastodon.test", &["alice"]).await;
    let (cotech_port, nl_port) = (free_port(), free_port());
    let resolve = format!("cotech.test=127.0.0.1:{cotech_port},nl.test=127.0.0.1:{nl_port},{}", remote.resolve_entry());
    let cotech = start_network(&db, "cotech", cotech_port, &resolve).await;
    let nl = start_network(&nl_db, "nl", nl_port, &resolve).await;
    // Through the API: in force at once in the running server.
    let token = cotech.printed("API token:").unwrap();
    let policy =
        client().put(cotech.url("/api/v1/admin/policies")).bearer_auth(&token).json(&json!({"partner": "review"}));
    assert!(policy.send().await.unwrap().status().is_success());
    nl.cli(&["members", "add", "outlandish", "--name", "Outlandish", "--country", "NL"], None).success();
    nl.cli(&["follow", "@cotech@cotech.test"], None).success();
    wait_until("nl's request to wait for review", Duration::from_secs(30), || async {
        let listing = cotech.cli(&["follows"], None).success().stdout;
        listing.lines().any(|l| l.contains("http://nl.test/networks/nl") && l.contains("pending")).then_some(())
    })
    .await;

    let browser = driver.session(1280, 1400).await;
    let admin_link = cotech.cli(&["admin", "login-link", "admin"], None).success().stdout;
    log_in(&browser, &cotech, &login_path(&admin_link)).await;
    browser.goto(&cotech.url("/language/en?back=/admin")).await;
    assert!(page_has(&browser, "Reports (1 waiting)").await, "the request counts as waiting");
    // The request waits in the moderation queue; accepted there.
    browser.goto(&cotech.url("/admin/reports")).await;
    assert!(page_has(&browser, "Waiting for your decision").await, "{}", browser.source().await);
    browser.click_and_wait(&browser.find("main form[action$='/accept'] button").await).await;
    assert!(browser.url().await.ends_with("/admin/reports"), "{}", browser.url().await);
    // Followed back from the partners page.
    browser.goto(&cotech.url("/admin/partners")).await;
    browser.type_into(&browser.find("#handle").await, "@nl@nl.test").await;
    browser.click_and_wait(&browser.find("main form.stacked button[type=submit]").await).await;
    until_page(&browser, &cotech, "/admin/partners", "End the partnership", true).await;
    let png = browser.screenshot().await;
    std::fs::write(screenshots().join("partners-with-partner-en.png"), png).unwrap();

    // The partner's offer reaches the board.
    let job = add_job(&nl, "Reported Rust developer", true);
    until_page(&browser, &cotech, "/jobs", "Reported Rust developer", true).await;

    // A report about it, resolved by taking the offer down here.
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/flags/1", remote.base),
        "type": "Flag",
        "actor": remote.actor_id("alice"),
        "object": [job.clone()],
        "content": "Not a co-op job",
    })
    .to_string()
    .into_bytes();
    let headers = remote.sign("alice", "POST", "/inbox", &cotech.domain, Some(&flag));
    assert_eq!(post(&cotech, "/inbox", flag, &headers).await.status(), reqwest::StatusCode::ACCEPTED);
    until_page(&browser, &cotech, "/admin/reports", "Not a co-op job", true).await;
    browser.click_and_wait(&browser.find("main form input[value=take_down] ~ button").await).await;
    until_page(&browser, &cotech, "/jobs", "Reported Rust developer", false).await;
    let api: Value = client().get(cotech.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    assert!(!api.to_string().contains(&job), "{api}");
    let feed = client().get(cotech.url("/feeds/jobs.atom")).send().await.unwrap().text().await.unwrap();
    assert!(!feed.contains("Reported Rust developer"), "{feed}");

    // A co-op added, someone invited to edit it, made an admin, the co-op removed.
    browser.goto(&cotech.url("/admin/members")).await;
    browser.type_into(&browser.find("#slug").await, "new-coop").await;
    browser.type_into(&browser.find("#name").await, "New Co-op").await;
    browser.type_into(&browser.find("#country").await, "gb").await;
    browser.click_and_wait(&browser.find("form[action='/admin/members/add'] button").await).await;
    assert!(browser.url().await.ends_with("/console/new-coop/profile"), "{}", browser.url().await);
    browser.goto(&cotech.url("/admin/members")).await;
    browser.type_into(&browser.find("#username").await, "newed").await;
    browser.run("document.getElementById('member').value = 'new-coop';", vec![]).await;
    browser.click_and_wait(&browser.find("form[action='/admin/members/invite'] button").await).await;
    let link = browser.text(&browser.find(".notice code").await).await;
    assert!(link.starts_with("http://") && link.contains("/login/once?token=cfl_"), "{link}");
    browser.run("document.getElementById('role-newed').value = 'admin';", vec![]).await;
    browser.click_and_wait(&browser.find("form.inline-fields input[value=newed] ~ button").await).await;
    let users = cotech.cli(&["admin", "list-users"], None).success().stdout;
    assert!(users.lines().any(|l| l.contains("newed") && l.contains("admin")), "{users}");
    browser
        .click_and_wait(&browser.find("form[action='/admin/members/remove'] input[value=new-coop] ~ button").await)
        .await;
    assert_eq!(browser.text(&browser.find("main h1").await).await, "Remove New Co-op?");
    let png = browser.screenshot().await;
    std::fs::write(screenshots().join("roster-remove-en.png"), png).unwrap();
    browser.click_and_wait(&browser.find("main form button[type=submit]").await).await;
    assert!(browser.url().await.ends_with("/admin/members"), "{}", browser.url().await);
    assert!(!page_has(&browser, "New Co-op").await, "the co-op is gone");
    let audit = cotech.cli(&["audit", "--limit", "200"], None).success().stdout;
    for action in ["member.create", "user.create", "user.login_link", "user.role", "member.remove"] {
        assert!(audit.contains(action), "{action} in {audit}");
    }

    // A directory imported from the console: checked first, problems shown, then imported.
    let directory = "network: cotech\nmembers:\n  - slug: imported-coop\n    name: Imported Co-op\n    website: \"https://imported.example/\"\n    country: GB\n  - slug: broken coop\n    name: \"\"\n";
    browser.goto(&cotech.url("/admin/members/import")).await;
    browser.type_into(&browser.find("#content").await, directory).await;
    browser.click_and_wait(&browser.find("#import-check button[type=submit]").await).await;
    assert!(
        page_has(&browser, "2 records: 1 co-ops to add, 0 to update, 1 with problems.").await,
        "{}",
        browser.source().await
    );
    assert!(page_has(&browser, "members.yaml: record 2 (line 7)").await, "{}", browser.source().await);
    assert!(!page_has(&browser, "Import the one valid co-op").await, "nothing to import while problems stand");
    let png = browser.screenshot().await;
    std::fs::write(screenshots().join("import-checked-en.png"), png).unwrap();
    browser.run("document.getElementById('skip_invalid').checked = true;", vec![]).await;
    browser.click_and_wait(&browser.find("#import-check button[type=submit]").await).await;
    browser.click_and_wait(&browser.find("#import-apply button[type=submit]").await).await;
    assert!(
        page_has(&browser, "Imported: 1 co-ops added, 0 updated, 1 records skipped.").await,
        "{}",
        browser.source().await
    );
    let listed = cotech.cli(&["members", "list"], None).success().stdout;
    assert!(listed.contains("imported-coop"), "{listed}");

    // A key replaced from the console.
    browser.goto(&cotech.url("/admin/keys")).await;
    assert!(!page_has(&browser, "http://cotech.test/groups/jobs#key-").await);
    browser
        .click_and_wait(&browser.find("form.inline input[value='http://cotech.test/groups/jobs'] ~ button").await)
        .await;
    assert!(page_has(&browser, "http://cotech.test/groups/jobs#key-").await, "{}", browser.source().await);
    assert!(page_has(&browser, "http://cotech.test/groups/jobs#main-key").await, "the old key is listed as replaced");

    // The partner's domain blocked from the console: its next delivery is refused.
    browser.goto(&cotech.url("/admin/domains")).await;
    browser.type_into(&browser.find("#domain").await, "nl.test").await;
    browser.click_and_wait(&browser.find("main form.stacked button[type=submit]").await).await;
    add_job(&nl, "After the block", true);
    wait_until("nl's delivery to cotech to be refused", Duration::from_secs(30), || async {
        let out = nl.cli(&["deliveries", "list", "--state", "failed"], None).success().stdout;
        out.lines().any(|l| l.contains("http://cotech.test/") && l.contains("403")).then_some(())
    })
    .await;
    browser.close().await;
}
