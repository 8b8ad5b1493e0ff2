//! `coopfed jobs`: publish, edit and withdraw job offers.

use anyhow::Context as _;
use clap::Subcommand;

use crate::{
    boot::{Instance, cli_writer},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum JobCommand {
    /// Publish a job offer of a member co-op.
    Add {
        /// The member co-op's slug.
        #[arg(long)]
        member: String,
        #[command(flatten)]
        fields: JobFields,
    },
    /// Replace the fields of a job offer (give them all again).
    Update {
        /// The job's id (URL) or row id.
        id: String,
        #[command(flatten)]
        fields: JobFields,
    },
    /// Withdraw a job offer (announced as deleted everywhere).
    Delete { id: String },
    /// List open job offers, local and from partner networks.
    List {
        /// Also list expired offers.
        #[arg(long)]
        include_expired: bool,
    },
}

/// The fields of a job offer.
#[derive(Debug, clap::Args)]
pub(crate) struct JobFields {
    /// The offer's id within its co-op (a slug); made from the title when missing.
    #[arg(long)]
    pub slug: Option<String>,
    #[arg(long)]
    pub title: String,
    /// One sentence.
    #[arg(long)]
    pub summary: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    #[arg(long)]
    pub description: String,
    /// Language of the text (ISO 639-1), default `en`.
    #[arg(long)]
    pub lang: Option<String>,
    /// full_time, part_time, contract, freelance, volunteer or internship.
    #[arg(long)]
    pub employment_type: String,
    /// Remote work possible.
    #[arg(long)]
    pub remote: bool,
    #[arg(long)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, like `GB`.
    #[arg(long)]
    pub country: Option<String>,
    /// Posting date (YYYY-MM-DD), default today.
    #[arg(long)]
    pub posted: Option<chrono::NaiveDate>,
    /// Last day the offer is open (YYYY-MM-DD).
    #[arg(long)]
    pub valid_through: chrono::NaiveDate,
    #[arg(long)]
    pub apply_url: Option<String>,
    #[arg(long)]
    pub apply_email: Option<String>,
    /// Also address the offer to every partner network's jobs group.
    #[arg(long)]
    pub to_all: bool,
    /// Skills (slugs, aliases or labels in any language), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub skills: Vec<String>,
    /// Languages the work needs (ISO 639-1), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub languages: Vec<String>,
}

/// The offer the command line describes, checked like an import.
fn job_record(
    fields: JobFields,
    member: Option<&str>,
    existing_slug: Option<String>,
    config: &Config,
    taxonomy: &coopfed_core::skills::Taxonomy,
) -> anyhow::Result<coopfed_core::jobs::JobRecord> {
    let slug =
        fields.slug.clone().or(existing_slug).unwrap_or_else(|| coopfed_service::jobs::fresh_slug(&fields.title));
    let input = coopfed_service::jobs::JobInput {
        title: Some(fields.title),
        summary: fields.summary,
        description: Some(fields.description),
        lang: fields.lang,
        employment_type: Some(fields.employment_type),
        remote: Some(fields.remote),
        city: fields.city,
        country: fields.country,
        posted: fields.posted,
        valid_through: Some(fields.valid_through),
        apply_url: fields.apply_url,
        apply_email: fields.apply_email,
        publish_to_all: Some(fields.to_all),
        skills: Some(fields.skills),
        languages: Some(fields.languages),
        ..Default::default()
    };
    let value = input.to_json();
    coopfed_service::jobs::record_from_json(
        value,
        &slug,
        member,
        (coopfed_core::clock::today(), &config.language),
        taxonomy,
    )
    .map_err(|errors| {
        let lines: Vec<String> =
            errors.iter().map(|e| format!("  --{}: {}", e.field.replace('_', "-"), e.problem)).collect();
        anyhow::anyhow!("the offer is not valid:\n{}", lines.join("\n"))
    })
}

pub(crate) async fn jobs(command: JobCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::jobs as job_service;
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    let today = coopfed_core::clock::today();
    match command {
        JobCommand::Add { member, fields } => {
            let taxonomy = federation.skills.current().await?;
            let record = job_record(fields, Some(&member), None, config, &taxonomy)?;
            let job = job_service::publish(&cli_writer(&db, &federation), &urls, record).await?;
            out(&format!("Published {} ({})", job.ap_id, job.title));
        }
        JobCommand::Update { id, fields } => {
            let owner = coopfed_service::stream::author::<coopfed_db::jobs::JobRow>(&db, &id)
                .await?
                .context("the offer has no co-op")?;
            let member = coopfed_service::members::slug_of(&db, &owner).await?;
            let slug = job_service::slug_of(&db, &id).await?;
            let taxonomy = federation.skills.current().await?;
            let record = job_record(fields, Some(&member), slug, config, &taxonomy)?;
            let job = job_service::update(&cli_writer(&db, &federation), &id, record).await?;
            out(&format!("Updated {} ({})", job.ap_id, job.title));
        }
        JobCommand::Delete { id } => {
            let job =
                coopfed_service::stream::delete::<coopfed_db::jobs::JobRow>(&cli_writer(&db, &federation), &id).await?;
            out(&format!("Withdrew {} ({})", job.ap_id, job.title));
        }
        JobCommand::List { include_expired } => {
            let rows = db.run(move |conn| coopfed_db::jobs::list(conn, today, include_expired, None, 500)).await?;
            out(&format!("{:<56} {:<12} {:<40} {}", "ID", "NETWORK", "TITLE", "VALID THROUGH"));
            for listed in rows {
                out(&format!(
                    "{:<56} {:<12} {:<40} {}",
                    listed.job.ap_id, listed.network_slug, listed.job.title, listed.job.valid_through
                ));
            }
        }
    }
    Ok(())
}
