//! Configuration: built-in defaults (`config/default.toml`), an optional file,
//! then `COOPFED_*` environment variables. Every value is checked at start; a
//! bad one is reported with its key and where it came from.

use std::{
    collections::BTreeMap,
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use coopfed_core::{Domain, Slug};
use coopfed_db::DatabaseUrl;
use serde::Deserialize;

const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// The environment variables that override keys: (variable, key).
pub const ENV_OVERRIDES: &[(&str, &str)] = &[
    ("COOPFED_DOMAIN", "instance.domain"),
    ("COOPFED_NETWORK", "instance.network"),
    ("COOPFED_NETWORK_NAME", "instance.network_name"),
    ("COOPFED_NETWORK_SUMMARY", "instance.network_summary"),
    ("COOPFED_LANGUAGE", "instance.language"),
    ("COOPFED_BIND", "server.bind"),
    ("COOPFED_TRUSTED_PROXIES", "server.trusted_proxies"),
    ("COOPFED_REQUEST_TIMEOUT_SECS", "server.request_timeout_secs"),
    ("COOPFED_METRICS_TOKEN", "server.metrics_token"),
    ("COOPFED_DATABASE_URL", "database.url"),
    ("COOPFED_DATABASE_MAX_CONNECTIONS", "database.max_connections"),
    ("COOPFED_DEV_FEDERATION", "federation.dev_mode"),
    ("COOPFED_PARTNER_POLICY", "federation.partner_policy"),
    ("COOPFED_FEDERATION_RESOLVE", "federation.resolve"),
    ("COOPFED_RETRY_BASE_SECS", "federation.retry_base_secs"),
    ("COOPFED_DELIVERY_LEASE_SECS", "federation.delivery_lease_secs"),
    ("COOPFED_INBOX_RATE_PER_MINUTE", "federation.inbox_rate_per_minute"),
    ("COOPFED_KEY_REFETCH_SECS", "federation.key_refetch_secs"),
    ("COOPFED_INBOX_RETENTION_DAYS", "federation.inbox_retention_days"),
    ("COOPFED_BLOCKED_DOMAINS", "federation.blocked_domains"),
    ("COOPFED_ALLOWED_DOMAINS", "federation.allowed_domains"),
    ("COOPFED_LOG_FORMAT", "log.format"),
    ("COOPFED_LOG", "log.level"),
];

/// A configuration problem. Displayed as one line for the operator.
#[derive(Debug)]
pub struct ConfigError {
    key: String,
    source: String,
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "invalid configuration ({}): {}", self.source, self.message)
        } else {
            write!(f, "invalid configuration: `{}` ({}) {}", self.key, self.source, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    instance: RawInstance,
    server: RawServer,
    database: RawDatabase,
    federation: RawFederation,
    log: RawLog,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    domain: String,
    network: String,
    network_name: String,
    network_summary: Option<String>,
    language: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    bind: String,
    #[serde(default)]
    trusted_proxies: Vec<String>,
    request_timeout_secs: i64,
    #[serde(default)]
    metrics_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: String,
    max_connections: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFederation {
    dev_mode: bool,
    partner_policy: String,
    blocked_domains: Vec<String>,
    allowed_domains: Vec<String>,
    signature_max_age_secs: i64,
    key_refetch_secs: i64,
    inbox_retention_days: i64,
    group_policy: String,
    retry_base_secs: i64,
    delivery_lease_secs: i64,
    inbox_rate_per_minute: i64,
    #[serde(default)]
    resolve: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    format: String,
    level: String,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub domain: Domain,
    pub network: Slug,
    pub network_name: String,
    pub network_summary: Option<String>,
    /// The network's main language (ISO 639-1), the default of imported records.
    pub language: String,
    pub bind: SocketAddr,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a handler may take (a request may take twice that to arrive).
    pub request_timeout: std::time::Duration,
    /// The bearer token `/metrics` wants (never printed).
    pub metrics_token: Option<String>,
    pub database_url: DatabaseUrl,
    pub max_connections: u32,
    pub dev_federation: bool,
    pub resolve: BTreeMap<String, SocketAddr>,
    /// `true`: follows from other networks wait for an admin.
    pub partner_review: bool,
    pub blocked_domains: Vec<String>,
    pub allowed_domains: Vec<String>,
    pub signature_max_age: std::time::Duration,
    pub key_refetch: std::time::Duration,
    /// How long received activities keep their documents once processed.
    pub inbox_retention: std::time::Duration,
    /// `true`: the jobs group accepts offers from anyone, not only partners.
    pub group_policy: coopfed_federation::partners::GroupPolicy,
    pub retry_base: std::time::Duration,
    pub delivery_lease: std::time::Duration,
    pub inbox_rate_per_minute: u32,
    pub log_format: LogFormat,
    pub log_level: String,
}

/// Where each key's value came from, for error messages.
struct Sources {
    file: Option<PathBuf>,
    from_env: BTreeMap<&'static str, &'static str>,
}

impl Sources {
    fn of(&self, key: &str) -> String {
        if let Some(var) = self.from_env.get(key) {
            return format!("from environment variable {var}");
        }
        match &self.file {
            Some(path) => format!("from {} or the defaults", path.display()),
            None => "from the defaults".to_owned(),
        }
    }

    fn error(&self, key: &str, message: impl fmt::Display) -> ConfigError {
        ConfigError { key: key.to_owned(), source: self.of(key), message: message.to_string() }
    }
}

impl Config {
    /// Loads defaults, then `file`, then the environment given by `env` (a lookup
    /// function, so tests need not touch the process environment).
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut table: toml::Table = DEFAULTS.parse().map_err(|e: toml::de::Error| ConfigError {
            key: String::new(),
            source: "built-in defaults".into(),
            message: e.to_string(),
        })?;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
                key: String::new(),
                source: path.display().to_string(),
                message: format!("cannot read the file: {e}"),
            })?;
            let overlay: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
                key: String::new(),
                source: path.display().to_string(),
                message: e.to_string().trim_end().replace('\n', " "),
            })?;
            merge(&mut table, overlay);
        }
        let mut sources = Sources { file: file.map(Path::to_path_buf), from_env: BTreeMap::new() };
        for (var, key) in ENV_OVERRIDES {
            let Some(value) = env(var) else { continue };
            sources.from_env.insert(key, var);
            let value = typed_env_value(key, &value).map_err(|m| sources.error(key, m))?;
            set_key(&mut table, key, value);
        }
        let raw: RawConfig = toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| ConfigError {
            key: String::new(),
            source: match &sources.file {
                Some(path) => path.display().to_string(),
                None => "defaults".into(),
            },
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        Self::check(raw, &sources)
    }

    fn check(raw: RawConfig, sources: &Sources) -> Result<Self, ConfigError> {
        let domain = Domain::parse(&raw.instance.domain).map_err(|e| sources.error("instance.domain", e))?;
        let network = Slug::parse_member(&raw.instance.network).map_err(|e| sources.error("instance.network", e))?;
        let network_name = raw.instance.network_name.trim().to_owned();
        let name_len = network_name.chars().count();
        if name_len == 0 || name_len > 100 {
            return Err(sources.error("instance.network_name", "must be 1 to 100 characters long"));
        }
        let network_summary = raw.instance.network_summary.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if network_summary.as_ref().is_some_and(|s| s.chars().count() > 5000) {
            return Err(sources.error("instance.network_summary", "must be at most 5000 characters long"));
        }
        let language = raw.instance.language.trim().to_lowercase();
        if !coopfed_core::codes::is_language(&language) {
            return Err(sources.error("instance.language", "must be an ISO 639-1 language code, like `en`"));
        }
        let bind: SocketAddr = raw.server.bind.trim().parse().map_err(|_| {
            sources.error("server.bind", "must be an IP address and port, like `127.0.0.1:8080` or `[::]:8080`")
        })?;
        let trusted_proxies = raw
            .server
            .trusted_proxies
            .iter()
            .map(|a| {
                a.trim().parse().map_err(|_| {
                    sources.error("server.trusted_proxies", format!("has `{a}`, which is not an IP address"))
                })
            })
            .collect::<Result<Vec<std::net::IpAddr>, _>>()?;
        let database_url = DatabaseUrl::parse(raw.database.url.trim()).map_err(|e| sources.error("database.url", e))?;
        let max_connections = u32::try_from(raw.database.max_connections)
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| sources.error("database.max_connections", "must be between 1 and 100"))?;
        let mut resolve = BTreeMap::new();
        for (name, address) in raw.federation.resolve {
            let key = format!("federation.resolve.\"{name}\"");
            let domain = Domain::parse(&name).map_err(|e| sources.error(&key, format!("names a bad domain: {e}")))?;
            let address: SocketAddr = address
                .parse()
                .map_err(|_| sources.error(&key, "must be an IP address and port, like `127.0.0.1:8101`"))?;
            resolve.insert(domain.to_string(), address);
        }
        let partner_review = match raw.federation.partner_policy.trim() {
            "auto" => false,
            "review" => true,
            _ => return Err(sources.error("federation.partner_policy", "must be `auto` or `review`")),
        };
        let domain_list = |key: &str, list: Vec<String>| -> Result<Vec<String>, ConfigError> {
            list.into_iter()
                .map(|d| {
                    Domain::parse(&d)
                        .map(|d| d.to_string())
                        .map_err(|e| sources.error(key, format!("has a bad domain `{d}`: {e}")))
                })
                .collect()
        };
        let blocked_domains = domain_list("federation.blocked_domains", raw.federation.blocked_domains)?;
        let allowed_domains = domain_list("federation.allowed_domains", raw.federation.allowed_domains)?;
        let signature_max_age = u64::try_from(raw.federation.signature_max_age_secs)
            .ok()
            .filter(|s| (60..=7 * 24 * 3600).contains(s))
            .map(std::time::Duration::from_secs)
            .ok_or_else(|| sources.error("federation.signature_max_age_secs", "must be between 60 and 604800"))?;
        let Some(group_policy) = coopfed_federation::policies::group_policy(raw.federation.group_policy.trim()) else {
            return Err(sources.error("federation.group_policy", "must be `members`, `partners` or `anyone`"));
        };
        let seconds = |key: &str, value: i64, range: std::ops::RangeInclusive<u64>| {
            u64::try_from(value).ok().filter(|s| range.contains(s)).map(std::time::Duration::from_secs).ok_or_else(
                || sources.error(key, format!("must be between {} and {} seconds", range.start(), range.end())),
            )
        };
        let retry_base = seconds("federation.retry_base_secs", raw.federation.retry_base_secs, 1..=86_400)?;
        let metrics_token = raw.server.metrics_token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(sources.error("server.metrics_token", "must be at least 16 characters long"));
        }
        let request_timeout = seconds("server.request_timeout_secs", raw.server.request_timeout_secs, 1..=600)?;
        let inbox_retention = u64::try_from(raw.federation.inbox_retention_days)
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(|d| std::time::Duration::from_secs(d * 86_400))
            .ok_or_else(|| sources.error("federation.inbox_retention_days", "must be between 1 and 3650"))?;
        let key_refetch = seconds("federation.key_refetch_secs", raw.federation.key_refetch_secs, 1..=86_400)?;
        let delivery_lease = seconds("federation.delivery_lease_secs", raw.federation.delivery_lease_secs, 2..=3_600)?;
        let inbox_rate_per_minute = u32::try_from(raw.federation.inbox_rate_per_minute)
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| sources.error("federation.inbox_rate_per_minute", "must be between 1 and 1000000"))?;
        let log_format = match raw.log.format.trim() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            _ => return Err(sources.error("log.format", "must be `text` or `json`")),
        };
        let log_level = raw.log.level.trim().to_owned();
        if tracing_subscriber::EnvFilter::builder().parse(&log_level).is_err() {
            return Err(
                sources.error("log.level", "must be a level (error, warn, info, debug, trace) or a tracing filter")
            );
        }
        Ok(Self {
            domain,
            network,
            network_name,
            network_summary,
            language,
            bind,
            trusted_proxies,
            request_timeout,
            metrics_token,
            database_url,
            max_connections,
            dev_federation: raw.federation.dev_mode,
            resolve,
            partner_review,
            blocked_domains,
            allowed_domains,
            signature_max_age,
            key_refetch,
            inbox_retention,
            group_policy,
            retry_base,
            delivery_lease,
            inbox_rate_per_minute,
            log_format,
            log_level,
        })
    }
}

