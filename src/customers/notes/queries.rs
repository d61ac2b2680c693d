//! Reading a customer's notes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::customer_notes;
use crate::domain::ids::{CustomerId, NoteId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_notes)]
pub struct Note {
    pub id: NoteId,
    pub body: String,
    /// The sign-in label of who wrote it (a page shows their name).
    pub author: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
}

/// A customer's notes, newest first (the latest 100).
pub fn notes_of(conn: &mut DbConnection, id: CustomerId) -> QueryResult<Vec<Note>> {
    customer_notes::table
        .filter(customer_notes::customer_id.eq(id))
        .order(customer_notes::id.desc())
        .limit(100)
        .select(Note::as_select())
        .load(conn)
}

pub fn find(
    conn: &mut DbConnection,
    (customer, id): (CustomerId, NoteId),
) -> QueryResult<Option<Note>> {
    customer_notes::table
        .find(id)
        .filter(customer_notes::customer_id.eq(customer))
        .select(Note::as_select())
        .first(conn)
        .optional()
}
