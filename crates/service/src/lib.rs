//! Use-cases of coopfed: setting up an instance, accounts, tokens and sessions.
//!
//! Services validate input (through `coopfed-core`), run their database work
//! in one transaction, and record administrative actions in the audit log.
//! They never send HTTP themselves.

pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod blocks;
pub mod deliveries;
pub mod domains;
mod error;
pub mod follows;
pub mod import_files;
pub mod jobs;
pub mod keys;
pub mod members;
pub mod outbound;
pub mod policies;
pub mod reports;
pub mod secrets;
pub mod setup;
pub mod skills;
pub mod stream;

pub use error::ServiceError;

/// Who is acting, for the audit log.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A logged-in or token-authenticated user.
    User { id: String, username: String },
    /// The command line (an operator with access to the machine).
    Cli,
    /// The server itself.
    System,
}

impl Actor {
    fn audit_name(&self) -> &str {
        match self {
            Self::User { username, .. } => username,
            Self::Cli => "cli",
            Self::System => "system",
        }
    }

    fn user_id(&self) -> Option<String> {
        match self {
            Self::User { id, .. } => Some(id.clone()),
            Self::Cli | Self::System => None,
        }
    }
}

/// What every change to federated data needs: the database, where the
/// activities that tell partners about it are queued, and who acts (for the
/// audit log).
#[derive(Clone)]
pub struct Writer {
    pub db: coopfed_db::Database,
    pub outbound: std::sync::Arc<dyn outbound::Outbound>,
    pub actor: Actor,
}

impl Writer {
    pub fn new(db: &coopfed_db::Database, outbound: std::sync::Arc<dyn outbound::Outbound>, actor: Actor) -> Self {
        Self { db: db.clone(), outbound, actor }
    }
}

/// A record sent as JSON, as the mapping the importers read: refused with
/// one error per field when it is no object or has fields that `known`
/// rejects (`what` names the kind of record in the message).
pub(crate) fn json_record(
    value: serde_json::Value,
    known: impl Fn(&str) -> bool,
    what: &str,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> Result<serde_yaml::Mapping, Vec<coopfed_core::records::FieldError>> {
    use coopfed_core::records::FieldError;
    let serde_json::Value::Object(mut object) = value else {
        return Err(vec![FieldError { field: "body".into(), problem: "must be a JSON object".into() }]);
    };
    let unknown: Vec<FieldError> = object
        .keys()
        .filter(|k| !known(k))
        .map(|k| FieldError { field: k.clone(), problem: format!("is not a field of {what}").into() })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    edit(&mut object);
    match serde_yaml::to_value(serde_json::Value::Object(object)) {
        Ok(serde_yaml::Value::Mapping(map)) => Ok(map),
        _ => Err(vec![FieldError { field: "body".into(), problem: "could not be read".into() }]),
    }
}

/// Records an audit entry inside the caller's transaction.
pub(crate) fn audit(
    conn: &mut coopfed_db::DbConnection,
    actor: &Actor,
    action: &str,
    target: Option<&str>,
    details: Option<String>,
) -> Result<(), coopfed_db::DbError> {
    let entry = coopfed_db::audit::AuditEntry {
        id: coopfed_db::new_id(),
        at: coopfed_db::now(),
        user_id: actor.user_id(),
        actor: actor.audit_name().to_owned(),
        action: action.to_owned(),
        target: target.map(str::to_owned),
        details,
    };
    coopfed_db::audit::record(conn, &entry)?;
    // The log line names the entry, so the two can be matched up.
    tracing::info!(audit_id = %entry.id, actor = %entry.actor, action, target, "admin action");
    Ok(())
}
