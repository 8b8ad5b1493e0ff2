//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// coopfed: an ActivityPub server that federates national networks of tech
/// worker co-operatives (member listings, job offers, news and events).
///
/// Configuration comes from built-in defaults, an optional TOML file
/// (--config), and COOPFED_* environment variables, in that order. See
/// config/example.toml for every key.
#[derive(Debug, Parser)]
#[command(name = "coopfed", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file (TOML) laid over the built-in defaults.
    #[arg(long, short = 'c', global = true, env = "COOPFED_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server. On first start this also creates the database, applies
    /// migrations, generates keys, creates the network and its `jobs` and `news`
    /// groups and a first admin, whose one-time login link and API token are
    /// printed once.
    Serve,
    /// Run only the background workers (delivery queue, received activities),
    /// without the web server. With PostgreSQL several workers may share the
    /// queue beside `serve`; with SQLite `serve` does all the work.
    Worker,
    /// Apply pending database migrations (also done by `serve`).
    Migrate {
        /// Only list pending migrations; exit with status 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Set up the instance without serving: migrations, keys, network, groups
    /// and first admin. Safe to run again; later runs change nothing and print
    /// no secret.
    Init,
    /// Manage user accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage API tokens (shown once when created, stored only as hashes).
    #[command(subcommand)]
    Tokens(TokenCommand),
    /// Manage the network's member co-ops.
    #[command(subcommand)]
    Members(MemberCommand),
    /// Follow another network (or any fediverse actor) by its handle, like
    /// `@de@techkollektiv.test`. Two networks that follow each other are partners.
    /// The request is delivered by the running server.
    Follow {
        /// The remote actor: `@name@domain`.
        handle: String,
        /// Which local actor follows: the network (default), `jobs` or `news`.
        #[arg(long = "as", value_name = "NAME")]
        local: Option<String>,
    },
    /// Stop following a remote actor (sends Undo).
    Unfollow {
        handle: String,
        #[arg(long = "as", value_name = "NAME")]
        local: Option<String>,
    },
    /// List follows between local and remote actors and partner networks;
    /// accept or reject follow requests waiting for review.
    Follows {
        #[command(subcommand)]
        action: Option<FollowsCommand>,
    },
    /// Inspect and retry the delivery queue.
    #[command(subcommand)]
    Deliveries(DeliveryCommand),
    /// Look after received activities.
    #[command(subcommand)]
    Inbox(InboxCommand),
    /// Publish, edit and withdraw job offers of member co-ops.
    #[command(subcommand)]
    Jobs(JobCommand),
    /// Publish, edit and withdraw news and events.
    #[command(subcommand)]
    News(NewsCommand),
    /// List the skills taxonomy and extend it (the same rules as the admin API).
    #[command(subcommand)]
    Skills(SkillsCommand),
    /// Import member co-ops (YAML or CSV) into this network.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export this network's data.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export the member directory in the import formats (YAML, CSV) or as JSON.
    Members {
        #[arg(long, value_parser = ["yaml", "csv", "json"], default_value = "yaml")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import member co-ops from a YAML file (`network:` and a `members:` list)
    /// or a CSV file (columns slug,name,website,country,city,services,technologies,skills,description;
    /// lists separated by `;`). A known slug is updated, a new one created. Every
    /// bad record is reported with its record and line number; if there is any,
    /// nothing is imported unless --skip-invalid is given.
    Members {
        file: std::path::PathBuf,
        /// Check the file and report what would happen, without writing.
        #[arg(long)]
        dry_run: bool,
        /// Import the valid records even when others are bad.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import job offers of member co-ops from a YAML file (`network:` and a
    /// `jobs:` list; see README). An offer with the same co-op and id as an
    /// earlier import is updated; new offers are published (and sent to every
    /// partner network when `publish_to_all: true`).
    Jobs {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import news and events from a YAML file (`network:` and an
    /// `announcements:` list; see README). Same id as an earlier import: updated.
    Announcements {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewsCommand {
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

#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
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

/// The fields of news or an event.
#[derive(Debug, clap::Args)]
pub struct NewsFields {
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

/// A member co-op's profile.
#[derive(Debug, clap::Args)]
pub struct MemberProfile {
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
pub enum JobCommand {
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
pub struct JobFields {
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

#[derive(Debug, Subcommand)]
pub enum FollowsCommand {
    /// List follows (the default).
    List,
    /// Accept a pending follow request (with `partner_policy = "review"`).
    Accept {
        /// The follower's actor id (URL) or the request's id.
        follower: String,
    },
    /// Reject a pending follow request.
    Reject { follower: String },
}

#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// Empty the stored documents of processed activities (`serve` does it
    /// every hour); their ids stay, so replays are still recognised.
    Prune {
        /// Received more than this many days ago (default: `federation.inbox_retention_days`).
        #[arg(long)]
        older_than_days: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeliveryCommand {
    /// List deliveries, newest first.
    List {
        /// Only deliveries in this state.
        #[arg(long, value_parser = ["pending", "delivered", "failed"])]
        state: Option<String>,
        /// At most this many rows.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Make deliveries due now: all failed ones, or one by id, or all
    /// undelivered ones to a host.
    Retry {
        #[arg(long, conflicts_with = "host")]
        id: Option<String>,
        #[arg(long)]
        host: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
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

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a user. Without --password-stdin the user gets a one-time login
    /// link (valid 24 hours) to set a password.
    CreateUser {
        /// Login name: letters, digits, `_`, `-`, `.` (stored in lower case).
        username: String,
        /// `admin` runs the instance; `editor` edits a member co-op.
        #[arg(long, default_value = "editor", value_parser = ["admin", "editor"])]
        role: String,
        /// Contact address of the user.
        #[arg(long)]
        email: Option<String>,
        /// Slug of the member co-op the user edits (see `coopfed members list`).
        #[arg(long, value_name = "SLUG")]
        member: Option<String>,
        /// Read the password from the first line of standard input
        /// (so it does not end up in the shell history).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a new one-time login link for a user (valid 24 hours).
    LoginLink { username: String },
    /// List users.
    ListUsers,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        /// The user the token acts as.
        #[arg(long)]
        user: String,
        /// A name that says what the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Expire the token after this many days (default: never).
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// List tokens (never their secrets).
    List {
        /// Only this user's tokens.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a token by its id or its displayed prefix (`cft_…`).
    Revoke { token: String },
}
