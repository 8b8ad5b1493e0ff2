//! Instance-wide key/value settings.

use diesel::prelude::*;

use crate::{DbConnection, DbError, now, schema::instance_settings};

/// Reads a setting.
pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<String>, DbError> {
    Ok(instance_settings::table.find(key).select(instance_settings::value).first::<String>(conn).optional()?)
}

/// Writes a setting, replacing any earlier value (one statement).
pub fn set(conn: &mut DbConnection, key: &str, value: &str) -> Result<(), DbError> {
    let at = now();
    let upsert = diesel::insert_into(instance_settings::table)
        .values((
            instance_settings::key.eq(key),
            instance_settings::value.eq(value),
            instance_settings::updated_at.eq(at),
        ))
        .on_conflict(instance_settings::key)
        .do_update()
        .set((instance_settings::value.eq(value), instance_settings::updated_at.eq(at)));
    execute_per_backend!(conn, upsert)?;
    Ok(())
}

/// The value of `key`, written as `value` first when the key has none; two
/// writers at once both read the one that stayed.
pub fn get_or_insert(conn: &mut DbConnection, key: &str, value: &str) -> Result<String, DbError> {
    let insert = diesel::insert_into(instance_settings::table)
        .values((
            instance_settings::key.eq(key),
            instance_settings::value.eq(value),
            instance_settings::updated_at.eq(now()),
        ))
        .on_conflict_do_nothing();
    execute_per_backend!(conn, insert)?;
    Ok(get(conn, key)?.unwrap_or_else(|| value.to_owned()))
}
