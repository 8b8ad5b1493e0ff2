//! `coopfed news`: publish, edit and withdraw news and events.

use clap::Subcommand;

use crate::{
    boot::{Instance, cli_writer},
    config::Config,
    console::out,
};

#[derive(Debug, Subcommand)]
pub(crate) enum NewsCommand {
    /// Publish news or an event (of the network, or of a member co-op with --member).
    Add {
        #[command(flatten)]
        fields: NewsFields,
    },
    /// Replace the fields of an announcement (give them all again).
    Update {
        /// The announcement's id (URL) or row id.
        id: String,
        #[command(flatten)]
        fields: NewsFields,
    },
    /// Withdraw an announcement (announced as deleted everywhere).
    Delete { id: String },
    /// List news and events, local and from partner networks.
    List,
}

/// The fields of news or an event.
#[derive(Debug, clap::Args)]
pub(crate) struct NewsFields {
    /// The writing member co-op's slug (default: the network itself).
    #[arg(long)]
    pub member: Option<String>,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub summary: Option<String>,
    /// Plain text; blank lines separate paragraphs.
    #[arg(long)]
    pub content: String,
    /// Language (ISO 639-1), default `en`.
    #[arg(long)]
    pub lang: Option<String>,
    /// An event rather than news: give --start, --end and --timezone.
    #[arg(long)]
    pub event: bool,
    /// Start, with its UTC offset: 2026-12-03T18:00:00+01:00.
    #[arg(long)]
    pub start: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[arg(long)]
    pub end: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// IANA time zone of the place, like Europe/Paris.
    #[arg(long)]
    pub timezone: Option<String>,
    /// Name of the place.
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub country: Option<String>,
    /// Link for taking part online.
    #[arg(long)]
    pub online_url: Option<String>,
    /// Also address it to every partner network's news group.
    #[arg(long)]
    pub to_all: bool,
}

fn news_input(fields: NewsFields) -> coopfed_service::announcements::AnnouncementInput {
    coopfed_service::announcements::AnnouncementInput {
        kind: if fields.event { "event".into() } else { "news".into() },
        member: fields.member,
        title: fields.title,
        summary: fields.summary,
        content: fields.content,
        lang: fields.lang,
        starts_at: fields.start,
        ends_at: fields.end,
        timezone: fields.timezone,
        location_name: fields.place,
        city: fields.city,
        country: fields.country,
        online_url: fields.online_url,
        publish_to_all: fields.to_all,
    }
}

pub(crate) async fn news(command: NewsCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::announcements as service;
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    match command {
        NewsCommand::Add { fields } => {
            let row = service::publish(&cli_writer(&db, &federation), &urls, news_input(fields)).await?;
            out(&format!("Published {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Update { id, fields } => {
            let row = service::update(&cli_writer(&db, &federation), &id, news_input(fields)).await?;
            out(&format!("Updated {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Delete { id } => {
            let row = coopfed_service::stream::delete::<coopfed_db::announcements::AnnouncementRow>(
                &cli_writer(&db, &federation),
                &id,
            )
            .await?;
            out(&format!("Withdrew {} ({})", row.ap_id, row.title));
        }
        NewsCommand::List => {
            let rows = db.run(|conn| coopfed_db::announcements::list(conn, None, 500)).await?;
            out(&format!("{:<64} {:<6} {:<12} {}", "ID", "KIND", "NETWORK", "TITLE"));
            for listed in rows {
                let a = listed.announcement;
                out(&format!("{:<64} {:<6} {:<12} {}", a.ap_id, a.kind, listed.network_slug, a.title));
            }
        }
    }
    Ok(())
}
