//! The health of remote hosts: consecutive delivery failures, dead hosts and
//! their revival.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::{DbConnection, DbError, now, schema::federation_hosts};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = federation_hosts)]
#[diesel(treat_none_as_default_value = false)]
pub struct HostRow {
    pub host: String,
    pub consecutive_failures: i32,
    pub first_failure_at: Option<NaiveDateTime>,
    pub last_failure_at: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
    pub dead_since: Option<NaiveDateTime>,
}

/// A host is declared dead after failing for this long without a success.
pub const DEAD_AFTER: Duration = Duration::hours(24);

pub fn find(conn: &mut DbConnection, host: &str) -> Result<Option<HostRow>, DbError> {
    Ok(federation_hosts::table.find(host).select(HostRow::as_select()).first(conn).optional()?)
}

/// Records a successful delivery; returns whether the host was dead (revived).
pub fn record_success(conn: &mut DbConnection, host: &str) -> Result<bool, DbError> {
    let at = now();
    let previous = find(conn, host)?;
    match &previous {
        Some(row) if row.consecutive_failures == 0 && row.dead_since.is_none() => {
            // Nothing changed but the time; spare the write most of the time.
            if row.last_success_at.is_none_or(|t| at - t > Duration::minutes(10)) {
                diesel::update(federation_hosts::table.find(host))
                    .set(federation_hosts::last_success_at.eq(Some(at)))
                    .execute(conn)?;
            }
        }
        Some(_) => {
            diesel::update(federation_hosts::table.find(host))
                .set((
                    federation_hosts::consecutive_failures.eq(0),
                    federation_hosts::first_failure_at.eq(None::<NaiveDateTime>),
                    federation_hosts::dead_since.eq(None::<NaiveDateTime>),
                    federation_hosts::last_success_at.eq(Some(at)),
                ))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(federation_hosts::table)
                .values(&HostRow {
                    host: host.to_owned(),
                    consecutive_failures: 0,
                    first_failure_at: None,
                    last_failure_at: None,
                    last_success_at: Some(at),
                    dead_since: None,
                })
                .execute(conn)?;
        }
    }
    Ok(previous.is_some_and(|row| row.dead_since.is_some()))
}

/// Records a failed delivery; returns whether the host is now dead.
pub fn record_failure(conn: &mut DbConnection, host: &str) -> Result<bool, DbError> {
    let at = now();
    let Some(row) = find(conn, host)? else {
        diesel::insert_into(federation_hosts::table)
            .values(&HostRow {
                host: host.to_owned(),
                consecutive_failures: 1,
                first_failure_at: Some(at),
                last_failure_at: Some(at),
                last_success_at: None,
                dead_since: None,
            })
            .execute(conn)?;
        return Ok(false);
    };
    let first_failure = row.first_failure_at.unwrap_or(at);
    let dead_since = row.dead_since.or_else(|| (at - first_failure >= DEAD_AFTER).then_some(at));
    diesel::update(federation_hosts::table.find(host))
        .set((
            federation_hosts::consecutive_failures.eq(row.consecutive_failures.saturating_add(1)),
            federation_hosts::first_failure_at.eq(Some(first_failure)),
            federation_hosts::last_failure_at.eq(Some(at)),
            federation_hosts::dead_since.eq(dead_since),
        ))
        .execute(conn)?;
    Ok(dead_since.is_some())
}

/// All hosts with their state, failing ones first.
pub fn list(conn: &mut DbConnection) -> Result<Vec<HostRow>, DbError> {
    Ok(federation_hosts::table
        .order((federation_hosts::consecutive_failures.desc(), federation_hosts::host.asc()))
        .select(HostRow::as_select())
        .load(conn)?)
}

/// (failing, dead) hosts: failing ones have failed since their last success
/// and are not dead yet.
pub fn count_unwell(conn: &mut DbConnection) -> Result<(i64, i64), DbError> {
    let failing = federation_hosts::table
        .filter(federation_hosts::consecutive_failures.gt(0))
        .filter(federation_hosts::dead_since.is_null())
        .count()
        .get_result(conn)?;
    let dead = federation_hosts::table.filter(federation_hosts::dead_since.is_not_null()).count().get_result(conn)?;
    Ok((failing, dead))
}
