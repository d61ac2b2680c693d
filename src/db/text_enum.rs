//! Rust enums stored in `TEXT` columns on both backends.
//!
//! A status is an enum in code and a word in the database (`'active'`, `'applied'`): readable
//! in a `psql` or `sqlite3` session and in the audit log, and free of PostgreSQL-only `ENUM`
//! types. [`text_enum!`] gives an enum `ToSql`/`FromSql` for `Text` on SQLite, PostgreSQL and
//! the `MultiBackend` of [`crate::db::DbConnection`] (the same mechanism `db/timestamp.rs`
//! uses), so models hold the enum itself and queries compare with it. A word the enum does not
//! know is a decoding error, never a silent default.
//!
//! Each status is declared once, with its stored word and label per variant; its allowed moves
//! (`can_become`) are written beside it, as data.

/// Declares an enum stored as a word; see the module documentation. Each variant names its
/// stored word and its label for people:
///
/// ```ignore
/// text_enum! {
///     /// Where a job stands.
///     pub enum JobStatus {
///         Running = ("running", "Running"),
///         Done = ("done", "Done"),
///     }
/// }
/// ```
///
/// It derives `Debug, Clone, Copy, PartialEq, Eq, Hash`, serde (as the stored word) and the
/// diesel mapping, and provides `ALL` (in declaration order), `parse` (trimmed, ignoring ASCII
/// case), `as_str` and `label`.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = ($word:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $word)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value a word names (trimmed, ignoring ASCII case).
            pub fn parse(text: &str) -> Option<$name> {
                let text = text.trim();
                $( if text.eq_ignore_ascii_case($word) { return Some($name::$variant); } )+
                None
            }

            /// The stored word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend>
            for $name
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite>
            for $name
        {
            fn from_sql(
                mut value: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::db::text_enum::decode(value.read_text(), $name::parse)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(
                value: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let text = std::str::from_utf8(value.as_bytes())?;
                $crate::db::text_enum::decode(text, $name::parse)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend>
            for $name
        {
            fn from_sql(
                value: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                value.from_sql::<$name, diesel::sql_types::Text>()
            }
        }
    };
}

/// Decodes a stored word, failing loudly on one the enum does not know.
pub fn decode<T>(text: &str, parse: fn(&str) -> Option<T>) -> diesel::deserialize::Result<T> {
    parse(text)
        .ok_or_else(|| format!("unknown value {text:?} for {}", std::any::type_name::<T>()).into())
}
