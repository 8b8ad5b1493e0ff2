//! The admin console's partners: follow another network by its handle,
//! decide the requests waiting for review, see what we asked, end a
//! partnership.

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use coopfed_db::{
    actors::{ActorKind, ActorRow},
    follows::{FollowRow, FollowState},
};
use maud::{Markup, html};

use super::{
    components::{post_button, text_field},
    page::{AdminPage, Ctx, layout, moment, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, accounts::check_session_csrf, auth::CurrentUser};

type Follow = (FollowRow, ActorRow, ActorRow);

/// `GET /admin/partners`.
pub(crate) async fn show(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    partners_page(&state, &ctx, &user, "", None).await
}

fn who(actor: &ActorRow) -> Markup {
    html! { (actor.display_name) br; small { "@" (actor.username) "@" (actor.domain) } }
}

async fn partners_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    handle: &str,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (follows, partners) = state
        .db()
        .run(|conn| -> Result<_, AppError> {
            Ok((coopfed_db::follows::list_detailed(conn)?, coopfed_federation::partners::policy::partners(conn)?))
        })
        .await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let partner_domains: Vec<&str> = partners.iter().map(|p| p.domain.as_str()).collect();
    let waiting: Vec<&Follow> =
        follows.iter().filter(|(f, _, target)| f.state == FollowState::Pending && target.is_local).collect();
    let asked: Vec<&Follow> =
        follows.iter().filter(|(f, follower, _)| f.state == FollowState::Pending && follower.is_local).collect();
    let person = |a: &ActorRow| a.kind == ActorKind::Person;
    let one_way: Vec<&Follow> = follows
        .iter()
        .filter(|(f, follower, target)| {
            let remote = if follower.is_local { target } else { follower };
            f.state == FollowState::Accepted && !person(remote) && !partner_domains.contains(&remote.domain.as_str())
        })
        .collect();
    let people = follows
        .iter()
        .filter(|(f, follower, target)| f.state == FollowState::Accepted && person(follower) && target.is_local)
        .count();
    let title = tr.t("partners-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("partners-lede")) }
        form.stacked method="post" action="/admin/partners/follow" {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("handle", &tr.t("partners-handle"), Some(handle), error.as_deref()))
            div.actions { button type="submit" { (tr.t("partners-follow")) } }
        }
        h2 { (tr.t("partners-waiting")) }
        @if waiting.is_empty() {
            p.empty { (tr.t("partners-none-waiting")) }
        } @else {
            (waiting_table(tr, csrf, &waiting, "/admin/partners"))
        }
        h2 { (tr.t("partners-partners")) }
        @if partners.is_empty() {
            p.empty { (tr.t("partners-none")) }
        } @else {
            table.status {
                caption { (tr.t("partners-partners-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("partners-network")) }
                    th scope="col" { (tr.t("partners-since")) }
                    th scope="col" { (tr.t("queue-actions")) }
                } }
                tbody {
                    @for partner in &partners {
                        @let since = follows.iter().filter(|(_, a, b)| a.id == partner.id || b.id == partner.id).map(|(f, ..)| f.updated_at).max();
                        tr {
                            th scope="row" { (who(partner)) }
                            td { @if let Some(at) = since { (moment(tr, at)) } }
                            td { (post_button(csrf, "/admin/partners/end", &[("domain", &partner.domain)], &tr.t("partners-end"), &tr.t_with("partners-end-label", &[("name", Arg::from(partner.display_name.as_str()))]))) }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("partners-asked")) }
        @if asked.is_empty() {
            p.empty { (tr.t("partners-none-asked")) }
        } @else {
            (table(tr, &tr.t("partners-asked-caption"), &asked, |(follow, follower, target)| html! {
                td { (who(follower)) }
                td { (who(target)) }
                td { (moment(tr, follow.created_at)) }
                td { (post_button(csrf, &format!("/admin/partners/{}/end", follow.id), &[], &tr.t("partners-withdraw"), &tr.t_with("partners-withdraw-label", &[("who", Arg::from(target.ap_id.as_str()))]))) }
            }))
        }
        @if !one_way.is_empty() {
            h2 { (tr.t("partners-one-way")) }
            (table(tr, &tr.t("partners-one-way-caption"), &one_way, |(follow, follower, target)| html! {
                td { (who(follower)) }
                td { (who(target)) }
                td { (moment(tr, follow.created_at)) }
                td {
                    @let remote = if follower.is_local { target } else { follower };
                    (post_button(csrf, &format!("/admin/partners/{}/end", follow.id), &[], &tr.t("partners-stop"), &tr.t_with("partners-stop-label", &[("who", Arg::from(remote.ap_id.as_str()))])))
                }
            }))
        }
        p { (tr.t_with("partners-people", &[("count", Arg::from(people))])) }
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page(layout(ctx, &title, &[], body))).into_response())
}

/// Follow requests waiting for an admin's decision (under the `review` policy).
pub(super) async fn waiting(state: &AppState) -> Result<Vec<Follow>, AppError> {
    let all = state.db().run(coopfed_db::follows::list_detailed).await?;
    Ok(all.into_iter().filter(|(f, _, target)| f.state == FollowState::Pending && target.is_local).collect())
}

/// The requests waiting for a decision, with accept and reject buttons that
/// lead back to `back`.
pub(super) fn waiting_table<F: std::borrow::Borrow<Follow>>(tr: &Tr, csrf: &str, rows: &[F], back: &str) -> Markup {
    let rows: Vec<&Follow> = rows.iter().map(std::borrow::Borrow::borrow).collect();
    table(tr, &tr.t("partners-waiting-caption"), &rows, |(follow, follower, target)| {
        html! {
            td { (who(follower)) }
            td { (who(target)) }
            td { (moment(tr, follow.created_at)) }
            td {
                (post_button(csrf, &format!("/admin/partners/{}/accept", follow.id), &[("back", back)], &tr.t("partners-accept"), &tr.t_with("partners-accept-label", &[("who", Arg::from(follower.ap_id.as_str()))])))
                (post_button(csrf, &format!("/admin/partners/{}/reject", follow.id), &[("back", back)], &tr.t("partners-reject"), &tr.t_with("partners-reject-label", &[("who", Arg::from(follower.ap_id.as_str()))])))
            }
        }
    })
}

/// A table of follows: who asks, whom, since when, what can be done.
fn table(tr: &Tr, caption: &str, rows: &[&Follow], cells: impl Fn(&Follow) -> Markup) -> Markup {
    html! {
        table.status {
            caption { (caption) }
            thead { tr {
                th scope="col" { (tr.t("partners-follower")) }
                th scope="col" { (tr.t("partners-target")) }
                th scope="col" { (tr.t("partners-since")) }
                th scope="col" { (tr.t("queue-actions")) }
            } }
            tbody { @for row in rows { tr { (cells(row)) } } }
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct PartnerForm {
    csrf: String,
    #[serde(default)]
    handle: String,
    #[serde(default)]
    domain: String,
    /// Where to go after a decision: this page or the moderation queue.
    #[serde(default)]
    back: String,
}

/// `POST /admin/partners/follow`: the network follows the actor at a handle.
pub(crate) async fn follow(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<PartnerForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    match crate::admin::follow_for(&state, &user, form.handle.trim(), None).await {
        Ok(_) => Ok(Redirect::to("/admin/partners").into_response()),
        Err(AppError::Invalid { .. } | AppError::Conflict(_)) => {
            let message = ctx.tr.t_with("partners-handle-error", &[("handle", Arg::from(form.handle.trim()))]);
            partners_page(&state, &ctx, &user, &form.handle, Some(message)).await
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/partners/{id}/accept|reject`.
pub(crate) async fn decide(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Path((id, decision)): Path<(String, String)>,
    Form(form): Form<PartnerForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    match decision.as_str() {
        "accept" => drop(crate::admin::decide_for(&state, &user, &id, true).await?),
        "reject" => drop(crate::admin::decide_for(&state, &user, &id, false).await?),
        "end" => {
            coopfed_service::follows::end_follow(&state.writer(user.actor()), &id).await?;
            state.federation().wake_deliveries.notify_one();
        }
        _ => return Err(AppError::NotFound("decision")),
    }
    let back = if form.back == "/admin/reports" { "/admin/reports" } else { "/admin/partners" };
    Ok(Redirect::to(back).into_response())
}

/// `POST /admin/partners/end`: ends every follow with a domain.
pub(crate) async fn end(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<PartnerForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    coopfed_service::follows::end_partnership(&state.writer(user.actor()), &form.domain).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(Redirect::to("/admin/partners").into_response())
}
