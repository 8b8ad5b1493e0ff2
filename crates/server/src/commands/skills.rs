//! `coopfed skills`: the skills taxonomy.

use anyhow::bail;
use clap::Subcommand;
use coopfed_service::Actor;

use crate::{boot::Instance, config::Config, console::out};

#[derive(Debug, Subcommand)]
pub(crate) enum SkillsCommand {
    /// List the skills (of one category with --category), with their labels and aliases.
    List {
        #[arg(long)]
        category: Option<String>,
    },
    /// Add a skill to a category.
    Add {
        slug: String,
        #[arg(long)]
        category: String,
        /// A label as LANG=TEXT (en, de, nl, fr); `en` is required, the others default to it.
        #[arg(long = "label", value_name = "LANG=TEXT", required = true, value_parser = language_text)]
        labels: Vec<(String, String)>,
        /// Another name the skill is found by (repeat for more).
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Change a skill's labels and aliases (built-in skills too).
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["labels", "add_aliases", "remove_aliases"])))]
    Change {
        slug: String,
        /// A label to replace, as LANG=TEXT.
        #[arg(long = "label", value_name = "LANG=TEXT", value_parser = language_text)]
        labels: Vec<(String, String)>,
        #[arg(long = "add-alias")]
        add_aliases: Vec<String>,
        #[arg(long = "remove-alias")]
        remove_aliases: Vec<String>,
    },
    /// Remove a skill an admin added, when no co-op, offer or event names it.
    Remove { slug: String },
    /// Add a category of skills.
    AddCategory {
        slug: String,
        #[arg(long = "label", value_name = "LANG=TEXT", required = true, value_parser = language_text)]
        labels: Vec<(String, String)>,
    },
}

/// Reads `LANG=TEXT`.
fn language_text(value: &str) -> Result<(String, String), String> {
    let (lang, text) = value.split_once('=').ok_or_else(|| format!("`{value}` is not LANG=TEXT, like en=Rust"))?;
    Ok((lang.trim().to_ascii_lowercase(), text.trim().to_owned()))
}

pub(crate) async fn skills(command: SkillsCommand, config: &Config) -> anyhow::Result<()> {
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
