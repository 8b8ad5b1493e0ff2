//! Domains admins block or allow at run time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{DbConnection, DbError, schema::domain_rules};

crate::text_enum! {
    /// What a rule does (the `kind` column, stored as text).
    pub enum DomainRuleKind ("domain rule kind") {
        Block = "block",
        Allow = "allow",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = domain_rules)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
pub struct DomainRuleRow {
    /// Lower case, without a trailing dot; covers its subdomains.
    pub domain: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: DomainRuleKind,
    /// Why, for the other admins.
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
    /// Who made it: a user name or `cli`.
    pub created_by: String,
}

/// Every rule, by domain.
pub fn list(conn: &mut DbConnection) -> Result<Vec<DomainRuleRow>, DbError> {
    Ok(domain_rules::table.order(domain_rules::domain.asc()).select(DomainRuleRow::as_select()).load(conn)?)
}

/// Makes or replaces the rule of its domain.
pub fn put(conn: &mut DbConnection, row: &DomainRuleRow) -> Result<(), DbError> {
    diesel::delete(domain_rules::table.find(&row.domain)).execute(conn)?;
    diesel::insert_into(domain_rules::table).values(row.clone()).execute(conn)?;
    Ok(())
}

/// Removes the rule of `domain`; whether there was one.
pub fn remove(conn: &mut DbConnection, domain: &str) -> Result<bool, DbError> {
    Ok(diesel::delete(domain_rules::table.find(domain)).execute(conn)? > 0)
}
