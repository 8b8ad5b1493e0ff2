//! `coopfed members` and `coopfed export members`: the network's co-ops.

use anyhow::Context as _;
use clap::Subcommand;
use coopfed_service::{
    Actor,
    members::{self as member_service, NewMember},
};

use crate::{
    boot::{self, Instance, cli_writer},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum MemberCommand {
    /// Add a member co-op; it becomes the fediverse actor @SLUG@domain.
    Add {
        /// Lower-case letters, digits and single hyphens, like `agile-collective`.
        slug: String,
        #[command(flatten)]
        profile: MemberProfile,
    },
    /// Replace a member co-op's profile (give every field again); partners are told.
    Update {
        slug: String,
        #[command(flatten)]
        profile: MemberProfile,
    },
    /// Remove a member co-op from the network; its job offers are withdrawn.
    Remove { slug: String },
    /// List the network's member co-ops.
    List,
}

/// A member co-op's profile.
#[derive(Debug, clap::Args)]
pub(crate) struct MemberProfile {
    /// The co-op's name.
    #[arg(long)]
    pub name: String,
    /// Its website (http or https).
    #[arg(long)]
    pub website: Option<String>,
    /// ISO 3166-1 alpha-2 country code, like `GB`.
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    /// A short description (plain text).
    #[arg(long)]
    pub summary: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// Export the member directory in the import formats (YAML, CSV) or as JSON.
    Members {
        #[arg(long, value_parser = ["yaml", "csv", "json"], default_value = "yaml")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<std::path::PathBuf>,
    },
}

impl MemberProfile {
    /// The co-op these arguments describe, under `slug`.
    fn into_member(self, slug: String) -> NewMember {
        NewMember {
            slug,
            name: self.name,
            website: self.website,
            country: self.country,
            city: self.city,
            summary: self.summary,
        }
    }
}

pub(crate) async fn members(command: MemberCommand, config: &Config) -> anyhow::Result<()> {
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    match command {
        MemberCommand::Add { slug, profile } => {
            let new = profile.into_member(slug);
            let member = member_service::create(&db, Some(federation.outbound()), &Actor::Cli, &urls, new).await?;
            out(&format!("Added {} as @{}@{}.", member.name, member.slug, urls.domain()));
        }
        MemberCommand::Update { slug, profile } => {
            let changes = profile.into_member(slug);
            let member = member_service::update(&cli_writer(&db, &federation), changes).await?;
            out(&format!("Updated {} (@{}@{}).", member.name, member.slug, urls.domain()));
        }
        MemberCommand::Remove { slug } => {
            let member = member_service::remove(&cli_writer(&db, &federation), &slug).await?;
            out(&format!("Removed {} from the network; its job offers were withdrawn.", member.name));
        }
        MemberCommand::List => {
            let members = member_service::list(&db).await?;
            out(&format!("{:<32} {:<40} {:<7} {}", "SLUG", "NAME", "COUNTRY", "WEBSITE"));
            for member in members {
                out(&format!(
                    "{:<32} {:<40} {:<7} {}",
                    member.slug,
                    member.name,
                    member.country.unwrap_or_default(),
                    member.website.unwrap_or_default()
                ));
            }
        }
    }
    Ok(())
}

pub(super) use coopfed_service::members::COLUMNS as MEMBER_COLUMNS;

/// The fields of an exported member co-op, in the import format's names and order.
#[derive(serde::Serialize)]
struct ExportedMember {
    slug: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founded: Option<i32>,
    services: Vec<String>,
    technologies: Vec<String>,
    sectors: Vec<String>,
    skills: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_lang: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fictional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    coordinates: Option<Coordinates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    social_links: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    joined: Option<String>,
}

#[derive(serde::Serialize)]
struct Coordinates {
    lat: f64,
    lon: f64,
}

pub(crate) async fn export_members(
    config: &Config,
    format: &str,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let db = boot::database(config)?;
    let members = db
        .run(|conn| -> Result<Vec<ExportedMember>, coopfed_db::DbError> {
            let Some(network) = coopfed_db::networks::find_local(conn)? else { return Ok(Vec::new()) };
            let list = |items: &coopfed_db::JsonList| items.to_vec();
            coopfed_db::members::list_members(conn, &network.id)?
                .into_iter()
                .map(|m| {
                    Ok(ExportedMember {
                        skills: coopfed_db::skills::member_skills_of(conn, &m.id)?,
                        languages: list(&m.languages),
                        services: list(&m.services),
                        technologies: list(&m.technologies),
                        sectors: list(&m.sectors),
                        slug: m.slug,
                        name: m.name,
                        website: m.website,
                        country: m.country,
                        city: m.city,
                        legal_form: m.legal_form,
                        size: m.size,
                        founded: m.founded,
                        contact_email: m.contact_email,
                        description: m.summary,
                        description_lang: m.summary_lang,
                        fictional: m.fictional,
                        coordinates: m.latitude.zip(m.longitude).map(|(lat, lon)| Coordinates { lat, lon }),
                        logo_url: m.logo_url,
                        social_links: list(&m.social_links),
                        joined: m.joined_on.map(|d| d.to_string()),
                    })
                })
                .collect()
        })
        .await?;
    let text = match format {
        "json" => serde_json::to_string_pretty(&members)? + "\n",
        "csv" => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(MEMBER_COLUMNS)?;
            for m in &members {
                let cells = [
                    m.slug.clone(),
                    m.name.clone(),
                    m.website.clone().unwrap_or_default(),
                    m.country.clone().unwrap_or_default(),
                    m.city.clone().unwrap_or_default(),
                    m.services.join(";"),
                    m.technologies.join(";"),
                    m.skills.join(";"),
                    m.description.clone().unwrap_or_default(),
                ];
                writer.write_record(
                    cells.iter().map(|cell| coopfed_service::import_files::csv_cell(cell).into_owned()),
                )?;
            }
            String::from_utf8(writer.into_inner()?)?
        }
        _ => {
            #[derive(serde::Serialize)]
            struct Directory<'a> {
                network: &'a str,
                members: &'a [ExportedMember],
            }
            serde_yaml::to_string(&Directory { network: config.network.as_str(), members: &members })?
        }
    };
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            tracing::info!(members = members.len(), file = %path.display(), "exported the member directory");
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}
