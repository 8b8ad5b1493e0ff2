//! The status page of the federation of federations: each network we know,
//! whether it is a partner, how many co-ops it lists, when we last reached
//! it, what waits to be delivered to it, and how to follow it.

use axum::{extract::State, response::Response};
use coopfed_db::{deliveries, hosts, members, networks};
use maud::html;

use super::{
    components::{count, handle},
    page::{Ctx, layout, page},
};
use crate::i18n::Arg;
use crate::{AppError, AppState};

pub(crate) async fn status(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let tr = ctx.tr;
    let (networks, partners, counts, hosts, open) = state
        .db()
        .run(|conn| -> Result<_, AppError> {
            let networks = networks::list(conn)?;
            let partners = coopfed_federation::partners::policy::partners(conn)?;
            let counts = members::count_by_network(conn)?;
            let hosts = hosts::list(conn)?;
            let open = deliveries::open_by_host(conn)?;
            Ok((networks, partners, counts, hosts, open))
        })
        .await?;
    let title = tr.t("federation-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("federation-lede")) }
        table.status {
            caption { (tr.t("federation-table-caption")) }
            thead {
                tr {
                    th scope="col" { (tr.t("federation-network")) }
                    th scope="col" { (tr.t("federation-relation")) }
                    th scope="col" { (tr.t("federation-coops")) }
                    th scope="col" { (tr.t("federation-last-contact")) }
                    th scope="col" { (tr.t("federation-deliveries")) }
                    th scope="col" { (tr.t("federation-follow")) }
                }
            }
            tbody {
                @for network in &networks {
                    @let partner = partners.iter().find(|p| p.domain == network.domain);
                    @let coops = counts.iter().find(|c| c.0 == network.id).map_or(0, |c| c.1);
                    @let host = hosts.iter().find(|h| h.host == network.domain);
                    @let (pending, failed) = open.iter().find(|o| o.0 == network.domain).map_or((0, 0), |o| (o.1, o.2));
                    tr {
                        th scope="row" { (network.display_name) br; small { (network.domain) } }
                        td {
                            @if network.is_local { (tr.t("federation-this-network")) }
                            @else if partner.is_some() { (tr.t("federation-partner")) }
                            @else { (tr.t("federation-known")) }
                        }
                        td { (count(&tr, "count-coops", usize::try_from(coops).unwrap_or(0))) }
                        td {
                            @if network.is_local { "—" }
                            @else if let Some(dead) = host.and_then(|h| h.dead_since) {
                                (tr.t_with("federation-unreachable-since", &[("date", Arg::Text(tr.date(dead.date())))]))
                            } @else if let Some(at) = host.and_then(|h| h.last_success_at) {
                                (tr.date(at.date()))
                            } @else { (tr.t("federation-never")) }
                        }
                        td {
                            @if network.is_local { "—" } @else {
                                (tr.t_with("federation-waiting-failing", &[("pending", Arg::from(usize::try_from(pending).unwrap_or(0))), ("failed", Arg::from(usize::try_from(failed).unwrap_or(0)))]))
                            }
                        }
                        td { code { "@" (network.slug) "@" (network.domain) } }
                    }
                }
            }
        }
        @if let Some(local) = networks.iter().find(|n| n.is_local) {
            (handle(&tr, &tr.t("home-follow-network"), &format!("@{}@{}", local.slug, local.domain)))
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}
