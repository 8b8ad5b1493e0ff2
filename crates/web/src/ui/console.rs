//! The co-op console: an editor keeps their own co-op's profile, offers and
//! news (an admin may act for every local co-op). Forms post with the
//! session's CSRF token and go through the same service functions as the
//! API; a field that is wrong is shown beside its input, with nothing typed
//! lost.

use std::collections::BTreeMap;

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use coopfed_core::{
    Role,
    records::{FieldError, Problem},
};
use coopfed_db::{
    DbError, deliveries,
    jobs::{self, JobRow},
    members::{self, MemberRow},
    networks,
};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::page::{Ctx, SignedIn, layout, page};
use crate::i18n::{Arg, Lang, Tr};
use crate::{AppError, AppState, accounts::check_session_csrf, auth::CurrentUser};

/// Field → what is wrong with it.
#[derive(Default)]
struct Errors(BTreeMap<String, Problem>);

impl Errors {
    fn of(errors: Vec<FieldError>) -> Self {
        let mut map = BTreeMap::new();
        for e in errors {
            map.entry(e.field).or_insert(e.problem);
        }
        Errors(map)
    }

    fn get(&self, field: &str) -> Option<&Problem> {
        self.0.get(field)
    }

    /// What is wrong with `field`, for beside its controls.
    fn message(&self, tr: &Tr, field: &str) -> Markup {
        html! {
            @if let Some(problem) = self.get(field) {
                p.error id=(format!("{field}-error")) { (problem_text(tr, problem)) }
            }
        }
    }

