//! `coopfed import`: member directories, job offers and announcements from
//! files, checked record by record, with a dry run and a progress bar.

use anyhow::bail;
use clap::Subcommand;
use coopfed_service::members::{self as member_service};

use crate::{
    boot::{self, Instance, cli_writer},
    config::Config,
    console::{out, report_error},
};

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// Import member co-ops from a YAML file (`network:` and a `members:` list)
    /// or a CSV file (columns slug,name,website,country,city,services,technologies,skills,description;
    /// lists separated by `;`). A known slug is updated, a new one created. Every
    /// bad record is reported with its record and line number; if there is any,
    /// nothing is imported unless --skip-invalid is given.
    Members {
        file: std::path::PathBuf,
        /// Check the file and report what would happen, without writing.
        #[arg(long)]
        dry_run: bool,
        /// Import the valid records even when others are bad.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import job offers of member co-ops from a YAML file (`network:` and a
    /// `jobs:` list; see README). An offer with the same co-op and id as an
    /// earlier import is updated; new offers are published (and sent to every
    /// partner network when `publish_to_all: true`).
    Jobs {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import news and events from a YAML file (`network:` and an
    /// `announcements:` list; see README). Same id as an earlier import: updated.
    Announcements {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_invalid: bool,
    },
}

/// A progress bar on standard error (hidden when it is not a terminal).
fn progress_bar(length: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(u64::try_from(length).unwrap_or(0));
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// The instance's skills taxonomy (built in plus what admins added); the
/// built-in one when there is no database yet.
async fn stored_taxonomy(config: &Config) -> anyhow::Result<std::sync::Arc<coopfed_core::skills::Taxonomy>> {
    let db = boot::open(config)?;
    if !db.pending_migrations()?.is_empty() {
        return Ok(std::sync::Arc::new(coopfed_core::skills::Taxonomy::builtin().clone()));
    }
    Ok(db.run(coopfed_service::skills::load).await?)
}

pub(crate) async fn import_members(
    config: &Config,
    path: &std::path::Path,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    if coopfed_service::import_files::is_json_lines(path) {
        let taxonomy = stored_taxonomy(config).await?;
        let languages = vec![config.language.clone()];
        let instance = if dry_run { None } else { Some(Instance::boot(config).await?) };
        let instance = instance.as_ref();
        let lines = LinesImport {
            config,
            path,
            kind: "member",
            what: "member co-ops",
            key_field: "slug",
            dry_run,
            skip_invalid,
        };
        let imported = import_lines(
            lines,
            |fields| {
                coopfed_core::members::MemberRecord::read(fields, &languages, &taxonomy)
                    .map(|member| (member.slug.to_string(), member))
                    .map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
            },
            move |batch, progress| async move {
                let Some(Instance { db, urls, federation }) = instance else { bail!("no database to write to") };
                let report = member_service::import(&cli_writer(db, federation), urls, batch, progress).await?;
                Ok((report.created, report.updated))
            },
        )
        .await;
        if let Some(instance) = instance {
            instance.db.refresh_statistics(coopfed_db::LISTING_TABLES).await;
        }
        return imported;
    }
    let (name, file) = read_import_file(
        config,
        path,
        "members",
        coopfed_service::members::COLUMNS,
        coopfed_service::members::LIST_COLUMNS,
    )?;
    let taxonomy = stored_taxonomy(config).await?;
    let taxonomy = &taxonomy;
    let languages = vec![config.language.clone()];
    let (valid, errors) = check_records(&name, &file, "slug", |fields| {
        coopfed_core::members::MemberRecord::read(fields, &languages, taxonomy)
            .map(|member| (member.slug.to_string(), member))
            .map_err(|errors| errors.into_iter().map(|e| e.to_string()).collect())
    });
    check_outcome(&name, (&errors, errors.len()), file.records.len(), valid.len(), skip_invalid)?;
    finish_import(&name, "member co-ops", file.records.len(), valid, dry_run, |valid, bar| async {
        let Instance { db, urls, federation } = Instance::boot(config).await?;
        let report = member_service::import(&cli_writer(&db, &federation), &urls, valid, advance(bar)).await?;
        db.refresh_statistics(coopfed_db::LISTING_TABLES).await;
        Ok((report.created, report.updated))
    })
    .await
}

/// At most this many errors of a file are shown (and kept); the rest are counted.
const ERRORS_SHOWN: usize = 100;

/// Reports record errors (the first [`ERRORS_SHOWN`] of the `error_count`,
/// which `errors` holds, and how many more there are) and stops unless the
/// import may go on with the valid records alone.
fn check_outcome(
    name: &str,
    (errors, error_count): (&[String], usize),
    total: usize,
    valid: usize,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let shown = errors.len().min(ERRORS_SHOWN);
    for error in &errors[..shown] {
        report_error(error);
    }
    if error_count > shown {
        report_error(&format!("{name}: … and {} more errors", error_count - shown));
    }
    if !errors.is_empty() && !skip_invalid {
        let hint = match valid {
            0 => String::new(),
            1 => " (--skip-invalid imports the one valid record)".to_owned(),
            n => format!(" (--skip-invalid imports the {n} valid records)"),
        };
        bail!("{name}: {} of {total} records have errors; nothing was imported{hint}", total - valid);
    }
    Ok(())
}

pub(crate) async fn import_jobs(
    config: &Config,
    path: &std::path::Path,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    let members = coopfed_service::jobs::local_member_slugs(&db).await?;
    let taxonomy = db.run(coopfed_service::skills::load).await?;
    let taxonomy = &taxonomy;
    let check = |fields: &serde_yaml::Mapping| {
        check_owned(fields, "member", &members, |fields| {
            coopfed_core::jobs::JobRecord::read(fields, &config.language, taxonomy).map(|job| (job.id.to_string(), job))
        })
    };
    let instance = Instance { db, urls, federation };
    import_items(&instance, config, path, ("job", "jobs", "job offers"), (dry_run, skip_invalid), check).await
}

/// Checks every record of a file with `check`, which returns the record's
/// unique key (the field `key_field`) and value, or its errors; duplicates of
/// a key are errors too.
fn check_records<T>(
    name: &str,
    file: &coopfed_service::import_files::RawFile,
    key_field: &str,
    check: impl FnMut(&serde_yaml::Mapping) -> Result<(String, T), Vec<String>>,
) -> (Vec<T>, Vec<String>) {
    let checking = progress_bar(file.records.len(), "checking");
    let checked = coopfed_service::import_files::check_records(name, file, key_field, check, || checking.inc(1));
    checking.finish_and_clear();
    checked
}

/// Checks a record whose `owner_key` names a local member co-op: the co-op must
/// exist (among `members`) and `read` must accept the fields; every error is reported.
fn check_owned<T>(
    fields: &serde_yaml::Mapping,
    owner_key: &str,
    members: &std::collections::HashSet<String>,
    read: impl FnOnce(&serde_yaml::Mapping) -> Result<(String, T), Vec<coopfed_core::records::FieldError>>,
) -> Result<(String, T), Vec<String>> {
    let mut messages = Vec::new();
    if let Some(owner) = fields.get(owner_key).and_then(serde_yaml::Value::as_str).filter(|o| !members.contains(*o)) {
        messages.push(format!("{owner_key}: no member co-op `{owner}` in this network (import the members first)"));
    }
    match read(fields) {
        Ok(record) if messages.is_empty() => Ok(record),
        Ok(_) => Err(messages),
        Err(field_errors) => {
            messages.extend(field_errors.into_iter().map(|e| e.to_string()));
            Err(messages)
        }
    }
}

pub(crate) async fn import_announcements(
    config: &Config,
    path: &std::path::Path,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let Instance { db, urls, federation } = Instance::boot(config).await?;
    let members = coopfed_service::jobs::local_member_slugs(&db).await?;
    let taxonomy = db.run(coopfed_service::skills::load).await?;
    let taxonomy = &taxonomy;
    let check = |fields: &serde_yaml::Mapping| {
        check_owned(fields, "author", &members, |fields| {
            coopfed_core::announcements::AnnouncementRecord::read(fields, &config.language, taxonomy)
                .map(|record| (record.id.to_string(), record))
        })
    };
    let instance = Instance { db, urls, federation };
    let kind = ("announcement", "announcements", "announcements");
    import_items(&instance, config, path, kind, (dry_run, skip_invalid), check).await
}

/// Imports the offers or announcements of a YAML file (under `list_key`) or
/// a JSON Lines file (records of type `kind`), each checked by `check`.
async fn import_items<R: coopfed_service::stream::ImportRecord>(
    instance: &Instance,
    config: &Config,
    path: &std::path::Path,
    (kind, list_key, what): (&str, &str, &str),
    (dry_run, skip_invalid): (bool, bool),
    check: impl FnMut(&serde_yaml::Mapping) -> Result<(String, R), Vec<String>>,
) -> anyhow::Result<()> {
    let Instance { db, urls, federation } = instance;
    if coopfed_service::import_files::is_json_lines(path) {
        let lines = LinesImport { config, path, kind, what, key_field: "id", dry_run, skip_invalid };
        let imported = import_lines(lines, check, move |batch, progress| async move {
            let report = coopfed_service::stream::import(&cli_writer(db, federation), urls, batch, progress).await?;
            Ok((report.created, report.updated))
        })
        .await;
        if !dry_run {
            db.refresh_statistics(coopfed_db::LISTING_TABLES).await;
        }
        return imported;
    }
    let (name, file) = read_import_file(config, path, list_key, &[], &[])?;
    let (valid, errors) = check_records(&name, &file, "id", check);
    check_outcome(&name, (&errors, errors.len()), file.records.len(), valid.len(), skip_invalid)?;
    finish_import(&name, what, file.records.len(), valid, dry_run, |valid, bar| async {
        let report = coopfed_service::stream::import(&cli_writer(db, federation), urls, valid, advance(bar)).await?;
        db.refresh_statistics(coopfed_db::LISTING_TABLES).await;
        Ok((report.created, report.updated))
    })
    .await
}

/// Reads an import file and checks that it belongs to this network.
fn read_import_file(
    config: &Config,
    path: &std::path::Path,
    list_key: &str,
    columns: &[&str],
    list_columns: &[&str],
) -> anyhow::Result<(String, coopfed_service::import_files::RawFile)> {
    let name = path.display().to_string();
    let file = coopfed_service::import_files::read(path, list_key, columns, list_columns)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if let Some(network) = file.network.as_deref().filter(|n| *n != config.network.as_str()) {
        bail!("{name}: the file is for the network `{network}`, but this instance runs `{}`", config.network);
    }
    Ok((name, file))
}

/// After the checks: reports a dry run, or runs `import` (which returns the
/// numbers created and updated) with a progress bar and reports what it did.
async fn finish_import<T, Fut>(
    name: &str,
    what: &str,
    total: usize,
    valid: Vec<T>,
    dry_run: bool,
    import: impl FnOnce(Vec<T>, indicatif::ProgressBar) -> Fut,
) -> anyhow::Result<()>
where
    Fut: std::future::Future<Output = anyhow::Result<(usize, usize)>>,
{
    let bad_records = total - valid.len();
    if dry_run {
        out(&format!("{name}: {} valid {what}, {bad_records} with errors; dry run, nothing was written.", valid.len()));
        return Ok(());
    }
    let writing = progress_bar(valid.len(), "importing");
    let (created, updated) = import(valid, writing.clone()).await?;
    writing.finish_and_clear();
    out(&format!(
        "{name}: imported {} {what} ({created} created, {updated} updated){}.",
        created + updated,
        if bad_records > 0 { format!("; {bad_records} records skipped") } else { String::new() }
    ));
    Ok(())
}

/// What an import of a JSON Lines file reads, and how it reports.
struct LinesImport<'a> {
    config: &'a Config,
    path: &'a std::path::Path,
    /// What each record is (its optional `"type"`).
    kind: &'a str,
    /// What the records are called in messages.
    what: &'a str,
    key_field: &'a str,
    dry_run: bool,
    skip_invalid: bool,
}

/// Records of a JSON Lines file written per transaction.
const LINES_PER_TRANSACTION: usize = 1000;

/// Transactions of an import running at once on PostgreSQL.
const TRANSACTIONS_AT_ONCE: usize = 4;

/// Waits for the first of `running` to finish; removes it and returns what it gave.
async fn first_done<F: std::future::Future + Unpin>(running: &mut Vec<F>) -> F::Output {
    std::future::poll_fn(|cx| {
        for i in 0..running.len() {
            if let std::task::Poll::Ready(output) = std::pin::Pin::new(&mut running[i]).poll(cx) {
                running.swap_remove(i);
                return std::task::Poll::Ready(output);
            }
        }
        std::task::Poll::Pending
    })
    .await
}

/// Imports a JSON Lines file in two passes, so that memory stays flat
/// whatever its size: every record is checked first (only keys and errors
/// are kept; nothing is written if a record is bad, unless `skip_invalid`),
/// then the file is read again and written [`LINES_PER_TRANSACTION`]
/// records per transaction by `write` (which reports each record written
/// and returns the numbers created and updated), on PostgreSQL
/// [`TRANSACTIONS_AT_ONCE`] transactions at a time. If a transaction fails,
/// what was written before stays imported (and what was being written at
/// the same time is finished), and importing the file again updates that
/// and adds the rest.
async fn import_lines<T, Fut>(
    lines: LinesImport<'_>,
    check: impl FnMut(&serde_yaml::Mapping) -> Result<(String, T), Vec<String>>,
    mut write: impl FnMut(Vec<T>, Box<dyn Fn(usize) + Send>) -> Fut,
) -> anyhow::Result<()>
where
    Fut: std::future::Future<Output = anyhow::Result<(usize, usize)>>,
{
    use coopfed_service::import_files::{RecordChecker, read_lines};
    let name = lines.path.display().to_string();
    let read = || {
        read_lines(lines.path, lines.config.network.as_str(), lines.kind).map_err(|e| anyhow::anyhow!("{name}: {e}"))
    };
    let mut checker = RecordChecker::new(&name, lines.key_field, check);
    let checking = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {pos} records") {
        checking.set_style(style);
    }
    checking.set_message("checking");
    let (mut total, mut bad, mut errors, mut error_count) = (0usize, std::collections::HashSet::new(), Vec::new(), 0);
    for record in read()? {
        total += 1;
        checking.inc(1);
        if let Err(messages) = checker.check(&record) {
            bad.insert(record.number);
            error_count += messages.len();
            // Only the errors shown are kept: a file of a million bad
            // records must not fill the memory with their messages.
            errors.extend(messages.into_iter().take(ERRORS_SHOWN.saturating_sub(errors.len())));
        }
    }
    checking.finish_and_clear();
    let valid = total - bad.len();
    check_outcome(&name, (&errors, error_count), total, valid, lines.skip_invalid)?;
    let what = lines.what;
    if lines.dry_run {
        out(&format!("{name}: {valid} valid {what}, {} with errors; dry run, nothing was written.", bad.len()));
        return Ok(());
    }
    checker.start_over();
    let writing = progress_bar(valid, "importing");
    // PostgreSQL: a transaction waits for a round trip per statement, so
    // several run at once; SQLite has one writer at a time.
    // (Each holds a pooled connection.)
    let parallel = match lines.config.database_url.backend() {
        coopfed_db::Backend::Postgres => {
            TRANSACTIONS_AT_ONCE.min(usize::try_from(lines.config.max_connections).unwrap_or(1)).max(1)
        }
        coopfed_db::Backend::Sqlite => 1,
    };
    let (mut created, mut updated, mut written) = (0, 0, 0);
    let mut records = read()?.filter(|record| !bad.contains(&record.number)).peekable();
    let mut running = Vec::new();
    let mut failed: Option<anyhow::Error> = None;
    loop {
        while failed.is_none() && running.len() < parallel && records.peek().is_some() {
            let mut batch = Vec::with_capacity(LINES_PER_TRANSACTION);
            for record in records.by_ref().take(LINES_PER_TRANSACTION) {
                match checker.check(&record) {
                    Ok(value) => batch.push(value),
                    Err(_) => {
                        failed = Some(anyhow::anyhow!(
                            "the file changed while it was imported ({} differs)",
                            record.position()
                        ));
                        break;
                    }
                }
            }
            if failed.is_some() {
                break;
            }
            let bar = writing.clone();
            let count = batch.len();
            let writes = write(batch, Box::new(move |_| bar.inc(1)));
            running.push(Box::pin(async move { (count, writes.await) }));
        }
        if running.is_empty() {
            break;
        }
        match first_done(&mut running).await {
            (count, Ok((new, changed))) => {
                (created, updated, written) = (created + new, updated + changed, written + count)
            }
            (_, Err(e)) => {
                failed.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failed {
        writing.finish_and_clear();
        bail!(
            "{name}: {e}\n{written} of {valid} {what} were imported; importing the file again updates them \
             and adds the rest"
        );
    }
    writing.finish_and_clear();
    let skipped = if bad.is_empty() { String::new() } else { format!("; {} records skipped", bad.len()) };
    out(&format!("{name}: imported {written} {what} ({created} created, {updated} updated){skipped}."));
    Ok(())
}

/// Moves a progress bar as records are written.
fn advance(bar: indicatif::ProgressBar) -> impl Fn(usize) + Send + 'static {
    move |done| bar.set_position(u64::try_from(done).unwrap_or(0))
}
