//! Importing a member directory from the admin console: the file's content
//! is checked first and what would happen is shown (new co-ops, updated
//! ones, every problem with its record and line); only then can it be
//! imported, in one transaction.

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use maud::html;

use super::page::{AdminPage, Ctx, layout, page};
use crate::i18n::Arg;
use crate::{AppError, AppState, accounts::check_session_csrf, auth::CurrentUser};

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ImportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    content: String,
    /// `yaml` or `csv`.
    #[serde(default)]
    format: String,
    /// Import the valid records even when others have problems.
    #[serde(default)]
    skip_invalid: bool,
    /// `check` (the default) or `apply`.
    #[serde(default)]
    step: String,
}

/// What the page reports under the form.
enum Outcome {
    Nothing,
    /// The file could not be read at all.
    Unreadable(String),
    Checked(coopfed_service::members::DirectoryCheck),
    /// (created, updated, skipped).
    Imported(usize, usize, usize),
}

/// `GET /admin/members/import`.
pub(crate) async fn form(AdminPage { ctx, user }: AdminPage) -> Result<Response, AppError> {
    Ok(import_page(&ctx, &user, &ImportForm::default(), &Outcome::Nothing))
}

fn import_page(ctx: &Ctx, user: &CurrentUser, form: &ImportForm, outcome: &Outcome) -> Response {
    let tr = &ctx.tr;
    let csrf = user.csrf_token().unwrap_or_default();
    let format = if form.format == "csv" { "csv" } else { "yaml" };
    let title = tr.t("import-title");
    let n = |v: usize| Arg::from(v);
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("import-lede")) }
        @match outcome {
            Outcome::Nothing => {}
            Outcome::Unreadable(message) => {
                div.notice role="alert" { p { strong { (tr.t("import-unreadable")) } } p { (message) } }
            }
            Outcome::Checked(check) => {
                section.notice role="status" aria-labelledby="import-report" {
                    h2 #import-report { (tr.t("import-report")) }
                    p { (tr.t_with("import-summary", &[("total", n(check.total)), ("new", n(check.new)), ("existing", n(check.existing)), ("errors", n(check.total - check.valid.len()))])) }
                    @if !check.errors.is_empty() {
                        h3 { (tr.t("import-problems")) }
                        ul.problems { @for error in &check.errors { li { (error) } } }
                    }
                    @if !check.valid.is_empty() && (check.errors.is_empty() || form.skip_invalid) {
                        form.stacked #import-apply method="post" action="/admin/members/import" {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="content" value=(form.content);
                            input type="hidden" name="format" value=(format);
                            input type="hidden" name="skip_invalid" value=(form.skip_invalid);
                            input type="hidden" name="step" value="apply";
                            div.actions { button type="submit" { (tr.t_with("import-apply", &[("count", n(check.valid.len()))])) } }
                        }
                    } @else if !check.errors.is_empty() {
                        p { (tr.t("import-fix-first")) }
                    }
                }
            }
            Outcome::Imported(created, updated, skipped) => {
                p.notice role="status" { (tr.t_with("import-done", &[("created", n(*created)), ("updated", n(*updated)), ("skipped", n(*skipped))])) }
            }
        }
        form.stacked #import-check method="post" action="/admin/members/import" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="step" value="check";
            div.field {
                label for="format" { (tr.t("import-format")) }
                select #format name="format" {
                    option value="yaml" selected[format == "yaml"] { "YAML" }
                    option value="csv" selected[format == "csv"] { "CSV" }
                }
            }
            div.field {
                label for="content" { (tr.t("import-content")) }
                p.hint #content-hint { (tr.t("import-content-hint")) }
                textarea #content name="content" rows="14" aria-describedby="content-hint" required { (form.content) }
            }
            div.check {
                input #skip_invalid type="checkbox" name="skip_invalid" value="true" checked[form.skip_invalid];
                label for="skip_invalid" { (tr.t("import-skip-invalid")) }
            }
            div.actions { button type="submit" { (tr.t("import-check")) } }
        }
    };
    let status = match outcome {
        Outcome::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    (status, page(layout(ctx, &title, &[], body))).into_response()
}

/// `POST /admin/members/import`: checks the content (`step=check`), or
/// checks it again and imports it (`step=apply`).
pub(crate) async fn submit(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<ImportForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let extension = if form.format == "csv" { "csv" } else { "yaml" };
    let name = format!("members.{extension}");
    let checked = coopfed_service::members::check_directory(
        state.db(),
        &name,
        extension,
        form.content.as_bytes(),
        state.language(),
    )
    .await;
    let check = match checked {
        Ok(check) => check,
        Err(coopfed_service::ServiceError::Invalid { problem, .. }) => {
            let outcome = Outcome::Unreadable(ctx.tr.problem(&problem));
            return Ok(import_page(&ctx, &user, &form, &outcome));
        }
        Err(other) => return Err(other.into()),
    };
    let may_apply = !check.valid.is_empty() && (check.errors.is_empty() || form.skip_invalid);
    if form.step != "apply" || !may_apply {
        return Ok(import_page(&ctx, &user, &form, &Outcome::Checked(check)));
    }
    let skipped = check.total - check.valid.len();
    let writer = state.writer(user.actor());
    let report = coopfed_service::members::import(&writer, state.urls(), check.valid, |_| {}).await?;
    state.federation().wake_deliveries.notify_one();
    // In the background: the page need not wait for PostgreSQL's `ANALYZE`.
    let db = state.db().clone();
    tokio::spawn(async move { db.refresh_statistics(coopfed_db::LISTING_TABLES).await });
    let outcome = Outcome::Imported(report.created, report.updated, skipped);
    Ok(import_page(&ctx, &user, &ImportForm { content: String::new(), ..form }, &outcome))
}