    /// The alert above a form: that something is wrong, and what is wrong
    /// with fields that have no input of their own (`placed` have one).
    fn alert(&self, tr: &Tr, placed: &[&str]) -> Markup {
        html! {
            @if !self.0.is_empty() {
                div.error role="alert" {
                    p { (tr.t("form-has-errors")) }
                    ul {
                        @for (field, problem) in &self.0 {
                            @if !placed.contains(&field.as_str()) {
                                li { (field) ": " (problem_text(tr, problem)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A problem in the reader's language; the few that only machine input can
/// cause are in English, marked as such.
fn problem_text(tr: &Tr, problem: &Problem) -> Markup {
    let text = tr.problem(problem);
    html! {
        @if problem.message_id().is_some() { (text) } @else { span lang="en" { (text) } }
    }
}

/// One labelled control with its error beside it.
fn field(tr: &Tr, id: &str, label: &str, hint: Option<&str>, errors: &Errors, control: Markup) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            @if let Some(hint) = hint { small.hint id=(format!("{id}-hint")) { (hint) } }
            (control)
            (errors.message(tr, id))
        }
    }
}

fn described(id: &str, hint: bool, errors: &Errors) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if errors.get(id).is_some() {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn input(tr: &Tr, kind: &str, id: &str, label: &str, value: &str, errors: &Errors, required: bool) -> Markup {
    let control = html! {
        input type=(kind) id=(id) name=(id) value=(value) required[required]
            aria-invalid=[errors.get(id).map(|_| "true")] aria-describedby=[described(id, false, errors)];
    };
    field(tr, id, label, None, errors, control)
}

fn input_hint(tr: &Tr, id: &str, label: &str, hint: &str, value: &str, errors: &Errors) -> Markup {
    let control = html! {
        input type="text" id=(id) name=(id) value=(value)
            aria-invalid=[errors.get(id).map(|_| "true")] aria-describedby=[described(id, true, errors)];
    };
    field(tr, id, label, Some(hint), errors, control)
}

fn textarea(tr: &Tr, id: &str, label: &str, value: &str, errors: &Errors, rows: u32) -> Markup {
    let control = html! {
        textarea id=(id) name=(id) rows=(rows)
            aria-invalid=[errors.get(id).map(|_| "true")] aria-describedby=[described(id, false, errors)] { (value) }
    };
    field(tr, id, label, None, errors, control)
}

fn checkbox(id: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.check {
            input type="checkbox" id=(id) name=(id) value="on" checked[checked];
            " " label for=(id) { (label) }
        }
    }
}

fn select(tr: &Tr, id: &str, label: &str, value: &str, options: &[(String, String)], errors: &Errors) -> Markup {
    let control = html! {
        select id=(id) name=(id) aria-invalid=[errors.get(id).map(|_| "true")] aria-describedby=[described(id, false, errors)] {
            @for (option, text) in options {
                option value=(option) selected[value == option] { (text) }
            }
        }
    };
    field(tr, id, label, None, errors, control)
}

/// A local co-op the user may act for, by slug: an editor only their own.
async fn own_coop(state: &AppState, user: &CurrentUser, slug: &str) -> Result<MemberRow, AppError> {
    let slug = slug.to_owned();
    let member = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            let Some(network) = networks::find_local(conn)? else { return Ok(None) };
            members::find_member(conn, &network.id, &slug)
        })
        .await?
        .ok_or(AppError::NotFound("member co-op"))?;
    crate::stream::may_write_for(user, Some(&member.id), "you may only manage your own co-op")?;
    Ok(member)
}

/// The logged-in user, or the way to the login form (and back here).
/// `GET /console`: an editor goes to their co-op; an admin picks one.
pub(crate) async fn start(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
) -> Result<Response, AppError> {
    if user.user.role != Role::Admin {
        let Some(member_id) = user.user.member_id.clone() else { return Err(AppError::Forbidden("no co-op")) };
        let slug = state.db().run(move |conn| members::member_slug(conn, &member_id)).await?;
        let slug = slug.ok_or(AppError::NotFound("member co-op"))?;
        return Ok(Redirect::to(&format!("/console/{slug}")).into_response());
    }
    let network_id = ctx.network.id.clone();
    let coops = state.db().run(move |conn| members::list_members(conn, &network_id)).await?;
    let tr = ctx.tr;
    let title = tr.t("console-title");
    let body = html! {
        h1 { (title) }
        p { (tr.t("console-pick")) }
        ul.plain { @for coop in &coops { li { a href=(format!("/console/{}", coop.slug)) { (coop.name) } } } }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// `GET /console/{slug}`: the co-op's profile, offers (with where they were
/// delivered) and news.
pub(crate) async fn overview(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let member = own_coop(&state, &user, &slug).await?;
    let member_id = member.id.clone();
    let (offers, news) = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            let mut offers = Vec::new();
            for job in jobs::open_offers_of(conn, &member_id, coopfed_core::clock::today(), 100)? {
                let delivered = deliveries::about_object(conn, &job.ap_id)?;
                offers.push((job, delivered));
            }
            let news = coopfed_db::announcements::of_member(conn, &member_id, 20)?;
            Ok((offers, news))
        })
        .await?;
    let tr = ctx.tr;
    let title = tr.t_with("console-coop-title", &[("name", Arg::from(member.name.as_str()))]);
    let csrf = user.csrf_token().unwrap_or_default();
    let body = html! {
        h1 { (title) }
        p.actions {
            a.button href=(format!("/console/{slug}/jobs/new")) { (tr.t("console-new-job")) } " "
            a.button.secondary href=(format!("/console/{slug}/news/new")) { (tr.t("console-new-news")) } " "
            a.button.secondary href=(format!("/console/{slug}/profile")) { (tr.t("console-edit-profile")) } " "
            a href=(format!("/members/{slug}")) { (tr.t("console-public-page")) }
        }
        h2 { (tr.t("console-open-jobs")) }
        @if offers.is_empty() { p.empty { (tr.t("coop-no-jobs")) } }
        @for (job, delivered) in &offers {
            article.card {
                h3 lang=(job.lang) { a href=(format!("/jobs/{}", job.id)) { (job.title) } }
                p.meta {
                    (tr.t_with("job-posted", &[("date", Arg::Text(tr.date(job.posted_on)))])) " · "
                    (tr.t("job-valid-through")) " " (tr.date(job.valid_through))
                    @if job.publish_to_all { " · " (tr.t("console-to-all")) }
                }
                @if delivered.is_empty() {
                    p.meta { (tr.t("console-not-delivered")) }
                } @else {
                    p.meta { (tr.t("console-delivered-to")) }
                    ul.plain {
                        @for (host, state, _) in delivered {
                            li { (host) ": " (tr.t(&format!("delivery-{state}"))) }
                        }
                    }
                }
                div.actions {
                    a href=(format!("/console/{slug}/jobs/{}", job.id)) { (tr.t("console-edit")) }
                    form.inline method="post" action=(format!("/console/{slug}/jobs/{}/close", job.id)) {
                        input type="hidden" name="csrf" value=(csrf);
                        button.secondary type="submit" { (tr.t("console-close-job")) }
                    }
                }
            }
        }
        h2 { (tr.t("coop-news")) }
        @if news.is_empty() { p.empty { (tr.t("coop-no-news")) } }
        ul.plain {
            @for item in &news {
                li { a href=(format!("/announcements/{}", item.id)) lang=(item.lang) { (item.title) } " · " (tr.date(item.published_at.date())) }
            }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// The job form as posted (every value as typed).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct JobForm {
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    employment_type: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    remote: Option<String>,
    #[serde(default)]
    salary_min: String,
    #[serde(default)]
    salary_max: String,
    #[serde(default)]
    salary_currency: String,
    #[serde(default)]
    salary_period: String,
    #[serde(default)]
    skills: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    valid_through: String,
    #[serde(default)]
    apply_url: String,
    #[serde(default)]
    apply_email: String,
    publish_to_all: Option<String>,
    #[serde(flatten)]
    translations: BTreeMap<String, String>,
}

/// The four languages, and `current` when the text is in another one.
fn language_options(current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> =
        Lang::ALL.iter().map(|l| (l.code().to_owned(), l.own_name().to_owned())).collect();
    if !current.is_empty() && Lang::from_code(current).is_none() {
        options.push((current.to_owned(), current.to_owned()));
    }
    options
}

/// A language's name in the reader's language.
fn language_name(tr: &Tr, lang: Lang) -> String {
    tr.t(&format!("language-{}", lang.code()))
}

fn list_of(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn put(object: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        object.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

impl JobForm {
    /// The offer as the API's JSON (empty fields left out).
    fn to_json(&self, member: &str) -> Value {
        let mut o = Map::new();
        o.insert("member".into(), Value::String(member.to_owned()));
        for (key, value) in [
            ("title", &self.title),
            ("summary", &self.summary),
            ("description", &self.description),
            ("lang", &self.lang),
            ("employment_type", &self.employment_type),
            ("city", &self.city),
            ("country", &self.country),
            ("valid_through", &self.valid_through),
            ("apply_url", &self.apply_url),
            ("apply_email", &self.apply_email),
        ] {
            put(&mut o, key, value);
        }
        o.insert("remote".into(), Value::Bool(self.remote.is_some()));
        o.insert("publish_to_all".into(), Value::Bool(self.publish_to_all.is_some()));
        if !self.salary_min.trim().is_empty() || !self.salary_max.trim().is_empty() {
            let number = |text: &str| {
                text.trim().parse::<f64>().map_or_else(|_| Value::String(text.trim().to_owned()), Value::from)
            };
            let max = if self.salary_max.trim().is_empty() { &self.salary_min } else { &self.salary_max };
            let min = if self.salary_min.trim().is_empty() { &self.salary_max } else { &self.salary_min };
            o.insert(
                "salary".into(),
                json!({"min": number(min), "max": number(max), "currency": self.salary_currency.trim(), "period": self.salary_period.trim()}),
            );
        }
        let skills = list_of(&self.skills);
        if !skills.is_empty() {
            o.insert("skills".into(), json!(skills));
        }
        let languages = list_of(&self.languages);
        if !languages.is_empty() {
            o.insert("languages".into(), json!(languages));
        }
        let mut translations = Map::new();
        for lang in Lang::ALL {
            let mut t = Map::new();
            for part in ["title", "summary", "description"] {
                if let Some(value) = self.translations.get(&format!("{}_{part}", lang.code())) {
                    put(&mut t, part, value);
                }
            }
            if !t.is_empty() && lang.code() != self.lang.trim() {
                translations.insert(lang.code().to_owned(), Value::Object(t));
            }
        }
        if !translations.is_empty() {
            o.insert("translations".into(), Value::Object(translations));
        }
        Value::Object(o)
    }

    /// The form filled from a stored offer.
    fn of(job: &JobRow, skills: &[String]) -> Self {
        let mut translations = BTreeMap::new();
        for (lang, t) in &job.translations.0 {
            if let Some(title) = &t.title {
                translations.insert(format!("{lang}_title"), title.clone());
            }
            if let Some(summary) = &t.summary {
                translations.insert(format!("{lang}_summary"), summary.clone());
            }
            if let Some(content) = &t.content {
                translations.insert(format!("{lang}_description"), content.clone());
            }
        }
        let amount = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
        JobForm {
            csrf: String::new(),
            title: job.title.clone(),
            summary: job.summary.clone().unwrap_or_default(),
            // The stored HTML: Markdown keeps it as it is, so nothing of
            // its formatting is lost on saving.
            description: job.content.clone(),
            lang: job.lang.clone(),
            employment_type: job.employment_type.clone(),
            city: job.location_city.clone().unwrap_or_default(),
            country: job.location_country.clone().unwrap_or_default(),
            remote: job.remote.then(|| "on".into()),
            salary_min: amount(job.salary_min),
            salary_max: amount(job.salary_max),
            salary_currency: job.salary_currency.clone().unwrap_or_default(),
            salary_period: job.salary_period.clone().unwrap_or_default(),
            skills: skills.join(", "),
            languages: job.languages.0.join(", "),
            valid_through: job.valid_through.to_string(),
            apply_url: job.apply_url.clone().unwrap_or_default(),
            apply_email: job.apply_email.clone().unwrap_or_default(),
            publish_to_all: job.publish_to_all.then(|| "on".into()),
            translations,
        }
    }
}

fn job_form_page(ctx: &Ctx, csrf: &str, action: &str, title: &str, form: &JobForm, errors: &Errors) -> Markup {
    let tr = &ctx.tr;
    let types: Vec<(String, String)> = coopfed_core::jobs::EMPLOYMENT_TYPES
        .iter()
        .map(|t| ((*t).to_owned(), tr.t(&format!("employment-{t}"))))
        .collect();
    let periods: Vec<(String, String)> = std::iter::once((String::new(), tr.t("filter-any")))
        .chain(coopfed_core::jobs::SALARY_PERIODS.iter().map(|p| ((*p).to_owned(), tr.t(&format!("period-{p}")))))
        .collect();
    let lang = if form.lang.is_empty() { tr.lang.code() } else { form.lang.as_str() };
    let languages = language_options(lang);
    let translation = |key: &str| form.translations.get(key).map_or("", String::as_str);
    let body = html! {
        h1 { (title) }
        (errors.alert(tr, &["title", "summary", "description", "lang", "employment_type", "city", "country", "salary_min", "salary_max", "salary_currency", "salary_period", "skills", "languages", "valid_through", "apply_url", "apply_email"]))
        form.stacked.wide method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            (input(tr, "text", "title", &tr.t("job-form-title"), &form.title, errors, true))
            (input(tr, "text", "summary", &tr.t("job-form-summary"), &form.summary, errors, false))
            (textarea(tr, "description", &tr.t("job-form-description"), &form.description, errors, 10))
            (select(tr, "lang", &tr.t("job-form-lang"), lang, &languages, errors))
            (select(tr, "employment_type", &tr.t("filter-employment"), &form.employment_type, &types, errors))
            (input(tr, "text", "city", &tr.t("job-form-city"), &form.city, errors, false))
            (input_hint(tr, "country", &tr.t("job-form-country"), &tr.t("job-form-country-hint"), &form.country, errors))
            (checkbox("remote", &tr.t("job-form-remote"), form.remote.is_some()))
            fieldset {
                legend { (tr.t("job-salary")) }
                (input(tr, "text", "salary_min", &tr.t("job-form-salary-min"), &form.salary_min, errors, false))
                (input(tr, "text", "salary_max", &tr.t("job-form-salary-max"), &form.salary_max, errors, false))
                (input_hint(tr, "salary_currency", &tr.t("job-form-currency"), &tr.t("job-form-currency-hint"), &form.salary_currency, errors))
                (select(tr, "salary_period", &tr.t("job-form-period"), &form.salary_period, &periods, errors))
                (errors.message(tr, "salary"))
            }
            (input_hint(tr, "skills", &tr.t("job-skills"), &tr.t("job-form-skills-hint"), &form.skills, errors))
            (input_hint(tr, "languages", &tr.t("job-languages"), &tr.t("job-form-languages-hint"), &form.languages, errors))
            (input(tr, "date", "valid_through", &tr.t("job-valid-through"), &form.valid_through, errors, true))
            (input(tr, "url", "apply_url", &tr.t("job-form-apply-url"), &form.apply_url, errors, false))
            (input(tr, "email", "apply_email", &tr.t("job-form-apply-email"), &form.apply_email, errors, false))
            (checkbox("publish_to_all", &tr.t("job-form-publish-to-all"), form.publish_to_all.is_some()))
            @for other in Lang::ALL {
                details {
                    summary { (tr.t_with("job-form-translation", &[("language", Arg::Text(language_name(tr, other)))])) }
                    @let prefix = other.code();
                    (input(tr, "text", &format!("{prefix}_title"), &tr.t("job-form-title"), translation(&format!("{prefix}_title")), errors, false))
                    (input(tr, "text", &format!("{prefix}_summary"), &tr.t("job-form-summary"), translation(&format!("{prefix}_summary")), errors, false))
                    (textarea(tr, &format!("{prefix}_description"), &tr.t("job-form-description"), translation(&format!("{prefix}_description")), errors, 6))
                }
            }
            div.actions { button type="submit" { (tr.t("form-save")) } }
        }
    };
    layout(ctx, title, &[], body)
}

/// `GET /console/{slug}/jobs/new`
pub(crate) async fn new_job(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    own_coop(&state, &user, &slug).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let form = JobForm { publish_to_all: Some("on".into()), ..JobForm::default() };
    let title = ctx.tr.t("console-new-job");
    Ok(page(job_form_page(&ctx, csrf, &format!("/console/{slug}/jobs/new"), &title, &form, &Errors::default())))
}

/// `POST /console/{slug}/jobs/new`: publishes the offer.
pub(crate) async fn create_job(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<JobForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    check_session_csrf(user, &form.csrf)?;
    own_coop(&state, user, &slug).await?;
    let taxonomy = state.federation().skills.current().await?;
    let record = coopfed_service::jobs::record_from_json(
        form.to_json(&slug),
        &coopfed_service::jobs::fresh_slug(&form.title),
        None,
        (coopfed_core::clock::today(), state.language()),
        &taxonomy,
    );
    let record = match record {
        Ok(record) => record,
        Err(errors) => {
            let csrf = user.csrf_token().unwrap_or_default();
            let title = ctx.tr.t("console-new-job");
            let markup =
                job_form_page(&ctx, csrf, &format!("/console/{slug}/jobs/new"), &title, &form, &Errors::of(errors));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(markup)).into_response());
        }
    };
    let federation = state.federation();
    let job = coopfed_service::jobs::publish(&state.writer(user.actor()), state.urls(), record).await?;
    federation.wake_deliveries.notify_one();
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// The local offer `id` of the co-op `member`.
async fn own_job(state: &AppState, member: &MemberRow, id: String) -> Result<(JobRow, Vec<String>), AppError> {
    let member_id = member.id.clone();
    let found = state
        .db()
        .run(move |conn| -> Result<_, DbError> {
            let Some(job) = jobs::find(conn, &id)? else { return Ok(None) };
            let skills = jobs::skills_of(conn, &job.id)?;
            Ok(Some((job, skills)))
        })
        .await?;
    found
        .filter(|(job, _)| job.is_local && job.deleted_at.is_none() && job.member_id == member_id)
        .ok_or(AppError::NotFound("job"))
}

/// What the form does not show of a stored offer, kept: whether it is sample
/// data, and its texts in languages other than the four of the interface.
fn keep_unedited_job_fields(body: &mut Value, job: &JobRow) {
    let Value::Object(o) = body else { return };
    o.insert("fictional".into(), Value::Bool(job.fictional));
    let translations = o.entry("translations").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(translations) = translations else { return };
    for (lang, t) in &job.translations.0 {
        if Lang::from_code(lang).is_some() {
            continue;
        }
        let mut text = Map::new();
        for (key, value) in [("title", &t.title), ("summary", &t.summary), ("description", &t.content)] {
            if let Some(value) = value {
                text.insert(key.into(), Value::String(value.clone()));
            }
        }
        translations.insert(lang.clone(), Value::Object(text));
    }
    if translations.is_empty() {
        o.remove("translations");
    }
}

/// `GET /console/{slug}/jobs/{id}`
pub(crate) async fn edit_job(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let member = own_coop(&state, &user, &slug).await?;
    let (job, skills) = own_job(&state, &member, id).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let title = ctx.tr.t("console-edit-job");
    let action = format!("/console/{slug}/jobs/{}", job.id);
    Ok(page(job_form_page(&ctx, csrf, &action, &title, &JobForm::of(&job, &skills), &Errors::default())))
}

/// `POST /console/{slug}/jobs/{id}`: saves the offer and sends the update.
pub(crate) async fn update_job(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    Form(form): Form<JobForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    check_session_csrf(user, &form.csrf)?;
    let member = own_coop(&state, user, &slug).await?;
    let (job, _) = own_job(&state, &member, id).await?;
    let taxonomy = state.federation().skills.current().await?;
    let job_slug = job.slug.clone().unwrap_or_else(|| coopfed_service::jobs::fresh_slug(&form.title));
    let mut body = form.to_json(&slug);
    keep_unedited_job_fields(&mut body, &job);
    let record = coopfed_service::jobs::record_from_json(
        body,
        &job_slug,
        Some(&slug),
        (job.posted_on, state.language()),
        &taxonomy,
    );
    let action = format!("/console/{slug}/jobs/{}", job.id);
    let record = match record {
        Ok(record) => record,
        Err(errors) => {
            let csrf = user.csrf_token().unwrap_or_default();
            let title = ctx.tr.t("console-edit-job");
            let markup = job_form_page(&ctx, csrf, &action, &title, &form, &Errors::of(errors));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(markup)).into_response());
        }
    };
    let federation = state.federation();
    coopfed_service::jobs::update(&state.writer(user.actor()), &job.ap_id, record).await?;
    federation.wake_deliveries.notify_one();
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: String,
}

/// `POST /console/{slug}/jobs/{id}/close`: withdraws the offer everywhere.
pub(crate) async fn close_job(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    check_session_csrf(user, &form.csrf)?;
    let member = own_coop(&state, user, &slug).await?;
    let (job, _) = own_job(&state, &member, id).await?;
    crate::stream::withdraw::<JobRow>(&state, user, &job.id).await?;
    Ok(Redirect::to(&format!("/console/{slug}")).into_response())
}

/// The news form as posted.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewsForm {
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    online_url: String,
    publish_to_all: Option<String>,
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A `datetime-local` value in the zone `zone` (UTC when unknown).
fn local_time(
    field: &str,
    text: &str,
    zone: &str,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, FieldError> {
    use chrono::{Offset, TimeZone};
    let Some(text) = optional(text) else { return Ok(None) };
    let bad = || FieldError { field: field.to_owned(), problem: Problem::NotDateTime { text: text.clone() } };
    let naive = chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| bad())?;
    let zone: chrono_tz::Tz = zone.trim().parse().unwrap_or(chrono_tz::UTC);
    let at = zone.from_local_datetime(&naive).earliest().ok_or_else(bad)?;
    let offset = at.offset().fix();
    Ok(Some(at.with_timezone(&offset)))
}

fn news_form_page(ctx: &Ctx, csrf: &str, slug: &str, form: &NewsForm, errors: &Errors) -> Markup {
    let tr = &ctx.tr;
    let title = tr.t("console-new-news");
    let kinds = [("news".to_owned(), tr.t("kind-news")), ("event".to_owned(), tr.t("kind-event"))];
    let languages: Vec<(String, String)> =
        Lang::ALL.iter().map(|l| (l.code().to_owned(), l.own_name().to_owned())).collect();
    let lang = if form.lang.is_empty() { tr.lang.code() } else { form.lang.as_str() };
    let body = html! {
        h1 { (title) }
        (errors.alert(tr, &["kind", "title", "summary", "content", "lang", "start", "end", "timezone", "place", "city", "country", "online_url"]))
        form.stacked.wide method="post" action=(format!("/console/{slug}/news/new")) {
            input type="hidden" name="csrf" value=(csrf);
            (select(tr, "kind", &tr.t("filter-kind"), &form.kind, &kinds, errors))
            (input(tr, "text", "title", &tr.t("job-form-title"), &form.title, errors, true))
            (input(tr, "text", "summary", &tr.t("job-form-summary"), &form.summary, errors, false))
            (textarea(tr, "content", &tr.t("news-form-content"), &form.content, errors, 8))
            (select(tr, "lang", &tr.t("job-form-lang"), lang, &languages, errors))
            fieldset {
                legend { (tr.t("news-form-event")) }
                (input(tr, "datetime-local", "start", &tr.t("event-starts"), &form.start, errors, false))
                (input(tr, "datetime-local", "end", &tr.t("event-ends"), &form.end, errors, false))
                (input_hint(tr, "timezone", &tr.t("news-form-timezone"), &tr.t("news-form-timezone-hint"), &form.timezone, errors))
                (input(tr, "text", "place", &tr.t("event-place"), &form.place, errors, false))
                (input(tr, "text", "city", &tr.t("job-form-city"), &form.city, errors, false))
                (input_hint(tr, "country", &tr.t("job-form-country"), &tr.t("job-form-country-hint"), &form.country, errors))
                (input(tr, "url", "online_url", &tr.t("news-form-online-url"), &form.online_url, errors, false))
                (errors.message(tr, "location"))
            }
            (checkbox("publish_to_all", &tr.t("job-form-publish-to-all"), form.publish_to_all.is_some()))
            div.actions { button type="submit" { (tr.t("form-save")) } }
        }
    };
    layout(ctx, &title, &[], body)
}

/// `GET /console/{slug}/news/new`
pub(crate) async fn new_news(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    own_coop(&state, &user, &slug).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let form = NewsForm { kind: "news".into(), ..NewsForm::default() };
    Ok(page(news_form_page(&ctx, csrf, &slug, &form, &Errors::default())))
}

/// `POST /console/{slug}/news/new`: publishes news or an event of the co-op.
pub(crate) async fn create_news(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<NewsForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    check_session_csrf(user, &form.csrf)?;
    own_coop(&state, user, &slug).await?;
    let fail = |errors: Vec<FieldError>| {
        let csrf = user.csrf_token().unwrap_or_default();
        (StatusCode::UNPROCESSABLE_ENTITY, page(news_form_page(&ctx, csrf, &slug, &form, &Errors::of(errors))))
            .into_response()
    };
    let times = (local_time("start", &form.start, &form.timezone), local_time("end", &form.end, &form.timezone));
    let (starts_at, ends_at) = match times {
        (Ok(start), Ok(end)) => (start, end),
        (start, end) => return Ok(fail(start.err().into_iter().chain(end.err()).collect())),
    };
    let input = coopfed_service::announcements::AnnouncementInput {
        kind: form.kind.trim().to_owned(),
        member: Some(slug.clone()),
        title: form.title.trim().to_owned(),
        summary: optional(&form.summary),
        content: form.content.clone(),
        lang: optional(&form.lang),
        starts_at,
        ends_at,
        timezone: optional(&form.timezone),
        location_name: optional(&form.place),
        city: optional(&form.city),
        country: optional(&form.country).map(|c| c.to_ascii_uppercase()),
        online_url: optional(&form.online_url),
        publish_to_all: form.publish_to_all.is_some(),
    };
    let federation = state.federation();
    match coopfed_service::announcements::publish(&state.writer(user.actor()), state.urls(), input).await {
        Ok(row) => {
            federation.wake_deliveries.notify_one();
            Ok(Redirect::to(&format!("/announcements/{}", row.id)).into_response())
        }
        Err(coopfed_service::ServiceError::Invalid { field, problem }) => {
            Ok(fail(vec![FieldError { field: field.to_owned(), problem }]))
        }
        Err(other) => Err(other.into()),
    }
}

/// The profile form as posted.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProfileForm {
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    legal_form: String,
    #[serde(default)]
    size: String,
    #[serde(default)]
    founded: String,
    #[serde(default)]
    services: String,
    #[serde(default)]
    technologies: String,
    #[serde(default)]
    sectors: String,
    #[serde(default)]
    skills: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    description_lang: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    social_links: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    joined: String,
    #[serde(flatten)]
    descriptions: BTreeMap<String, String>,
}

impl ProfileForm {
    fn of(member: &MemberRow, skills: &[String]) -> Self {
        let mut descriptions = BTreeMap::new();
        let main_lang = member.summary_lang.clone().unwrap_or_else(|| "en".into());
        if let Some(summary) = &member.summary {
            descriptions.insert(format!("description_{main_lang}"), summary.clone());
        }
        for (lang, t) in &member.translations.0 {
            if let Some(summary) = &t.summary {
                descriptions.insert(format!("description_{lang}"), summary.clone());
            }
        }
        let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        ProfileForm {
            csrf: String::new(),
            name: member.name.clone(),
            website: member.website.clone().unwrap_or_default(),
            country: member.country.clone().unwrap_or_default(),
            city: member.city.clone().unwrap_or_default(),
            languages: member.languages.0.join(", "),
            legal_form: member.legal_form.clone().unwrap_or_default(),
            size: number(member.size),
            founded: number(member.founded),
            services: member.services.0.join(", "),
            technologies: member.technologies.0.join(", "),
            sectors: member.sectors.0.join(", "),
            skills: skills.join(", "),
            contact_email: member.contact_email.clone().unwrap_or_default(),
            description_lang: main_lang,
            logo_url: member.logo_url.clone().unwrap_or_default(),
            social_links: member.social_links.0.join("\n"),
            latitude: member.latitude.map(|l| l.to_string()).unwrap_or_default(),
            longitude: member.longitude.map(|l| l.to_string()).unwrap_or_default(),
            joined: member.joined_on.map(|d| d.to_string()).unwrap_or_default(),
            descriptions,
        }
    }

    /// The profile as the API's JSON (empty fields left out).
    fn to_json(&self) -> Value {
        let mut o = Map::new();
        for (key, value) in [
            ("name", &self.name),
            ("website", &self.website),
            ("country", &self.country),
            ("city", &self.city),
            ("legal_form", &self.legal_form),
            ("contact_email", &self.contact_email),
            ("description_lang", &self.description_lang),
            ("logo_url", &self.logo_url),
            ("joined", &self.joined),
        ] {
            put(&mut o, key, value);
        }
        for (key, value) in [("size", &self.size), ("founded", &self.founded)] {
            if let Some(text) = optional(value) {
                o.insert(key.into(), text.parse::<i64>().map_or(Value::String(text), Value::from));
            }
        }
        for (key, value) in [
            ("languages", &self.languages),
            ("services", &self.services),
            ("technologies", &self.technologies),
            ("sectors", &self.sectors),
            ("skills", &self.skills),
            ("social_links", &self.social_links),
        ] {
            o.insert(key.into(), json!(list_of(value)));
        }
        if let (Some(lat), Some(lon)) = (optional(&self.latitude), optional(&self.longitude)) {
            let number = |t: String| t.parse::<f64>().map_or(Value::String(t), Value::from);
            o.insert("coordinates".into(), json!({"lat": number(lat), "lon": number(lon)}));
        }
        let mut description = Map::new();
        for lang in Lang::ALL {
            if let Some(text) = self.descriptions.get(&format!("description_{}", lang.code())) {
                put(&mut description, lang.code(), text);
            }
        }
        if !description.is_empty() {
            o.insert("description".into(), Value::Object(description));
        }
        Value::Object(o)
    }
}

/// What the form does not show of a stored profile, kept: whether it is
/// sample data, and its descriptions in other languages.
fn keep_unedited_profile_fields(body: &mut Value, member: &MemberRow) {
    let Value::Object(o) = body else { return };
    o.insert("fictional".into(), Value::Bool(member.fictional));
    let mut others: Vec<(String, String)> =
        member.translations.0.iter().filter_map(|(lang, t)| t.summary.clone().map(|s| (lang.clone(), s))).collect();
    if let (Some(lang), Some(summary)) = (&member.summary_lang, &member.summary) {
        others.push((lang.clone(), summary.clone()));
    }
    let description = o.entry("description").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(description) = description else { return };
    for (lang, text) in others {
        if Lang::from_code(&lang).is_none() {
            description.insert(lang, Value::String(text));
        }
    }
    if description.is_empty() {
        o.remove("description");
    }
}

fn profile_page(ctx: &Ctx, csrf: &str, slug: &str, form: &ProfileForm, errors: &Errors) -> Markup {
    let tr = &ctx.tr;
    let title = tr.t("console-edit-profile");
    let languages = language_options(&form.description_lang);
    let description =
        |lang: Lang| form.descriptions.get(&format!("description_{}", lang.code())).map_or("", String::as_str);
    let body = html! {
        h1 { (title) }
        (errors.alert(tr, &["name", "website", "country", "city", "description_lang", "skills", "services", "technologies", "sectors", "languages", "size", "legal_form", "founded", "joined", "contact_email", "logo_url", "social_links"]))
        form.stacked.wide method="post" action=(format!("/console/{slug}/profile")) {
            input type="hidden" name="csrf" value=(csrf);
            (input(tr, "text", "name", &tr.t("profile-name"), &form.name, errors, true))
            (input(tr, "url", "website", &tr.t("coop-website"), &form.website, errors, true))
            (input_hint(tr, "country", &tr.t("job-form-country"), &tr.t("job-form-country-hint"), &form.country, errors))
            (input(tr, "text", "city", &tr.t("job-form-city"), &form.city, errors, false))
            (select(tr, "description_lang", &tr.t("profile-main-language"), &form.description_lang, &languages, errors))
            @for lang in Lang::ALL {
                (textarea(tr, &format!("description_{}", lang.code()), &tr.t_with("profile-description", &[("language", Arg::Text(language_name(tr, lang)))]), description(lang), errors, 4))
            }
            (errors.message(tr, "description"))
            (input_hint(tr, "skills", &tr.t("coop-skills"), &tr.t("job-form-skills-hint"), &form.skills, errors))
            (input_hint(tr, "services", &tr.t("coop-services"), &tr.t("profile-list-hint"), &form.services, errors))
            (input_hint(tr, "technologies", &tr.t("coop-technologies"), &tr.t("profile-list-hint"), &form.technologies, errors))
            (input_hint(tr, "sectors", &tr.t("coop-sectors"), &tr.t("profile-list-hint"), &form.sectors, errors))
            (input_hint(tr, "languages", &tr.t("coop-languages"), &tr.t("job-form-languages-hint"), &form.languages, errors))
            (input(tr, "text", "size", &tr.t("coop-size"), &form.size, errors, false))
            (input(tr, "text", "legal_form", &tr.t("coop-legal-form"), &form.legal_form, errors, false))
            (input(tr, "text", "founded", &tr.t("coop-founded"), &form.founded, errors, false))
            (input(tr, "date", "joined", &tr.t("coop-joined"), &form.joined, errors, false))
            (input(tr, "email", "contact_email", &tr.t("coop-contact"), &form.contact_email, errors, false))
            (input(tr, "url", "logo_url", &tr.t("profile-logo"), &form.logo_url, errors, false))
            (textarea(tr, "social_links", &tr.t("coop-links"), &form.social_links, errors, 3))
            fieldset {
                legend { (tr.t("profile-coordinates")) }
                (input(tr, "text", "latitude", &tr.t("profile-latitude"), &form.latitude, errors, false))
                (input(tr, "text", "longitude", &tr.t("profile-longitude"), &form.longitude, errors, false))
                (errors.message(tr, "coordinates"))
            }
            div.actions { button type="submit" { (tr.t("form-save")) } }
        }
    };
    layout(ctx, &title, &[], body)
}

/// `GET /console/{slug}/profile`
pub(crate) async fn edit_profile(
    State(state): State<AppState>,
    SignedIn { ctx, user }: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let member = own_coop(&state, &user, &slug).await?;
    let member_id = member.id.clone();
    let skills = state.db().run(move |conn| coopfed_db::skills::member_skills_of(conn, &member_id)).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    Ok(page(profile_page(&ctx, csrf, &slug, &ProfileForm::of(&member, &skills), &Errors::default())))
}

/// `POST /console/{slug}/profile`: saves the profile and tells the partners.
pub(crate) async fn save_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthorized)?;
    check_session_csrf(user, &form.csrf)?;
    let member = own_coop(&state, user, &slug).await?;
    let mut body = form.to_json();
    keep_unedited_profile_fields(&mut body, &member);
    let record = match crate::members::record_of(&state, body, Some(&slug)).await {
        Ok(record) => record,
        Err(AppError::InvalidFields(errors)) => {
            let csrf = user.csrf_token().unwrap_or_default();
            let markup = profile_page(&ctx, csrf, &slug, &form, &Errors::of(errors));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(markup)).into_response());
        }
        Err(other) => return Err(other),
    };
    let federation = state.federation();
    coopfed_service::members::save(
        &state.writer(user.actor()),
        state.urls(),
        record,
        coopfed_service::members::Expect::Existing,
    )
    .await?;
    federation.wake_deliveries.notify_one();
    Ok(Redirect::to(&format!("/members/{slug}")).into_response())
}
