//! The skills taxonomy in the database (built-in entries are seeded at set-up).

use diesel::prelude::*;

use crate::{
    DbConnection, DbError,
    schema::{member_skills, skill_aliases, skill_categories, skills},
};

/// A category row: slug and labels in en, de, nl, fr.
pub type CategoryRow = (String, [String; 4]);
/// A skill row: slug, category, labels in en, de, nl, fr, aliases.
pub type SkillRow = (String, String, [String; 4], Vec<String>);

fn insert_ignoring_conflicts<T>(conn: &mut DbConnection, insert: T) -> Result<usize, DbError>
where
    T: diesel::query_dsl::methods::ExecuteDsl<diesel::PgConnection>
        + diesel::query_dsl::methods::ExecuteDsl<diesel::SqliteConnection>,
{
    Ok(match conn {
        DbConnection::Postgres(pg) => {
            diesel::query_dsl::methods::ExecuteDsl::<diesel::PgConnection>::execute(insert, pg)?
        }
        DbConnection::Sqlite(sqlite) => {
            diesel::query_dsl::methods::ExecuteDsl::<diesel::SqliteConnection>::execute(insert, sqlite)?
        }
    })
}

/// Adds the categories, skills and aliases that are missing. Returns how many skills were added.
pub fn seed(conn: &mut DbConnection, categories: &[CategoryRow], all_skills: &[SkillRow]) -> Result<usize, DbError> {
    let mut changed = 0;
    for (slug, [en, de, nl, fr]) in categories {
        let insert = diesel::insert_into(skill_categories::table)
            .values((
                skill_categories::slug.eq(slug),
                skill_categories::label_en.eq(en),
                skill_categories::label_de.eq(de),
                skill_categories::label_nl.eq(nl),
                skill_categories::label_fr.eq(fr),
            ))
            .on_conflict_do_nothing();
        changed += insert_ignoring_conflicts(conn, insert)?;
    }
    let mut added = 0;
    for (slug, category, [en, de, nl, fr], aliases) in all_skills {
        let insert = diesel::insert_into(skills::table)
            .values((
                skills::slug.eq(slug),
                skills::category.eq(category),
                skills::label_en.eq(en),
                skills::label_de.eq(de),
                skills::label_nl.eq(nl),
                skills::label_fr.eq(fr),
                skills::builtin.eq(true),
            ))
            .on_conflict_do_nothing();
        added += insert_ignoring_conflicts(conn, insert)?;
        for alias in aliases {
            let insert = diesel::insert_into(skill_aliases::table)
                .values((skill_aliases::alias.eq(alias.to_lowercase()), skill_aliases::skill.eq(slug)))
                .on_conflict_do_nothing();
            changed += insert_ignoring_conflicts(conn, insert)?;
        }
    }
    if changed + added > 0 || version(conn)?.is_none() {
        mark_changed(conn)?;
    }
    Ok(added)
}

/// The settings key of the taxonomy's version: a fresh random id after
/// every change, so that a copy kept in memory is known to be current
/// (by one read of one row, in any process, on any database).
const VERSION_KEY: &str = "skills_version";

/// The taxonomy's current version; `None` before it was first seeded.
pub fn version(conn: &mut DbConnection) -> Result<Option<String>, DbError> {
    crate::settings::get(conn, VERSION_KEY)
}

fn mark_changed(conn: &mut DbConnection) -> Result<(), DbError> {
    crate::settings::set(conn, VERSION_KEY, &crate::new_id())
}

/// Replaces a member's skills.
pub fn set_member_skills(conn: &mut DbConnection, member_id: &str, slugs: &[String]) -> Result<(), DbError> {
    diesel::delete(member_skills::table.filter(member_skills::member_id.eq(member_id))).execute(conn)?;
    add_member_skills(conn, member_id, slugs)
}

/// Gives a member co-op that has none yet its skills.
pub fn add_member_skills(conn: &mut DbConnection, member_id: &str, slugs: &[String]) -> Result<(), DbError> {
    if !slugs.is_empty() {
        let rows: Vec<_> =
            slugs.iter().map(|slug| (member_skills::member_id.eq(member_id), member_skills::skill.eq(slug))).collect();
        execute_per_backend!(conn, diesel::insert_into(member_skills::table).values(rows))?;
    }
    Ok(())
}

/// A member's skill slugs, sorted.
pub fn member_skills_of(conn: &mut DbConnection, member_id: &str) -> Result<Vec<String>, DbError> {
    Ok(member_skills::table
        .filter(member_skills::member_id.eq(member_id))
        .select(member_skills::skill)
        .order(member_skills::skill.asc())
        .load(conn)?)
}

pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(skills::table.count().get_result(conn)?)
}

