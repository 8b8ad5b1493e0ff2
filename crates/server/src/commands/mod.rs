//! What each subcommand does, one file per command group. Results for the
//! operator go to standard output; logs go to standard error.

pub(crate) mod accounts;
pub(crate) mod actors;
pub(crate) mod audit;
pub(crate) mod deliveries;
pub(crate) mod domains;
pub(crate) mod follows;
pub(crate) mod imports;
pub(crate) mod jobs;
pub(crate) mod keys;
pub(crate) mod members;
pub(crate) mod news;
pub(crate) mod policies;
pub(crate) mod reports;
pub(crate) mod skills;

use tracing_subscriber::EnvFilter;

use crate::config::{Config, LogFormat};

pub fn init_logging(config: &Config) {
    let filter = EnvFilter::builder().parse_lossy(&config.log_level);
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
