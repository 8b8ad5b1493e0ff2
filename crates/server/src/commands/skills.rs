//! `coopfed skills`: the skills taxonomy.

use anyhow::bail;
use coopfed_service::Actor;

use crate::{boot::Instance, cli::SkillsCommand, config::Config, console::out};

pub(super) async fn skills(command: SkillsCommand, config: &Config) -> anyhow::Result<()> {
    use coopfed_service::skills::{SkillChange, SkillInput};
    let Instance { db: _, urls: _, federation } = Instance::boot(config).await?;
    let catalogue = &federation.skills;
    match command {
        SkillsCommand::List { category } => {
            let taxonomy = catalogue.current().await?;
            if let Some(wanted) = &category {
                if !taxonomy.categories().iter().any(|c| &c.slug == wanted) {
                    bail!("no category `{wanted}`; `coopfed skills list` shows them all");
                }
            }
            out(&format!("{:<28} {:<16} {:<32} {}", "SLUG", "CATEGORY", "LABEL (en / de / nl / fr)", "ALIASES"));
            for skill in taxonomy.skills().iter().filter(|s| category.as_ref().is_none_or(|c| &s.category == c)) {
                out(&format!(
                    "{:<28} {:<16} {:<32} {}",
                    skill.slug,
                    skill.category,
                    skill.labels.join(" / "),
                    skill.aliases.join(", ")
                ));
            }
        }
        SkillsCommand::Add { slug, category, labels, aliases } => {
            let input = SkillInput { slug: slug.clone(), category, labels: labels.into_iter().collect(), aliases };
            catalogue.add_skill(&Actor::Cli, input).await?;
            out(&format!("Added the skill {slug}."));
        }
        SkillsCommand::Change { slug, labels, add_aliases, remove_aliases } => {
            let change = SkillChange { labels: labels.into_iter().collect(), add_aliases, remove_aliases };
            catalogue.change_skill(&Actor::Cli, &slug, change).await?;
            out(&format!("Changed the skill {slug}."));
        }
        SkillsCommand::Remove { slug } => {
            catalogue.remove_skill(&Actor::Cli, &slug).await?;
            out(&format!("Removed the skill {slug}."));
        }
        SkillsCommand::AddCategory { slug, labels } => {
            catalogue.add_category(&Actor::Cli, &slug, labels.into_iter().collect()).await?;
            out(&format!("Added the category {slug}."));
        }
    }
    Ok(())
}