/// The whole taxonomy as stored: categories and skills (with their aliases), by slug.
pub fn load(conn: &mut DbConnection) -> Result<(Vec<CategoryRow>, Vec<SkillRow>), DbError> {
    let categories: Vec<(String, String, String, String, String)> = skill_categories::table
        .select((
            skill_categories::slug,
            skill_categories::label_en,
            skill_categories::label_de,
            skill_categories::label_nl,
            skill_categories::label_fr,
        ))
        .order(skill_categories::slug.asc())
        .load(conn)?;
    let rows: Vec<(String, String, String, String, String, String)> = skills::table
        .select((
            skills::slug,
            skills::category,
            skills::label_en,
            skills::label_de,
            skills::label_nl,
            skills::label_fr,
        ))
        .order(skills::slug.asc())
        .load(conn)?;
    let aliases: Vec<(String, String)> = skill_aliases::table
        .select((skill_aliases::skill, skill_aliases::alias))
        .order((skill_aliases::skill.asc(), skill_aliases::alias.asc()))
        .load(conn)?;
    let mut by_skill: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for (skill, alias) in aliases {
        by_skill.entry(skill).or_default().push(alias);
    }
    let categories = categories.into_iter().map(|(slug, en, de, nl, fr)| (slug, [en, de, nl, fr])).collect();
    let rows = rows
        .into_iter()
        .map(|(slug, category, en, de, nl, fr)| {
            let aliases = by_skill.remove(&slug).unwrap_or_default();
            (slug, category, [en, de, nl, fr], aliases)
        })
        .collect();
    Ok((categories, rows))
}

/// Adds a category (its slug must be new).
pub fn insert_category(conn: &mut DbConnection, (slug, [en, de, nl, fr]): &CategoryRow) -> Result<(), DbError> {
    diesel::insert_into(skill_categories::table)
        .values((
            skill_categories::slug.eq(slug),
            skill_categories::label_en.eq(en),
            skill_categories::label_de.eq(de),
            skill_categories::label_nl.eq(nl),
            skill_categories::label_fr.eq(fr),
        ))
        .execute(conn)?;
    mark_changed(conn)
}

/// Adds a skill that is not built in, with its aliases (its slug must be new).
pub fn insert_skill(conn: &mut DbConnection, (slug, category, labels, aliases): &SkillRow) -> Result<(), DbError> {
    let [en, de, nl, fr] = labels;
    diesel::insert_into(skills::table)
        .values((
            skills::slug.eq(slug),
            skills::category.eq(category),
            skills::label_en.eq(en),
            skills::label_de.eq(de),
            skills::label_nl.eq(nl),
            skills::label_fr.eq(fr),
            skills::builtin.eq(false),
        ))
        .execute(conn)?;
    add_aliases(conn, slug, aliases)
}

/// Replaces a skill's labels.
pub fn set_labels(conn: &mut DbConnection, slug: &str, [en, de, nl, fr]: &[String; 4]) -> Result<usize, DbError> {
    let updated = diesel::update(skills::table.find(slug))
        .set((skills::label_en.eq(en), skills::label_de.eq(de), skills::label_nl.eq(nl), skills::label_fr.eq(fr)))
        .execute(conn)?;
    mark_changed(conn)?;
    Ok(updated)
}

/// Adds aliases (lower case) to a skill.
pub fn add_aliases(conn: &mut DbConnection, slug: &str, aliases: &[String]) -> Result<(), DbError> {
    for alias in aliases {
        diesel::insert_into(skill_aliases::table)
            .values((skill_aliases::alias.eq(alias.to_lowercase()), skill_aliases::skill.eq(slug)))
            .execute(conn)?;
    }
    mark_changed(conn)
}

/// Removes one alias; returns whether it existed.
pub fn remove_alias(conn: &mut DbConnection, slug: &str, alias: &str) -> Result<bool, DbError> {
    let removed = diesel::delete(
        skill_aliases::table
            .filter(skill_aliases::skill.eq(slug))
            .filter(skill_aliases::alias.eq(alias.to_lowercase())),
    )
    .execute(conn)?;
    mark_changed(conn)?;
    Ok(removed > 0)
}

/// Whether a skill is built in; `None` when there is no such skill.
pub fn is_builtin(conn: &mut DbConnection, slug: &str) -> Result<Option<bool>, DbError> {
    Ok(skills::table.find(slug).select(skills::builtin).first(conn).optional()?)
}

/// How many member co-ops, job offers and announcements name a skill.
pub fn uses(conn: &mut DbConnection, slug: &str) -> Result<i64, DbError> {
    use crate::schema::{announcement_skills, job_skills};
    let members: i64 = member_skills::table.filter(member_skills::skill.eq(slug)).count().get_result(conn)?;
    let jobs: i64 = job_skills::table.filter(job_skills::skill.eq(slug)).count().get_result(conn)?;
    let announcements: i64 =
        announcement_skills::table.filter(announcement_skills::skill.eq(slug)).count().get_result(conn)?;
    Ok(members + jobs + announcements)
}

/// Deletes a skill and its aliases.
pub fn delete_skill(conn: &mut DbConnection, slug: &str) -> Result<usize, DbError> {
    diesel::delete(skill_aliases::table.filter(skill_aliases::skill.eq(slug))).execute(conn)?;
    let deleted = diesel::delete(skills::table.find(slug)).execute(conn)?;
    mark_changed(conn)?;
    Ok(deleted)
}

/// The skill slugs of several member co-ops, by member id.
pub fn member_skills_for(
    conn: &mut DbConnection,
    member_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<String>>, DbError> {
    let mut out: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for chunk in member_ids.chunks(500) {
        let rows: Vec<(String, String)> = member_skills::table
            .filter(member_skills::member_id.eq_any(chunk))
            .select((member_skills::member_id, member_skills::skill))
            .order(member_skills::skill.asc())
            .load(conn)?;
        for (member, skill) in rows {
            out.entry(member).or_default().push(skill);
        }
    }
    Ok(out)
}
