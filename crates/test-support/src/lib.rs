//! Test support for coopfed: fresh databases (a temporary SQLite file, or a
//! fresh PostgreSQL schema from `TEST_DATABASE_URL`) and real `coopfed`
//! processes listening on loopback ports, and a WebDriver client for browser
//! tests.
//!
//! Everything cleans up after itself on drop, also when a test panics.

mod database;
mod fake_remote;
mod instance;
mod raw_remote;
pub mod webdriver;

pub use database::{TestDatabase, postgres_or_skip};
pub use fake_remote::{FakeOptions, FakeRemote};
pub use instance::{CliOutput, InstanceOptions, TestInstance, free_port, wait_for, wait_until};
pub use raw_remote::{RawRemote, RawRequest};
