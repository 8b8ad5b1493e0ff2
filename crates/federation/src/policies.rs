//! How this instance answers other networks: the partner policy (follows
//! from other networks accepted at once or kept for review) and the group
//! policy (whose jobs the stream groups take). The configuration sets them;
//! admins change them at run time (stored, read again like the domain rules).

use std::sync::{PoisonError, RwLock};

use coopfed_db::{Database, DbError};
use coopfed_service::follows::FollowPolicy;

use crate::partners::GroupPolicy;

/// The stored setting of the partner policy (`auto`, `review`).
pub const PARTNER_KEY: &str = coopfed_service::policies::PARTNER_KEY;
/// The stored setting of the group policy (`partners`, `anyone`).
pub const GROUP_KEY: &str = coopfed_service::policies::GROUP_KEY;

/// The policies in force.
#[derive(Debug)]
pub struct Policies {
    configured: (FollowPolicy, GroupPolicy),
    current: RwLock<(FollowPolicy, GroupPolicy)>,
}

impl Default for Policies {
    fn default() -> Self {
        Self::new(FollowPolicy::Auto, GroupPolicy::Partners)
    }
}

/// The partner policy a word names.
pub fn partner_policy(word: &str) -> Option<FollowPolicy> {
    match word {
        "auto" => Some(FollowPolicy::Auto),
        "review" => Some(FollowPolicy::Review),
        _ => None,
    }
}

/// The group policy a word names.
pub fn group_policy(word: &str) -> Option<GroupPolicy> {
    match word {
        "members" => Some(GroupPolicy::Members),
        "partners" => Some(GroupPolicy::Partners),
        "anyone" => Some(GroupPolicy::Anyone),
        _ => None,
    }
}

/// The word of a partner policy.
pub fn partner_word(policy: FollowPolicy) -> &'static str {
    match policy {
        FollowPolicy::Auto => "auto",
        FollowPolicy::Review => "review",
    }
}

/// The word of a group policy.
pub fn group_word(policy: GroupPolicy) -> &'static str {
    match policy {
        GroupPolicy::Members => "members",
        GroupPolicy::Partners => "partners",
        GroupPolicy::Anyone => "anyone",
    }
}

impl Policies {
    /// The configuration's policies; stored ones come with [`Policies::reload`].
    pub fn new(partner: FollowPolicy, group: GroupPolicy) -> Self {
        Self { configured: (partner, group), current: RwLock::new((partner, group)) }
    }

    pub fn partner(&self) -> FollowPolicy {
        self.current.read().unwrap_or_else(PoisonError::into_inner).0
    }

    pub fn group(&self) -> GroupPolicy {
        self.current.read().unwrap_or_else(PoisonError::into_inner).1
    }

    /// Reads the stored policies (the configured ones where none is stored).
    /// Returns whether anything changed.
    pub async fn reload(&self, db: &Database) -> Result<bool, DbError> {
        let (partner, group) = db
            .run(|conn| {
                Ok::<_, DbError>((
                    coopfed_db::settings::get(conn, PARTNER_KEY)?,
                    coopfed_db::settings::get(conn, GROUP_KEY)?,
                ))
            })
            .await?;
        let wanted = (
            partner.as_deref().and_then(partner_policy).unwrap_or(self.configured.0),
            group.as_deref().and_then(group_policy).unwrap_or(self.configured.1),
        );
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let changed = *current != wanted;
        *current = wanted;
        Ok(changed)
    }
}