/// Environment values are text; turn them into the type the key has.
fn typed_env_value(key: &str, value: &str) -> Result<toml::Value, String> {
    match key {
        "federation.dev_mode" => match value.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(toml::Value::Boolean(true)),
            "0" | "false" | "no" | "off" | "" => Ok(toml::Value::Boolean(false)),
            _ => Err(format!("must be 1 or 0 (or true/false, yes/no), not `{value}`")),
        },
        "federation.blocked_domains" | "federation.allowed_domains" | "server.trusted_proxies" => {
            Ok(toml::Value::Array(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(|d| toml::Value::String(d.to_owned()))
                    .collect(),
            ))
        }
        "federation.resolve" => {
            let mut table = toml::Table::new();
            for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let (domain, address) = entry.split_once('=').ok_or_else(|| {
                    format!("must be a list like `cotech.test=127.0.0.1:8101,fr.test=127.0.0.1:8104`, not `{entry}`")
                })?;
                table.insert(domain.trim().to_owned(), toml::Value::String(address.trim().to_owned()));
            }
            Ok(toml::Value::Table(table))
        }
        "database.max_connections"
        | "federation.retry_base_secs"
        | "federation.delivery_lease_secs"
        | "federation.inbox_rate_per_minute"
        | "federation.key_refetch_secs"
        | "federation.inbox_retention_days"
        | "server.request_timeout_secs" => value
            .trim()
            .parse::<i64>()
            .map(toml::Value::Integer)
            .map_err(|_| format!("must be a whole number, not `{value}`")),
        _ => Ok(toml::Value::String(value.to_owned())),
    }
}

