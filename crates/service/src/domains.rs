//! Blocking and allowing domains at run time (admins, the command line).
//! A running server applies a rule within [`RELOAD`] at the latest; the web
//! interface and the admin API apply it at once.

use coopfed_core::{Domain, records::Problem};
use coopfed_db::{
    Database,
    domains::{DomainRuleKind, DomainRuleRow},
};

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// How long a server may take to apply a rule made by another process.
pub const RELOAD: &str = "5 seconds";

/// Every stored rule, by domain.
pub async fn list(db: &Database) -> Result<Vec<DomainRuleRow>, ServiceError> {
    Ok(db.run(coopfed_db::domains::list).await?)
}

/// The domain as rules keep it: lower case, no trailing dot, its port if given.
pub fn normalise(domain: &str) -> Result<String, ServiceError> {
    let trimmed = domain.trim().trim_end_matches('.');
    Domain::parse(trimmed).map_err(|e| ServiceError::problem("domain", e))?;
    Ok(trimmed.to_ascii_lowercase())
}

/// The kind of rule a word names (`block`, `allow`; any case).
pub fn kind(word: &str) -> Result<DomainRuleKind, ServiceError> {
    DomainRuleKind::try_from(word.trim().to_ascii_lowercase()).map_err(|_| {
        ServiceError::problem("kind", Problem::NotOneOf { value: word.to_owned(), allowed: "block, allow".into() })
    })
}

/// Blocks or allows `domain` (and its subdomains), replacing its rule.
pub async fn put(
    db: &Database,
    actor: &Actor,
    domain: &str,
    kind: DomainRuleKind,
    reason: Option<String>,
) -> Result<DomainRuleRow, ServiceError> {
    let domain = normalise(domain)?;
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        return Err(ServiceError::problem("reason", Problem::TooLong { max: 500 }));
    }
    let row = DomainRuleRow {
        domain,
        kind,
        reason,
        created_at: coopfed_db::now(),
        created_by: actor.audit_name().to_owned(),
    };
    let actor = actor.clone();
    let stored = row.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            coopfed_db::domains::put(conn, &stored)?;
            let action = match stored.kind {
                DomainRuleKind::Block => "domain.block",
                DomainRuleKind::Allow => "domain.allow",
            };
            Ok(audit(conn, &actor, action, Some(&stored.domain), stored.reason.clone())?)
        })
    })
    .await?;
    Ok(row)
}

/// Removes the rule of `domain`.
pub async fn remove(db: &Database, actor: &Actor, domain: &str) -> Result<(), ServiceError> {
    let domain = normalise(domain)?;
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            if !coopfed_db::domains::remove(conn, &domain)? {
                return Err(ServiceError::NotFound("domain rule"));
            }
            Ok(audit(conn, &actor, "domain.remove", Some(&domain), None)?)
        })
    })
    .await
}
