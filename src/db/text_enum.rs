//! Rust enums stored in `TEXT` columns on both backends.
//!
//! A status is an enum in code and a word in the database (`'active'`, `'applied'`): readable
//! in a `psql` or `sqlite3` session and in the audit log, and free of PostgreSQL-only `ENUM`
//! types. [`text_enum!`] gives an enum `ToSql`/`FromSql` for `Text` on SQLite, PostgreSQL and
//! the `MultiBackend` of [`crate::db::DbConnection`] (the same mechanism `db/timestamp.rs`
//! uses), so models hold the enum itself and queries compare with it. A word the enum does not
//! know is a decoding error, never a silent default.
//!
//! The enum provides `fn as_str(self) -> &'static str` and `fn parse(&str) -> Option<Self>`,
//! and derives `diesel::AsExpression` and `diesel::deserialize::FromSqlRow` with
//! `#[diesel(sql_type = diesel::sql_types::Text)]`.

/// Implements the text mapping for an enum; see the module documentation.
#[macro_export]
macro_rules! text_enum {
    ($type:ty) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $type {
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

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $type {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite>
            for $type
        {
            fn from_sql(
                mut value: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::db::text_enum::decode(value.read_text())
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $type {
            fn from_sql(
                value: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let text = std::str::from_utf8(value.as_bytes())?;
                $crate::db::text_enum::decode(text)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend>
            for $type
        {
            fn from_sql(
                value: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                value.from_sql::<$type, diesel::sql_types::Text>()
            }
        }

        impl $crate::db::text_enum::TextEnum for $type {
            fn from_text(text: &str) -> Option<Self> {
                <$type>::parse(text)
            }
        }
    };
}

/// What [`text_enum!`] needs to decode a word: implemented by the macro from the enum's
/// `parse`.
pub trait TextEnum: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

/// Decodes a stored word, failing loudly on one the enum does not know.
pub fn decode<T: TextEnum>(text: &str) -> diesel::deserialize::Result<T> {
    T::from_text(text)
        .ok_or_else(|| format!("unknown value {text:?} for {}", std::any::type_name::<T>()).into())
}
