//! Setting up an instance: the network, its stream groups, the instance actor
//! and the first admin. Idempotent: a second run changes nothing and reveals
//! no secret.

use coopfed_core::{Domain, InstanceUrls, JOBS_GROUP, NEWS_GROUP, Role, Slug};
use coopfed_db::{
    Database, DbConnection,
    accounts::{self as accounts_db, UserRow},
    actors::{self, ActorKind, ActorRow},
    networks::{self, NetworkRow},
    new_id, now,
};

use crate::{
    Actor, ServiceError,
    accounts::{conn_transaction, create_login_link_in, create_token_in},
    audit, keys,
};

/// What the configuration says the instance is.
#[derive(Debug, Clone)]
pub struct InstanceIdentity {
    pub urls: InstanceUrls,
    pub network_slug: Slug,
    pub network_name: String,
    pub network_summary: Option<String>,
}

impl InstanceIdentity {
    pub fn domain(&self) -> &Domain {
        self.urls.domain()
    }
}

/// The name of the first admin account.
pub const FIRST_ADMIN: &str = "admin";

/// Secrets of the first admin, returned once when the instance is created.
pub struct FirstAdmin {
    pub username: String,
    /// Path and query of the one-time login link (`/login/once?token=…`), valid 24 hours.
    pub login_link: String,
    /// An API token with admin rights.
    pub api_token: String,
}

/// What [`init`] did.
pub struct InitOutcome {
    pub network: NetworkRow,
    /// Actors created by this run (`cotech`, `jobs`, `news`, the instance actor).
    pub created_actors: Vec<String>,
    /// Set only on the run that created the instance.
    pub first_admin: Option<FirstAdmin>,
}

/// Creates what is missing and checks that what exists matches the configuration.
pub async fn init(db: &Database, identity: &InstanceIdentity) -> Result<InitOutcome, ServiceError> {
    // Key generation is slow-ish: do it outside the transaction, for the actors that need one.
    let identity = identity.clone();
    let missing = {
        let identity = identity.clone();
        db.run(move |conn| missing_actors(conn, &identity)).await?
    };
    let mut generated = Vec::with_capacity(missing.len());
    for spec in missing {
        let keys =
            tokio::task::spawn_blocking(keys::generate).await.map_err(|e| ServiceError::Crypto(e.to_string()))??;
        generated.push((spec, keys));
    }
    db.run(move |conn| conn_transaction(conn, |conn| init_in(conn, &identity, generated))).await
}

/// A local actor to create.
#[derive(Debug, Clone)]
pub(crate) struct ActorSpec {
    pub kind: ActorKind,
    pub username: String,
    pub display_name: String,
    pub summary: Option<String>,
    pub ap_id: url::Url,
}

/// The row of a new local actor with its inbox, outbox and followers URLs,
/// and its keys (`None`: made on first use, see [`keys::ensure`]).
pub(crate) fn local_actor_row(
    spec: ActorSpec,
    keys: Option<keys::ActorKeys>,
    urls: &InstanceUrls,
    network_id: &str,
) -> ActorRow {
    let at = now();
    let part = |name: &str| InstanceUrls::actor_part(&spec.ap_id, name).to_string();
    ActorRow {
        id: coopfed_db::ActorId(new_id()),
        inbox_url: part("inbox"),
        outbox_url: Some(part("outbox")),
        followers_url: Some(part("followers")),
        ap_id: spec.ap_id.to_string(),
        kind: spec.kind,
        username: spec.username,
        domain: urls.domain().to_string(),
        display_name: spec.display_name,
        summary: spec.summary,
        network_id: Some(network_id.to_owned()),
        is_local: true,
        shared_inbox_url: Some(urls.shared_inbox().to_string()),
        public_key_pem: keys.as_ref().map(|k| k.public_pem.clone()).unwrap_or_default(),
        private_key_pem: keys.map(|k| k.private_pem),
        created_at: at,
        updated_at: at,
        fetched_at: None,
        public_key_id: Some(InstanceUrls::key_id(&spec.ap_id)),
    }
}

fn required_actors(identity: &InstanceIdentity) -> Vec<ActorSpec> {
    let urls = &identity.urls;
    let slug = identity.network_slug.as_str();
    let name = &identity.network_name;
    vec![
        ActorSpec {
            kind: ActorKind::Network,
            username: slug.to_owned(),
            display_name: name.clone(),
            summary: identity.network_summary.clone(),
            ap_id: urls.network(slug),
        },
        ActorSpec {
            kind: ActorKind::Group,
            username: JOBS_GROUP.to_owned(),
            display_name: format!("{name}: jobs"),
            summary: Some(format!("Job offers from the member co-ops of {name} and its partner networks.")),
            ap_id: urls.group(JOBS_GROUP),
        },
        ActorSpec {
            kind: ActorKind::Group,
            username: NEWS_GROUP.to_owned(),
            display_name: format!("{name}: news"),
            summary: Some(format!("News and events from {name} and its partner networks.")),
            ap_id: urls.group(NEWS_GROUP),
        },
        ActorSpec {
            kind: ActorKind::Application,
            username: urls.domain().host().to_owned(),
            display_name: format!("{name} (coopfed instance)"),
            summary: Some("The instance actor: signs requests this server makes on its own behalf.".to_owned()),
            ap_id: urls.instance_actor(),
        },
    ]
}