fn set_key(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut current = table;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            current.insert(part.to_owned(), value);
            return;
        }
        let entry = current.entry(part.to_owned()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        let toml::Value::Table(next) = entry else { return };
        current = next;
    }
}

fn merge(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(overlay_table)) => {
                merge(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn defaults_load() {
        let config = Config::load(None, env(&[])).unwrap();
        assert_eq!(config.domain.to_string(), "localhost:8080");
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert!(!config.dev_federation);
        assert_eq!(config.database_url, DatabaseUrl::Sqlite("data/coopfed.db".into()));
    }

    #[test]
    fn environment_overrides() {
        let config = Config::load(
            None,
            env(&[
                ("COOPFED_DOMAIN", "Cotech.test:8101"),
                ("COOPFED_NETWORK", "cotech"),
                ("COOPFED_DEV_FEDERATION", "1"),
                ("COOPFED_DATABASE_URL", "postgres://u:p@localhost/db"),
            ]),
        )
        .unwrap();
        assert_eq!(config.domain.to_string(), "cotech.test:8101");
        assert_eq!(config.network.as_str(), "cotech");
        assert!(config.dev_federation);
        assert_eq!(config.database_url.backend(), coopfed_db::Backend::Postgres);
        let config = Config::load(
            None,
            env(&[("COOPFED_FEDERATION_RESOLVE", "cotech.test=127.0.0.1:8101, fr.test:8104=127.0.0.1:8104")]),
        )
        .unwrap();
        assert_eq!(config.resolve.len(), 2);
        assert_eq!(config.resolve.get("fr.test:8104").map(ToString::to_string).as_deref(), Some("127.0.0.1:8104"));
    }

    #[test]
    fn bad_values_name_their_key() {
        let cases = [
            ("COOPFED_DOMAIN", "https://x.test", "`instance.domain` (from environment variable COOPFED_DOMAIN)"),
            ("COOPFED_BIND", "localhost", "`server.bind`"),
            ("COOPFED_DATABASE_URL", "mysql://x", "`database.url`"),
            ("COOPFED_NETWORK", "Co Tech", "`instance.network`"),
            ("COOPFED_NETWORK", "jobs", "is reserved"),
            ("COOPFED_DEV_FEDERATION", "maybe", "`federation.dev_mode`"),
            ("COOPFED_LOG_FORMAT", "xml", "`log.format`"),
            ("COOPFED_DATABASE_MAX_CONNECTIONS", "0", "`database.max_connections`"),
            ("COOPFED_PARTNER_POLICY", "sometimes", "`federation.partner_policy`"),
            ("COOPFED_FEDERATION_RESOLVE", "cotech.test", "`federation.resolve`"),
            ("COOPFED_BLOCKED_DOMAINS", "spam.test,not a domain", "`federation.blocked_domains`"),
            ("COOPFED_FEDERATION_RESOLVE", "cotech.test=nowhere", "`federation.resolve.\"cotech.test\"`"),
        ];
        for (var, value, expected) in cases {
            let error = Config::load(None, env(&[(var, value)])).unwrap_err().to_string();
            assert!(error.contains(expected), "{var}={value}: {error}");
        }
    }

    #[test]
    fn files_are_checked() {
        let dir = std::env::temp_dir().join(format!("coopfed-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let unknown = dir.join("unknown.toml");
        std::fs::write(&unknown, "[instance]\ndomian = \"x.test\"\n").unwrap();
        let error = Config::load(Some(&unknown), env(&[])).unwrap_err().to_string();
        assert!(error.contains("domian"), "{error}");
        let good = dir.join("good.toml");
        std::fs::write(
            &good,
            "[instance]\ndomain = \"nl.test\"\n[federation.resolve]\n\"fr.test\" = \"127.0.0.1:8104\"\n",
        )
        .unwrap();
        let config = Config::load(Some(&good), env(&[])).unwrap();
        assert_eq!(config.domain.to_string(), "nl.test");
        assert_eq!(config.resolve.get("fr.test").map(ToString::to_string).as_deref(), Some("127.0.0.1:8104"));
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/example.toml");
        assert!(Config::load(Some(&example), env(&[])).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
