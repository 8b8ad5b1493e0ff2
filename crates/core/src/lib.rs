//! Domain types of coopfed: names, roles and the URL layout of an instance.
//!
//! This crate does no I/O. Everything that validates user or configuration input
//! lives here, once, so that the CLI, the REST API and the importers agree.

pub mod announcements;
pub mod clock;
pub mod codes;
pub mod jobs;
pub mod members;
pub mod names;
pub mod problems;
pub mod records;
pub mod roles;
pub mod skills;
pub mod text;
pub mod translations;
pub mod urls;

pub use names::{Domain, NameError, Slug, Username};
pub use roles::Role;
pub use urls::InstanceUrls;

/// Names of the two stream groups every instance has.
pub const JOBS_GROUP: &str = "jobs";
/// See [`JOBS_GROUP`].
pub const NEWS_GROUP: &str = "news";
