//! Integration tests: real `coopfed` processes on loopback ports, each with a
//! fresh database, spoken to over HTTP. Every test runs on SQLite and on
//! PostgreSQL (`TEST_DATABASE_URL`; skipped visibly when unset outside CI).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod access;
mod accounts;
mod audit;
mod browser;
mod discovery;
mod federation;
mod golden;
mod hostile;
mod import;
mod import_jobs;
mod interop;
mod jobs_api;
mod keys;
mod moderation;
mod openapi;
mod operations;
mod parsers;
mod queue;
mod scale;
mod stepping;
mod support;
mod wire;