fn missing_actors(conn: &mut DbConnection, identity: &InstanceIdentity) -> Result<Vec<ActorSpec>, ServiceError> {
    let mut missing = Vec::new();
    for spec in required_actors(identity) {
        if actors::find_by_ap_id(conn, spec.ap_id.as_str())?.is_none() {
            missing.push(spec);
        }
    }
    Ok(missing)
}

fn init_in(
    conn: &mut DbConnection,
    identity: &InstanceIdentity,
    generated: Vec<(ActorSpec, keys::ActorKeys)>,
) -> Result<InitOutcome, ServiceError> {
    let domain = identity.domain().to_string();
    let slug = identity.network_slug.as_str();
    let at = now();

    let existing = networks::find_local(conn)?;
    let created_network = existing.is_none();
    let network = match existing {
        Some(network) => {
            if network.domain != domain {
                return Err(ServiceError::Setup(format!(
                    "this database belongs to the instance at `{}`, but the configured domain is `{domain}`; \
                     ActivityPub ids are permanent, so the domain cannot change (use another database)",
                    network.domain
                )));
            }
            if network.slug != slug {
                return Err(ServiceError::Setup(format!(
                    "this database belongs to the network `{}`, but the configured network is `{slug}`; \
                     the network slug is part of public ids and cannot change",
                    network.slug
                )));
            }
            if network.display_name != identity.network_name || network.summary != identity.network_summary {
                networks::update_profile(
                    conn,
                    &network.id,
                    &identity.network_name,
                    identity.network_summary.as_deref(),
                )?;
                if let Some(actor) = actors::find_local(conn, ActorKind::Network, slug)? {
                    actors::update_profile(
                        conn,
                        &actor.id,
                        &identity.network_name,
                        identity.network_summary.as_deref(),
                    )?;
                }
                audit(conn, &Actor::System, "network.update", Some(slug), Some("from configuration".into()))?;
            }
            network
        }
        None => {
            let row = NetworkRow {
                id: new_id(),
                slug: slug.to_owned(),
                domain: domain.clone(),
                display_name: identity.network_name.clone(),
                summary: identity.network_summary.clone(),
                is_local: true,
                created_at: at,
                updated_at: at,
            };
            networks::insert(conn, &row)?;
            audit(conn, &Actor::System, "instance.init", Some(&domain), Some(format!("network={slug}")))?;
            row
        }
    };

    let mut created_actors = Vec::new();
    for (spec, keys) in generated {
        // Another process may have created it since the keys were generated.
        if actors::find_by_ap_id(conn, spec.ap_id.as_str())?.is_some() {
            continue;
        }
        let username = spec.username.clone();
        actors::insert(conn, &local_actor_row(spec, Some(keys), &identity.urls, &network.id))?;
        created_actors.push(username);
    }

    let first_admin = if created_network && accounts_db::count_admins(conn)? == 0 {
        let user = UserRow {
            id: new_id(),
            username: FIRST_ADMIN.to_owned(),
            email: None,
            password_hash: None,
            role: Role::Admin,
            member_id: None,
            disabled: false,
            created_at: at,
            updated_at: at,
            last_login_at: None,
        };
        accounts_db::insert_user(conn, &user)?;
        let link = create_login_link_in(conn, &user.id)?;
        let token = create_token_in(conn, &user.id, "first admin token", None)?;
        audit(conn, &Actor::System, "user.create", Some(FIRST_ADMIN), Some("role=admin, first admin".into()))?;
        Some(FirstAdmin {
            username: user.username,
            login_link: format!("/login/once?token={link}"),
            api_token: token.secret,
        })
    } else {
        None
    };

    seed_taxonomy(conn)?;
    Ok(InitOutcome { network, created_actors, first_admin })
}

/// Adds the built-in skills taxonomy entries that the database lacks.
fn seed_taxonomy(conn: &mut DbConnection) -> Result<(), ServiceError> {
    let taxonomy = coopfed_core::skills::Taxonomy::builtin();
    let categories: Vec<_> = taxonomy.categories().iter().map(|c| (c.slug.clone(), c.labels.clone())).collect();
    let skills: Vec<_> = taxonomy
        .skills()
        .iter()
        .map(|s| (s.slug.clone(), s.category.clone(), s.labels.clone(), s.aliases.clone()))
        .collect();
    let added = coopfed_db::skills::seed(conn, &categories, &skills)?;
    if added > 0 {
        tracing::info!(added, "added built-in skills to the taxonomy");
    }
    Ok(())
}
