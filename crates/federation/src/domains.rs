//! Which domains may federate with this instance: the configuration's block
//! and allow lists, and the rules admins make at run time. The stored rules
//! are read again every few seconds by a running server (so a rule made on
//! the command line reaches it), and at once when the server makes them.
//! Allowing a domain limits federation to the allowed ones, as the
//! configuration's allow list does.

use std::sync::{PoisonError, RwLock};

use coopfed_db::{Database, DbError, domains::DomainRuleKind};

/// May `host` (`domain[:port]`) federate with us under these lists? A listed
/// domain covers its subdomains; a trailing dot changes nothing.
pub fn domain_allowed<'a>(
    host: &str,
    blocked: impl IntoIterator<Item = &'a str>,
    allowed: impl IntoIterator<Item = &'a str> + Clone,
) -> bool {
    use coopfed_core::names::domain_listed;
    let no_allow_list = allowed.clone().into_iter().next().is_none();
    !domain_listed(host, blocked) && (no_allow_list || domain_listed(host, allowed))
}

/// The block and allow lists in force.
#[derive(Debug, Default)]
pub struct DomainRules {
    configured_blocked: Vec<String>,
    configured_allowed: Vec<String>,
    /// `None` until the stored rules are first read.
    stored: RwLock<Option<Lists>>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Lists {
    blocked: Vec<String>,
    allowed: Vec<String>,
    /// Blocked actors (their ids), sorted.
    actors: Vec<String>,
}

impl DomainRules {
    /// The configuration's lists; stored rules come with [`DomainRules::reload`].
    pub fn new(blocked: Vec<String>, allowed: Vec<String>) -> Self {
        Self { configured_blocked: blocked, configured_allowed: allowed, stored: RwLock::default() }
    }

    /// May this host (`domain[:port]`) federate with us?
    pub fn allows(&self, host: &str) -> bool {
        let stored = self.stored.read().unwrap_or_else(PoisonError::into_inner);
        let stored = stored.as_ref();
        let blocked = self.configured_blocked.iter().chain(stored.into_iter().flat_map(|s| &s.blocked));
        let allowed = self.configured_allowed.iter().chain(stored.into_iter().flat_map(|s| &s.allowed));
        domain_allowed(host, blocked.map(String::as_str), allowed.map(String::as_str))
    }

    /// May the actor with this id send us anything? (Not when an admin blocked it.)
    pub fn allows_actor(&self, ap_id: &str) -> bool {
        let stored = self.stored.read().unwrap_or_else(PoisonError::into_inner);
        stored.as_ref().is_none_or(|s| s.actors.binary_search_by(|a| a.as_str().cmp(ap_id)).is_err())
    }

    /// Every blocked domain, configured or stored.
    pub fn blocked(&self) -> Vec<String> {
        let stored = self.stored.read().unwrap_or_else(PoisonError::into_inner);
        self.configured_blocked.iter().chain(stored.iter().flat_map(|s| &s.blocked)).cloned().collect()
    }

    /// Reads the stored rules; when they changed (or on the first read),
    /// hides or shows again the networks of blocked domains. Returns whether
    /// anything changed.
    pub async fn reload(&self, db: &Database) -> Result<bool, DbError> {
        let (rows, actors) = db
            .run(|conn| Ok::<_, DbError>((coopfed_db::domains::list(conn)?, coopfed_db::actors::blocked(conn)?)))
            .await?;
        let mut lists = Lists { actors: actors.into_iter().map(|(id, _)| id).collect(), ..Lists::default() };
        lists.actors.sort();
        for row in rows {
            match row.kind {
                DomainRuleKind::Block => lists.blocked.push(row.domain),
                DomainRuleKind::Allow => lists.allowed.push(row.domain),
            }
        }
        if self.stored.read().unwrap_or_else(PoisonError::into_inner).as_ref() == Some(&lists) {
            return Ok(false);
        }
        // The networks are marked before the new rules hold, so that a
        // failure leaves them to be tried again on the next read.
        let blocked: Vec<String> = self.configured_blocked.iter().chain(&lists.blocked).cloned().collect();
        db.run(move |conn| {
            coopfed_db::networks::mark_blocked(conn, |domain| {
                coopfed_core::names::domain_listed(domain, blocked.iter().map(String::as_str))
            })
        })
        .await?;
        *self.stored.write().unwrap_or_else(PoisonError::into_inner) = Some(lists);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_lists_ignore_case_ports_and_trailing_dots() {
        let none: [&str; 0] = [];
        for host in ["spam.test", "SPAM.test.", "eu.spam.test:8443", "eu.spam.test.:443"] {
            assert!(!domain_allowed(host, ["spam.test"], none), "{host}");
        }
        assert!(domain_allowed("notspam.test", ["spam.test"], none));
        assert!(domain_allowed("cotech.test.:8101", none, ["cotech.test"]));
        assert!(!domain_allowed("fr.test", none, ["cotech.test"]));
    }

    #[test]
    fn configured_and_stored_lists_together() {
        let rules = DomainRules::new(vec!["spam.example".into()], Vec::new());
        assert!(!rules.allows("a.spam.example"));
        assert!(rules.allows("coops.example"));
        *rules.stored.write().unwrap_or_else(PoisonError::into_inner) =
            Some(Lists { blocked: vec!["bad.example".into()], ..Lists::default() });
        assert!(!rules.allows("bad.example:8443"));
        assert_eq!(rules.blocked(), ["spam.example", "bad.example"]);
        *rules.stored.write().unwrap_or_else(PoisonError::into_inner) =
            Some(Lists { allowed: vec!["partner.example".into()], ..Lists::default() });
        assert!(rules.allows("partner.example") && !rules.allows("coops.example"), "an allow limits federation");
        assert!(rules.allows_actor("https://partner.example/users/a"));
        *rules.stored.write().unwrap_or_else(PoisonError::into_inner) = Some(Lists {
            actors: vec!["https://a.example/users/a".into(), "https://b.example/u/b".into()],
            ..Lists::default()
        });
        assert!(!rules.allows_actor("https://b.example/u/b") && rules.allows_actor("https://b.example/u/c"));
    }
}
