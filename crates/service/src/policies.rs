//! Changing the partner and group policies at run time (admins, the command
//! line). A running server applies a change within 5 seconds; the web
//! interface and the admin API apply it at once.

use coopfed_core::records::Problem;
use coopfed_db::Database;

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// The stored setting of the partner policy.
pub const PARTNER_KEY: &str = "policy.partner";
/// The stored setting of the group policy.
pub const GROUP_KEY: &str = "policy.group";
/// The words of each policy.
pub const PARTNER_WORDS: &[&str] = &["auto", "review"];
pub const GROUP_WORDS: &[&str] = &["members", "partners", "anyone"];

/// Stores the policies given (`partner`: `auto` or `review`; `group`:
/// `partners` or `anyone`).
pub async fn set(db: &Database, actor: &Actor, partner: Option<&str>, group: Option<&str>) -> Result<(), ServiceError> {
    let check = |field: &'static str, value: Option<&str>, words: &[&str]| -> Result<Option<String>, ServiceError> {
        match value.map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(None),
            Some(word) if words.contains(&word.as_str()) => Ok(Some(word)),
            Some(word) => {
                Err(ServiceError::problem(field, Problem::NotOneOf { value: word, allowed: words.join(", ") }))
            }
        }
    };
    let partner = check("partner", partner, PARTNER_WORDS)?;
    let group = check("group", group, GROUP_WORDS)?;
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            for (key, value) in [(PARTNER_KEY, &partner), (GROUP_KEY, &group)] {
                if let Some(value) = value {
                    coopfed_db::settings::set(conn, key, value)?;
                    audit(conn, &actor, key, None, Some(value.clone()))?;
                }
            }
            Ok::<_, ServiceError>(())
        })
    })
    .await
}
