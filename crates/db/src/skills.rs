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
        insert_ignoring_conflicts(conn, insert)?;
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
            insert_ignoring_conflicts(conn, insert)?;
        }
    }
    Ok(added)
}

/// Replaces a member's skills.
pub fn set_member_skills(conn: &mut DbConnection, member_id: &str, slugs: &[String]) -> Result<(), DbError> {
    diesel::delete(member_skills::table.filter(member_skills::member_id.eq(member_id))).execute(conn)?;
    for slug in slugs {
        diesel::insert_into(member_skills::table)
            .values((member_skills::member_id.eq(member_id), member_skills::skill.eq(slug)))
            .execute(conn)?;
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
