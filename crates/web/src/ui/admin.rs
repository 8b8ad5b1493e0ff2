//! The admin console: what a network's admins look after. Admins only;
//! anyone else signed in is refused, anyone not signed in is sent to log in.

use axum::{
    Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::html;

use super::{
    components::{next_page, pager, post_button, select_field, text_field},
    page::{AdminPage, Ctx, layout, moment, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, accounts::check_session_csrf, admin::AuditParams, auth::CurrentUser};

/// `GET /admin`: the sections of the admin console.
pub(crate) async fn home(
    State(state): State<AppState>,
    AdminPage { ctx, .. }: AdminPage,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let open_reports = coopfed_service::reports::waiting_count(state.db()).await?;
    let title = tr.t("admin-title");
    let sections = [
        ("/admin/members", tr.t("roster-title"), tr.t("admin-roster-text")),
        ("/console", tr.t("admin-coops"), tr.t("admin-coops-text")),
        ("/admin/partners", tr.t("partners-title"), tr.t("admin-partners-text")),
        ("/admin/audit", tr.t("audit-title"), tr.t("admin-audit-text")),
        ("/admin/domains", tr.t("domains-title"), tr.t("admin-domains-text")),
        ("/admin/policies", tr.t("policies-title"), tr.t("admin-policies-text")),
        ("/admin/deliveries", tr.t("queue-title"), tr.t("admin-queue-text")),
        ("/admin/keys", tr.t("keys-title"), tr.t("admin-keys-text")),
        (
            "/admin/reports",
            tr.t_with("admin-reports", &[("count", Arg::from(usize::try_from(open_reports).unwrap_or(0)))]),
            tr.t("admin-reports-text"),
        ),
        ("/federation", tr.t("nav-federation"), tr.t("admin-federation-text")),
    ];
    let body = html! {
        h1 { (title) }
        ul.sections {
            @for (href, name, text) in &sections {
                li { a href=(href) { (name) } p { (text) } }
            }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// `GET /admin/audit`: who changed what and when, newest first, filtered.
pub(crate) async fn audit(
    State(state): State<AppState>,
    AdminPage { ctx, .. }: AdminPage,
    Query(params): Query<AuditParams>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let limit = crate::stream::page_size(params.limit);
    let found = coopfed_service::audit::entries(state.db(), &params.query(), params.before.clone(), limit + 1).await;
    let (rows, since_error) = match found {
        Ok(rows) => (rows, None),
        Err(coopfed_service::ServiceError::Invalid { problem, .. }) => (Vec::new(), Some(tr.problem(&problem))),
        Err(other) => return Err(other.into()),
    };
    let (rows, next) = crate::stream::paged(rows, limit, |e| e.id.clone());
    let pairs = vec![
        ("actor", params.actor.as_deref()),
        ("action", params.action.as_deref()),
        ("target", params.target.as_deref()),
        ("since", params.since.as_deref()),
    ];
    let next = next.map(|cursor| next_page("/admin/audit", pairs, params.limit, &cursor));
    let title = tr.t("audit-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("audit-lede")) }
        form.filters.across method="get" action="/admin/audit" role="search" aria-label=(tr.t("audit-filter-label")) {
            (text_field("actor", &tr.t("audit-actor"), params.actor.as_deref(), None))
            (text_field("action", &tr.t("audit-action"), params.action.as_deref(), None))
            (text_field("target", &tr.t("audit-target"), params.target.as_deref(), None))
            (text_field("since", &tr.t("audit-since"), params.since.as_deref(), since_error.as_deref()))
            div.actions {
                button type="submit" { (tr.t("filter-apply")) }
                " " a href="/admin/audit" { (tr.t("filter-reset")) }
            }
        }
        @if rows.is_empty() {
            p.empty { (tr.t("audit-none")) }
        } @else {
            div {
                table.status {
                    caption { (tr.t("audit-caption")) }
                    thead {
                        tr {
                            th scope="col" { (tr.t("audit-at")) }
                            th scope="col" { (tr.t("audit-col-actor")) }
                            th scope="col" { (tr.t("audit-col-action")) }
                            th scope="col" { (tr.t("audit-col-target")) }
                            th scope="col" { (tr.t("audit-details")) }
                        }
                    }
                    tbody {
                        @for entry in &rows {
                            tr {
                                td { time datetime=(entry.at.format("%Y-%m-%dT%H:%M:%SZ")) { (moment(tr, entry.at)) } }
                                td { (entry.actor) }
                                td { code { (entry.action) } }
                                td { (entry.target.as_deref().unwrap_or("")) }
                                td { (entry.details.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
        (pager(tr, next))
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// The domain rules form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DomainForm {
    csrf: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
}

/// `GET /admin/domains`: the blocked and allowed domains.
pub(crate) async fn domains(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    domains_page(&state, &ctx, &user, &DomainForm::default(), None).await
}

async fn domains_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    form: &DomainForm,
    error: Option<(&str, String)>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let rules = coopfed_service::domains::list(state.db()).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let kinds = [("block".to_owned(), tr.t("domains-kind-block")), ("allow".to_owned(), tr.t("domains-kind-allow"))];
    let error_of = |field: &str| error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str());
    let kind_label = |kind: coopfed_db::domains::DomainRuleKind| match kind {
        coopfed_db::domains::DomainRuleKind::Block => tr.t("domains-kind-block"),
        coopfed_db::domains::DomainRuleKind::Allow => tr.t("domains-kind-allow"),
    };
    let title = tr.t("domains-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("domains-lede")) }
        form.stacked method="post" action="/admin/domains" {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("domain", &tr.t("domains-domain"), Some(form.domain.as_str()), error_of("domain")))
            (select_field(tr, "kind", &tr.t("domains-kind"), Some(if form.kind.is_empty() { "block" } else { form.kind.as_str() }), &kinds, error_of("kind")))
            (text_field("reason", &tr.t("domains-reason"), Some(form.reason.as_str()), error_of("reason")))
            div.actions { button type="submit" { (tr.t("domains-save")) } }
        }
        @if rules.is_empty() {
            p.empty { (tr.t("domains-none")) }
        } @else {
            table.status {
                caption { (tr.t("domains-caption")) }
                thead {
                    tr {
                        th scope="col" { (tr.t("domains-domain")) }
                        th scope="col" { (tr.t("domains-kind")) }
                        th scope="col" { (tr.t("domains-reason")) }
                        th scope="col" { (tr.t("audit-col-actor")) }
                        th scope="col" { (tr.t("audit-at")) }
                        th scope="col" { span.visually-hidden { (tr.t("domains-remove")) } }
                    }
                }
                tbody {
                    @for rule in &rules {
                        tr {
                            td { (rule.domain) }
                            td { (kind_label(rule.kind)) }
                            td { (rule.reason.as_deref().unwrap_or("")) }
                            td { (rule.created_by) }
                            td { (moment(tr, rule.created_at)) }
                            td {
                                (post_button(csrf, "/admin/domains/remove", &[("domain", &rule.domain)], &tr.t("domains-remove"), &tr.t_with("domains-remove-label", &[("domain", Arg::from(rule.domain.as_str()))])))
                            }
                        }
                    }
                }
            }
        }
        @let configured = state.federation().settings.rules.blocked();
        @let stored: Vec<&str> = rules.iter().map(|r| r.domain.as_str()).collect();
        @let from_config: Vec<&String> = configured.iter().filter(|d| !stored.contains(&d.as_str())).collect();
        @if !from_config.is_empty() {
            h2 { (tr.t("domains-configured")) }
            ul { @for domain in from_config { li { (domain) } } }
        }
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page(layout(ctx, &title, &[], body))).into_response())
}

/// `POST /admin/domains`: blocks or allows a domain.
pub(crate) async fn save_domain(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<DomainForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let saved = async {
        let kind = coopfed_service::domains::kind(&form.kind)?;
        coopfed_service::domains::put(state.db(), &user.actor(), &form.domain, kind, Some(form.reason.clone())).await
    };
    match saved.await {
        Ok(_) => {
            crate::admin::apply_domain_rules(&state).await?;
            Ok(Redirect::to("/admin/domains").into_response())
        }
        Err(coopfed_service::ServiceError::Invalid { field, problem }) => {
            let message = ctx.tr.problem(&problem);
            domains_page(&state, &ctx, &user, &form, Some((field, message))).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/domains/remove`: removes a domain's rule.
pub(crate) async fn remove_domain(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<DomainForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    coopfed_service::domains::remove(state.db(), &user.actor(), &form.domain).await?;
    crate::admin::apply_domain_rules(&state).await?;
    Ok(Redirect::to("/admin/domains").into_response())
}

/// `GET /admin/reports`: the moderation queue (open reports first).
pub(crate) async fn reports(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Query(params): Query<crate::admin::ReportParams>,
) -> Result<Response, AppError> {
    reports_page(&state, &ctx, &user, &params, &SendForm::default(), None).await
}

/// A report of another server's items as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct SendForm {
    csrf: String,
    /// One id per line.
    #[serde(default)]
    targets: String,
    #[serde(default)]
    comment: String,
}

/// `POST /admin/reports/send`: reports another server's items to it.
pub(crate) async fn send_report(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<SendForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let targets: Vec<String> = form.targets.lines().map(str::to_owned).collect();
    let comment = Some(form.comment.clone());
    match crate::admin::send_for(&state, &user, &targets, comment).await {
        Ok(_) => Ok(Redirect::to("/admin/reports?state=resolved").into_response()),
        Err(AppError::Invalid { problem, .. }) => {
            let message = ctx.tr.problem(&problem);
            let params = crate::admin::ReportParams::default();
            reports_page(&state, &ctx, &user, &params, &form, Some(message)).await
        }
        Err(other) => Err(other),
    }
}

async fn reports_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    params: &crate::admin::ReportParams,
    send: &SendForm,
    send_error: Option<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    // Waiting reports unless the page asks for others (a wrong word too).
    let open = Some(coopfed_db::reports::ReportState::Open);
    let wanted = if params.state.is_none() { open } else { params.state().unwrap_or(open) };
    let limit = crate::stream::page_size(params.limit);
    let rows = coopfed_service::reports::list(state.db(), wanted, params.before.clone(), limit + 1).await?;
    let (rows, next) = crate::stream::paged(rows, limit, |r| r.id.clone());
    let state_word = wanted.map(|s| s.as_str()).unwrap_or("");
    let next = next.map(|cursor| next_page("/admin/reports", vec![("state", Some(state_word))], params.limit, &cursor));
    let csrf = user.csrf_token().unwrap_or_default();
    let follow_requests = super::partners::waiting(state).await?;
    let title = tr.t("reports-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("reports-lede")) }
        nav.tabs aria-label=(tr.t("reports-which")) {
            a href="/admin/reports?state=open" aria-current=[(state_word == "open").then_some("page")] { (tr.t("reports-open")) }
            " · "
            a href="/admin/reports?state=resolved" aria-current=[(state_word == "resolved").then_some("page")] { (tr.t("reports-resolved")) }
        }
        @if state_word == "open" && !follow_requests.is_empty() {
            h2 { (tr.t("partners-waiting")) }
            (super::partners::waiting_table(tr, csrf, &follow_requests, "/admin/reports"))
            h2 { (tr.t("reports-title")) }
        }
        @if rows.is_empty() { p.empty { (tr.t("reports-none")) } }
        @for report in &rows {
            @let snapshot: Vec<serde_json::Value> = serde_json::from_str(&report.snapshot).unwrap_or_default();
            article.card {
                p.meta {
                    (tr.t_with("reports-by", &[("reporter", Arg::from(report.reporter.as_str()))]))
                    " · " (moment(tr, report.created_at))
                }
                @if let Some(comment) = &report.comment { blockquote { (comment) } }
                ul.plain {
                    @for item in &snapshot {
                        li { (reported_item(tr, item)) }
                    }
                }
                @if report.state == coopfed_db::reports::ReportState::Open {
                    div.actions {
                        @for (action, label) in [("dismiss", "reports-dismiss"), ("take_down", "reports-take-down"), ("block_actor", "reports-block-actor"), ("block_domain", "reports-block-domain")] {
                            form.inline method="post" action=(format!("/admin/reports/{}/resolve", report.id)) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="action" value=(action);
                                button type="submit" { (tr.t(label)) }
                            }
                            " "
                        }
                    }
                } @else {
                    p.meta {
                        (tr.t(&format!("reports-resolution-{}", report.resolution.as_deref().unwrap_or("dismissed").replace('_', "-"))))
                        @if let Some(by) = &report.resolved_by { " · " (by) }
                        @if let Some(at) = report.resolved_at { " · " (moment(tr, at)) }
                    }
                }
            }
        }
        (pager(tr, next))
        h2 #send { (tr.t("reports-send-title")) }
        p { (tr.t("reports-send-text")) }
        form.stacked method="post" action="/admin/reports/send" {
            input type="hidden" name="csrf" value=(csrf);
            div.field {
                label for="targets" { (tr.t("reports-send-targets")) }
                textarea id="targets" name="targets" rows="3" required
                    aria-invalid=[send_error.as_ref().map(|_| "true")] aria-describedby=[send_error.as_ref().map(|_| "targets-error")] { (send.targets) }
                @if let Some(error) = &send_error { p.error id="targets-error" { (error) } }
            }
            div.field {
                label for="comment" { (tr.t("reports-send-comment")) }
                textarea id="comment" name="comment" rows="3" { (send.comment) }
            }
            div.actions { button type="submit" { (tr.t("reports-send")) } }
        }
    };
    let status = if send_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page(layout(ctx, &title, &[], body))).into_response())
}

/// One reported item as this instance held it when the report arrived.
fn reported_item(tr: &Tr, item: &serde_json::Value) -> maud::Markup {
    let text = |key: &str| item.get(key).and_then(serde_json::Value::as_str);
    let kind = text("kind").unwrap_or("unknown");
    let href = match (kind, text("local_id")) {
        ("job", Some(id)) => Some(format!("/jobs/{id}")),
        ("news" | "event", Some(id)) => Some(format!("/announcements/{id}")),
        ("coop", Some(id)) => Some(format!("/coops/{id}")),
        _ => None,
    };
    html! {
        strong { (tr.t(&format!("reports-kind-{kind}"))) } ": "
        @match (text("title"), href) {
            (Some(title), Some(href)) => a href=(href) { (title) },
            (Some(title), None) => (title),
            (None, _) => code { (text("id").unwrap_or("")) },
        }
        @if let Some(summary) = text("summary") { br; small { (summary) } }
        @if let Some(excerpt) = text("text") { details { summary { (tr.t("reports-text")) } p { (excerpt) } } }
    }
}

/// `POST /admin/reports/{id}/resolve`: dismisses a report, takes its items
/// down or blocks their domain.
pub(crate) async fn resolve_report(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    axum::extract::Path(id): axum::extract::Path<String>,
    Form(form): Form<ResolveForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let action = coopfed_service::reports::Action::parse(&form.action)?;
    crate::admin::resolve_for(&state, &user, &id, action).await?;
    Ok(Redirect::to("/admin/reports").into_response())
}

/// A report's resolution as posted.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct ResolveForm {
    csrf: String,
    #[serde(default)]
    action: String,
}

/// The policies form as posted.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct PoliciesForm {
    csrf: String,
    partner: Option<String>,
    group: Option<String>,
}

/// `GET /admin/policies`: how this instance answers other networks.
pub(crate) async fn policies(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let current = &state.federation().settings.policies;
    let partner = coopfed_federation::policies::partner_word(current.partner());
    let group = coopfed_federation::policies::group_word(current.group());
    let csrf = user.csrf_token().unwrap_or_default();
    let title = tr.t("policies-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("policies-lede")) }
        form.stacked method="post" action="/admin/policies" {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { (tr.t("policies-partner")) }
                @for (word, label) in [("auto", "policies-partner-auto"), ("review", "policies-partner-review")] {
                    div.check {
                        input type="radio" id=(format!("partner-{word}")) name="partner" value=(word) checked[partner == word];
                        label for=(format!("partner-{word}")) { (tr.t(label)) }
                    }
                }
            }
            fieldset {
                legend { (tr.t("policies-group")) }
                @for (word, label) in [("members", "policies-group-members"), ("partners", "policies-group-partners"), ("anyone", "policies-group-anyone")] {
                    div.check {
                        input type="radio" id=(format!("group-{word}")) name="group" value=(word) checked[group == word];
                        label for=(format!("group-{word}")) { (tr.t(label)) }
                    }
                }
            }
            div.actions { button type="submit" { (tr.t("policies-save")) } }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

/// `POST /admin/policies`: changes them, in force at once.
pub(crate) async fn save_policies(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<PoliciesForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    crate::admin::set_policies(&state, &user, form.partner.as_deref(), form.group.as_deref()).await?;
    Ok(Redirect::to("/admin/policies").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn times_of_the_log_in_each_language() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).and_then(|d| d.and_hms_opt(9, 5, 7)).unwrap_or_default();
        assert_eq!(moment(&Tr::new(Lang::De), at), "4. Dezember 2026, 09:05:07 UTC");
        assert_eq!(moment(&Tr::new(Lang::En), at), "4 December 2026, 09:05:07 UTC");
    }
}
