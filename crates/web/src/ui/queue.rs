//! The admin console's view of the delivery queue: how deep it is, which
//! hosts fail or are dead, how long partners take to take what is published;
//! retry now, give up.

use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use coopfed_service::deliveries::{HostStatus, Target};
use maud::{Markup, html};

use super::{
    components::post_button,
    page::{AdminPage, layout, moment, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, accounts::check_session_csrf};

/// `GET /admin/deliveries`.
pub(crate) async fn show(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let overview = crate::admin::delivery_overview(&state).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let n = |v: i64| Arg::from(usize::try_from(v).unwrap_or(0));
    let title = tr.t("queue-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("queue-lede")) }
        dl.facts {
            dt { (tr.t("queue-pending")) } dd { (tr.number(overview.pending as f64)) }
            dt { (tr.t("queue-delivered")) } dd { (tr.number(overview.delivered as f64)) }
            dt { (tr.t("queue-failed")) } dd { (tr.number(overview.failed as f64)) }
        }
        h2 { (tr.t("queue-hosts")) }
        @if overview.hosts.is_empty() {
            p.empty { (tr.t("queue-no-hosts")) }
        } @else {
            table.status {
                caption { (tr.t("queue-hosts-caption")) }
                thead {
                    tr {
                        th scope="col" { (tr.t("queue-host")) }
                        th scope="col" { (tr.t("queue-state")) }
                        th scope="col" { (tr.t("queue-waiting-failed")) }
                        th scope="col" { (tr.t("queue-lag")) }
                        th scope="col" { (tr.t("queue-actions")) }
                    }
                }
                tbody {
                    @for host in &overview.hosts {
                        tr {
                            th scope="row" {
                                (host.host)
                                @if let Some(partner) = &host.partner { br; small { (tr.t_with("queue-partner", &[("name", Arg::from(partner.as_str()))])) } }
                            }
                            td { (host_state(tr, host)) }
                            td { (tr.t_with("federation-waiting-failing", &[("pending", n(host.pending)), ("failed", n(host.failed))])) }
                            td { (lag(tr, host)) }
                            td {
                                @if host.pending + host.failed > 0 {
                                    (action(tr, csrf, "retry", "host", &host.host, &tr.t_with("queue-retry-host", &[("host", Arg::from(host.host.as_str()))])))
                                }
                                @if host.pending > 0 {
                                    (action(tr, csrf, "give-up", "host", &host.host, &tr.t_with("queue-give-up-host", &[("host", Arg::from(host.host.as_str()))])))
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("queue-troubled")) }
        @if overview.troubled.is_empty() {
            p.empty { (tr.t("queue-no-trouble")) }
        } @else {
            table.status {
                caption { (tr.t("queue-troubled-caption")) }
                thead {
                    tr {
                        th scope="col" { (tr.t("queue-activity")) }
                        th scope="col" { (tr.t("queue-inbox")) }
                        th scope="col" { (tr.t("queue-attempts")) }
                        th scope="col" { (tr.t("queue-next")) }
                        th scope="col" { (tr.t("queue-error")) }
                        th scope="col" { (tr.t("queue-actions")) }
                    }
                }
                tbody {
                    @for (delivery, kind) in &overview.troubled {
                        @let failed = delivery.state == coopfed_db::deliveries::DeliveryState::Failed;
                        tr {
                            td { (kind) }
                            td { (delivery.inbox_url) }
                            td { (delivery.attempts) }
                            td { @if failed { (tr.t("queue-given-up")) } @else { (moment(tr, delivery.next_attempt_at)) } }
                            td { small { (delivery.last_error.as_deref().unwrap_or("")) } }
                            td {
                                (action(tr, csrf, "retry", "id", &delivery.id, &tr.t_with("queue-retry-one", &[("inbox", Arg::from(delivery.inbox_url.as_str()))])))
                                @if !failed {
                                    (action(tr, csrf, "give-up", "id", &delivery.id, &tr.t_with("queue-give-up-one", &[("inbox", Arg::from(delivery.inbox_url.as_str()))])))
                                }
                            }
                        }
                    }
                }
            }
        }
        @if overview.failed > 0 {
            form.stacked method="post" action="/admin/deliveries/retry" {
                input type="hidden" name="csrf" value=(csrf);
                div.actions { button type="submit" { (tr.t("queue-retry-all")) } }
            }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

fn host_state(tr: &Tr, host: &HostStatus) -> Markup {
    html! {
        @match host.state {
            "dead" => {
                strong { (tr.t("queue-state-dead")) }
                @if let Some(since) = host.dead_since { br; small { (moment(tr, since)) } }
            }
            "failing" => {
                strong { (tr.t_with("queue-state-failing", &[("count", Arg::from(usize::try_from(host.consecutive_failures).unwrap_or(0)))])) }
                @if let Some(at) = host.last_failure_at { br; small { (moment(tr, at)) } }
            }
            _ => {
                (tr.t("queue-state-ok"))
                @if let Some(at) = host.last_success_at { br; small { (moment(tr, at)) } }
            }
        }
    }
}

fn lag(tr: &Tr, host: &HostStatus) -> String {
    match (host.lag_p50_seconds, host.lag_p95_seconds) {
        (Some(p50), Some(p95)) => tr.t_with(
            "queue-lag-figures",
            &[
                ("p50", Arg::Text(tr.number(p50))),
                ("p95", Arg::Text(tr.number(p95))),
                ("count", Arg::from(host.lag_samples)),
            ],
        ),
        _ => "—".to_owned(),
    }
}

/// A one-button form acting on a delivery (`id`) or a host.
fn action(tr: &Tr, csrf: &str, what: &str, field: &str, value: &str, label: &str) -> Markup {
    let text = if what == "retry" { tr.t("queue-retry") } else { tr.t("queue-give-up") };
    post_button(csrf, &format!("/admin/deliveries/{what}"), &[(field, value)], &text, label)
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct TargetForm {
    csrf: String,
    id: Option<String>,
    host: Option<String>,
}

/// `POST /admin/deliveries/retry`.
pub(crate) async fn retry(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<TargetForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    coopfed_service::deliveries::retry(state.db(), &user.actor(), Target::of(form.id, form.host)).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(Redirect::to("/admin/deliveries").into_response())
}

/// `POST /admin/deliveries/give-up`.
pub(crate) async fn give_up(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<TargetForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    coopfed_service::deliveries::give_up(state.db(), &user.actor(), Target::of(form.id, form.host)).await?;
    Ok(Redirect::to("/admin/deliveries").into_response())
}
