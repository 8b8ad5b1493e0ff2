//! Instance-wide key/value settings.

use diesel::prelude::*;

use crate::{DbConnection, DbError, now, schema::instance_settings};

/// Reads a setting.
pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<String>, DbError> {
    Ok(instance_settings::table.find(key).select(instance_settings::value).first::<String>(conn).optional()?)
}

/// Writes a setting, replacing any earlier value.
pub fn set(conn: &mut DbConnection, key: &str, value: &str) -> Result<(), DbError> {
    let updated = diesel::update(instance_settings::table.find(key))
        .set((instance_settings::value.eq(value), instance_settings::updated_at.eq(now())))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(instance_settings::table)
            .values((
                instance_settings::key.eq(key),
                instance_settings::value.eq(value),
                instance_settings::updated_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}
