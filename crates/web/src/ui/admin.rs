//! The admin console: what a network's admins look after. Admins only;
//! anyone else signed in is refused, anyone not signed in is sent to log in.

use axum::{
    extract::{FromRequestParts, Query, State},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use chrono::NaiveDateTime;
use coopfed_core::Role;
use maud::html;

use super::{
    components::{next_page, pager, text_field},
    page::{Ctx, SignedIn, layout, page},
};
use crate::i18n::Tr;
use crate::{AppError, AppState, admin::AuditParams};

/// A signed-in admin's page.
pub(crate) struct AdminPage {
    ctx: Ctx,
}

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let SignedIn { ctx, user } = SignedIn::from_request_parts(parts, state).await?;
        if user.user.role != Role::Admin {
            return Err(AppError::Forbidden("admins only").into_response());
        }
        Ok(AdminPage { ctx })
    }
}

/// `GET /admin`: the sections of the admin console.
pub(crate) async fn home(AdminPage { ctx }: AdminPage) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let title = tr.t("admin-title");
    let sections = [
        ("/console", tr.t("admin-coops"), tr.t("admin-coops-text")),
        ("/admin/audit", tr.t("audit-title"), tr.t("admin-audit-text")),
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

/// A time of the log in the reader's language (UTC).
fn moment(tr: &Tr, at: NaiveDateTime) -> String {
    format!("{}, {} UTC", tr.date(at.date()), at.format("%H:%M:%S"))
}

/// `GET /admin/audit`: who changed what and when, newest first, filtered.
pub(crate) async fn audit(
    State(state): State<AppState>,
    AdminPage { ctx }: AdminPage,
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
