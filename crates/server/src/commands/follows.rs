//! `coopfed follow`, `unfollow` and `follows`: following other networks and
//! deciding follow requests.

use anyhow::{Context as _, bail};
use clap::Subcommand;
use coopfed_db::Database;

use crate::{
    boot::{self, Instance, cli_writer},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum FollowsCommand {
    /// List follows (the default).
    List,
    /// Accept a pending follow request (with `partner_policy = "review"`).
    Accept {
        /// The follower's actor id (URL) or the request's id.
        follower: String,
    },
    /// Reject a pending follow request.
    Reject { follower: String },
    /// End the partnership with the network on DOMAIN: stop following its
    /// actors and remove its actors' follows of ours.
    End { domain: String },
}

/// The local actor that acts: the network actor, or a stream group by name.
async fn local_actor(
    db: &Database,
    config: &Config,
    name: Option<&str>,
) -> anyhow::Result<coopfed_db::actors::ActorRow> {
    use coopfed_db::actors::{self, ActorKind};
    let name = name.unwrap_or(config.network.as_str()).to_owned();
    let found = db.run(move |conn| actors::find_local_by_username(conn, &name)).await?;
    match found {
        Some(actor) if actor.kind == ActorKind::Network || actor.kind == ActorKind::Group => Ok(actor),
        _ => bail!("--as must name the network (`{}`) or a stream group (`jobs`, `news`)", config.network),
    }
}

pub(crate) async fn follow(config: &Config, handle: &str, local: Option<&str>, start: bool) -> anyhow::Result<()> {
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    let local = local_actor(&db, config, local).await?;
    let signer = federation.instance_signer().await?;
    let remote = coopfed_federation::remote::resolve_handle(&federation.client, &db, handle, &signer)
        .await
        .with_context(|| format!("cannot find {handle}"))?;
    if start && remote.kind == coopfed_db::actors::ActorKind::Group {
        coopfed_federation::remote::discover_streams(&federation.client, &db, &remote.domain, &signer).await;
    }
    if start {
        let row = coopfed_service::follows::follow(&cli_writer(&db, &federation), &urls, local.clone(), remote.clone())
            .await?;
        out(&format!(
            "@{}@{} asked to follow {} ({}); the running server delivers the request.",
            local.username,
            urls.domain(),
            remote.ap_id,
            row.state
        ));
    } else {
        coopfed_service::follows::unfollow(&cli_writer(&db, &federation), local.clone(), remote.clone()).await?;
        out(&format!("@{}@{} no longer follows {}.", local.username, urls.domain(), remote.ap_id));
    }
    Ok(())
}

pub(crate) async fn list_follows(config: &Config) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    let rows = db.run(coopfed_db::follows::list_with_actors).await?;
    let accepted: std::collections::BTreeSet<(String, String)> = rows
        .iter()
        .filter(|(f, _, _)| f.state == coopfed_db::follows::FollowState::Accepted)
        .map(|(_, follower, target)| (follower.clone(), target.clone()))
        .collect();
    out(&format!("{:<48} {:<48} {:<9} {:<7} {}", "FOLLOWER", "FOLLOWS", "STATE", "PARTNER", "REQUEST ID"));
    for (follow, follower, target) in &rows {
        let mutual = accepted.contains(&(follower.clone(), target.clone()))
            && accepted.contains(&(target.clone(), follower.clone()));
        out(&format!(
            "{follower:<48} {target:<48} {:<9} {:<7} {}",
            follow.state,
            if mutual { "yes" } else { "" },
            follow.id
        ));
    }
    Ok(())
}

pub(crate) async fn decide(config: &Config, follower: &str, accept: bool) -> anyhow::Result<()> {
    let Instance { db, urls: _, federation } = Instance::boot(config).await?;
    let key = follower.to_owned();
    let rows = db.run(coopfed_db::follows::list_with_actors).await?;
    let request = rows
        .iter()
        .find(|(f, who, _)| f.state == coopfed_db::follows::FollowState::Pending && (f.id == key || *who == key))
        .map(|(f, who, _)| (f.id.clone(), who.clone()));
    let Some((id, who)) = request else { bail!("no pending follow request from {follower}; see `coopfed follows`") };
    coopfed_service::follows::decide(&cli_writer(&db, &federation), &id, accept).await?;
    out(&format!("{} the follow request of {who}.", if accept { "Accepted" } else { "Rejected" }));
    if accept {
        if let Some(taken) = coopfed_federation::partners::catch_up::if_partner(&federation, &who).await {
            out(&format!(
                "{who} is a partner now: took over {} job offers and {} announcements it shares with all partners.",
                taken.jobs, taken.announcements
            ));
        }
    }
    Ok(())
}

pub(crate) async fn end_partnership(config: &Config, domain: &str) -> anyhow::Result<()> {
    let Instance { db, federation, .. } = Instance::boot(config).await?;
    let ended = coopfed_service::follows::end_partnership(&cli_writer(&db, &federation), domain).await?;
    out(&format!("Ended {ended} follows with {domain}; the running server tells it."));
    Ok(())
}
