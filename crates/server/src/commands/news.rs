//! `coopfed news`: publish, edit and withdraw news and events.

use coopfed_service::Actor;

use crate::{
    boot::Instance,
    cli::{NewsCommand, NewsFields},
    config::Config,
    console::out,
};

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

pub(super) async fn news(command: NewsCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::announcements as service;
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    match command {
        NewsCommand::Add { fields } => {
            let row = service::publish(&db, federation.outbound(), &urls, &Actor::Cli, news_input(fields)).await?;
            out(&format!("Published {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Update { id, fields } => {
            let row = service::update(&db, federation.outbound(), &Actor::Cli, &id, news_input(fields)).await?;
            out(&format!("Updated {} ({})", row.ap_id, row.title));
        }
        NewsCommand::Delete { id } => {
            let row = service::delete(&db, federation.outbound(), &Actor::Cli, &id).await?;
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
