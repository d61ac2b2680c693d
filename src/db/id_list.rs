//! `column IN (ids…)` with the ids as one bound value.
//!
//! Diesel's `eq_any` writes one placeholder per id on SQLite, so the statement's text changes
//! with the number of ids and diesel never keeps it prepared: every search page parsed and
//! planned its queries anew. [`IdIn`] sends the ids as a single value — a JSON array read by
//! `json_each` on SQLite, an array on PostgreSQL — so the text is the same every time and the
//! prepared statement is reused.

use diesel::QueryResult;
use diesel::expression::is_aggregate;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Text};
use diesel::sqlite::Sqlite;

use crate::db::MultiBackend;

/// `column IN (ids)` for an integer id column; see the module documentation.
#[derive(Debug, Clone)]
pub struct IdIn<C> {
    column: C,
    ids: Vec<i64>,
    json: String,
}

/// `column IN (ids)`, as one bound value.
pub fn id_in<C, I: Copy + Into<i64>>(column: C, ids: &[I]) -> IdIn<C> {
    let ids: Vec<i64> = ids.iter().map(|&id| id.into()).collect();
    let mut json = String::with_capacity(ids.len() * 8 + 2);
    json.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&id.to_string());
    }
    json.push(']');
    IdIn { column, ids, json }
}

impl<C> Expression for IdIn<C> {
    type SqlType = Bool;
}

impl<C, QS> AppearsOnTable<QS> for IdIn<C> where C: AppearsOnTable<QS> {}

impl<C, QS> SelectableExpression<QS> for IdIn<C> where C: SelectableExpression<QS> {}

impl<C> ValidGrouping<()> for IdIn<C> {
    type IsAggregate = is_aggregate::Never;
}

impl<C: 'static> QueryId for IdIn<C> {
    type QueryId = IdIn<C>;
    // The text depends only on the column; the ids are bound.
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for IdIn<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C: QueryFragment<Pg>> QueryFragment<Pg> for IdIn<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<C> QueryFragment<MultiBackend> for IdIn<C>
where
    C: QueryFragment<Sqlite> + QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sent_as_one_json_array() {
        assert_eq!(id_in((), &[3, 1, 2]).json, "[3,1,2]");
        assert_eq!(id_in::<_, i64>((), &[]).json, "[]");
        assert_eq!(
            id_in((), &[-5, i64::MAX]).json,
            format!("[-5,{}]", i64::MAX)
        );
    }
}
