//! Provenance of federated objects: which groups announced or accepted an
//! offer or announcement (ours or a partner's), and by which activity.

use diesel::prelude::*;

use std::collections::HashMap;

use crate::{DbConnection, DbError, now, schema::object_provenance};

/// Records that `group` announced or accepted `object` (once per pair);
/// returns whether the pair was new.
pub fn add(conn: &mut DbConnection, object: &str, group: &str, activity: Option<&str>) -> Result<bool, DbError> {
    let insert = diesel::insert_into(object_provenance::table)
        .values((
            object_provenance::id.eq(crate::new_id()),
            object_provenance::object_ap_id.eq(object),
            object_provenance::group_ap_id.eq(group),
            object_provenance::activity_id.eq(activity),
            object_provenance::received_at.eq(now()),
        ))
        .on_conflict_do_nothing();
    let inserted = execute_per_backend!(conn, insert)?;
    Ok(inserted == 1)
}

/// Records that each `(object, group)` pair's group accepted the object,
/// as [`add`] does without an activity: one statement per few hundred.
pub fn add_all(conn: &mut DbConnection, pairs: &[(&str, &str)]) -> Result<(), DbError> {
    let at = now();
    for chunk in pairs.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(object, group)| {
                (
                    object_provenance::id.eq(crate::new_id()),
                    object_provenance::object_ap_id.eq(*object),
                    object_provenance::group_ap_id.eq(*group),
                    object_provenance::activity_id.eq(None::<&str>),
                    object_provenance::received_at.eq(at),
                )
            })
            .collect();
        let insert = diesel::insert_into(object_provenance::table).values(rows).on_conflict_do_nothing();
        execute_per_backend!(conn, insert)?;
    }
    Ok(())
}

/// Did `group` announce or accept `object`?
pub fn has(conn: &mut DbConnection, object: &str, group: &str) -> Result<bool, DbError> {
    let n: i64 = object_provenance::table
        .filter(object_provenance::object_ap_id.eq(object))
        .filter(object_provenance::group_ap_id.eq(group))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The groups of each of `objects` that has any, first received first.
pub fn groups_of(conn: &mut DbConnection, objects: &[String]) -> Result<HashMap<String, Vec<String>>, DbError> {
    let pairs: Vec<(String, String)> = object_provenance::table
        .filter(object_provenance::object_ap_id.eq_any(objects))
        .select((object_provenance::object_ap_id, object_provenance::group_ap_id))
        .order(object_provenance::received_at.asc())
        .load(conn)?;
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for (object, group) in pairs {
        groups.entry(object).or_default().push(group);
    }
    Ok(groups)
}
