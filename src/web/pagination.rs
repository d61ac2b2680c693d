//! Keyset pagination shared by every list: an opaque cursor (the sort value and id of the row
//! to continue from), the previous/next links of a page, and the canonical query string that
//! makes every view reproducible from its URL. A list supplies its own filters and sorts (its
//! `filter.rs`); this module knows nothing of what is listed.

use base64::Engine;

/// A position in a list: the sort value and id of the row to continue after (or before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub value: String,
    pub id: i64,
    /// True for `before=` (paging back), false for `after=`.
    pub backwards: bool,
}

impl Cursor {
    /// `<base64url(value)>.<id>`: opaque in the URL, safe for any value.
    pub fn encode(value: &str, id: i64) -> String {
        format!(
            "{}.{id}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value)
        )
    }

    pub fn decode(text: &str, backwards: bool) -> Option<Cursor> {
        let (value, id) = text.rsplit_once('.')?;
        let value = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(value)
            .ok()?;
        Some(Cursor {
            value: String::from_utf8(value).ok()?,
            id: id.parse().ok()?,
            backwards,
        })
    }

    /// The query parameter that asks for this position again: `after=…` or `before=…`.
    pub fn param(&self) -> String {
        let direction = if self.backwards { "before" } else { "after" };
        format!("{direction}={}", Cursor::encode(&self.value, self.id))
    }

    /// The cursor of a request's `after` or `before` parameter (`after` wins); none for the
    /// first page or a cursor that does not decode.
    pub fn from_params(after: &str, before: &str) -> Option<Cursor> {
        match (after.trim(), before.trim()) {
            (after, _) if !after.is_empty() => Cursor::decode(after, false),
            (_, before) if !before.is_empty() => Cursor::decode(before, true),
            _ => None,
        }
    }
}

/// Orders a boxed query by `$column` then `$id` (ascending or not), continuing from `$cursor`
/// (an `Option<&Cursor>`) in its direction; `$parse` turns the cursor's text into a value of
/// the column. `value >= v AND (value > v OR id > n)` lets the database start the index range
/// at the cursor instead of scanning up to it. Every keyset list (products, stock) uses it.
#[macro_export]
macro_rules! keyset {
    ($query:expr, $column:expr, $id:expr, $ascending:expr, $cursor:expr, $parse:expr) => {{
        let mut query = $query;
        let cursor: Option<&$crate::web::pagination::Cursor> = $cursor;
        let backwards = cursor.is_some_and(|c| c.backwards);
        let ascending = $ascending != backwards;
        if let Some(cursor) = cursor {
            if let Some(value) = $parse(&cursor.value) {
                let id = cursor.id;
                query = if ascending {
                    query.filter(
                        $column
                            .ge(value.clone())
                            .and($column.gt(value).or($id.gt(id))),
                    )
                } else {
                    query.filter(
                        $column
                            .le(value.clone())
                            .and($column.lt(value).or($id.lt(id))),
                    )
                };
            }
        }
        if ascending {
            query.order(($column.asc(), $id.asc()))
        } else {
            query.order(($column.desc(), $id.desc()))
        }
    }};
}

/// One page of a boxed query, newest first by `id` (the lists of documents): the rows, and
/// whether there are more beyond them. `conn` loads it.
#[macro_export]
macro_rules! newest_first {
    ($query:expr, $id:expr, $cursor:expr, $size:expr, $conn:expr) => {{
        let cursor: Option<&$crate::web::pagination::Cursor> = $cursor;
        let query = $crate::keyset!(
            $query,
            $id,
            $id,
            false,
            cursor,
            $crate::web::pagination::id_cursor
        );
        query
            .limit($size + 1)
            .load($conn)
            .map(|rows| $crate::web::pagination::finish_page(rows, $size, cursor))
    }};
}

/// A keyset page read with `limit(size + 1)`: the rows in the order shown (reversed back when
/// read backwards) and whether a row lay beyond the page in the direction of reading.
pub fn finish_page<R>(mut rows: Vec<R>, size: i64, cursor: Option<&Cursor>) -> (Vec<R>, bool) {
    let more = rows.len() as i64 > size;
    rows.truncate(usize::try_from(size).unwrap_or(0));
    if cursor.is_some_and(|c| c.backwards) {
        rows.reverse();
    }
    (rows, more)
}

/// Newest first by id, for lists of documents (transfers, purchase orders, counts): the cursor
/// holds the id itself.
pub fn id_cursor(value: &str) -> Option<i64> {
    value.parse().ok()
}

/// The page sizes a list offers; the first page of a list shows [`DEFAULT_PAGE_SIZE`] rows.
pub const PAGE_SIZES: [i64; 3] = [25, 50, 100];
pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// The page size a `per` parameter asks for, if it is one of [`PAGE_SIZES`].
pub fn page_size(per: &str) -> i64 {
    per.trim()
        .parse()
        .ok()
        .filter(|n| PAGE_SIZES.contains(n))
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// The address of the page being shown, cursor included, for the address bar: reload, Back
/// and a shared link return to this page, not the first.
pub fn page_url(base: &str, query: &str, cursor: Option<&Cursor>) -> String {
    with_query(base, query, &cursor.map(Cursor::param).unwrap_or_default())
}

/// The canonical query string of a view: parameters in a fixed order, empty ones (and
/// defaults the caller leaves out) dropped, so one view has one URL.
#[derive(Debug, Default)]
pub struct CanonicalQuery<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> CanonicalQuery<'a> {
    /// Adds `key=value` unless the value is empty (after trimming).
    pub fn param(mut self, key: &'a str, value: &'a str) -> Self {
        let value = value.trim();
        if !value.is_empty() {
            self.pairs.push((key, value));
        }
        self
    }

    /// True when any parameter other than those named is present.
    pub fn has_other_than(&self, keys: &[&str]) -> bool {
        self.pairs.iter().any(|(k, _)| !keys.contains(k))
    }

    pub fn encode(&self) -> String {
        serde_urlencoded::to_string(&self.pairs).unwrap_or_default()
    }
}

/// `base?query&extra`, leaving out whichever part is empty.
pub fn with_query(base: &str, query: &str, extra: &str) -> String {
    match (query.is_empty(), extra.is_empty()) {
        (true, true) => base.to_owned(),
        (true, false) => format!("{base}?{extra}"),
        (false, true) => format!("{base}?{query}"),
        (false, false) => format!("{base}?{query}&{extra}"),
    }
}

/// The previous and next links of a keyset page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub next: Option<String>,
    pub prev: Option<String>,
}

impl PageLinks {
    /// Links for a page of `rows` read with `cursor`, where `more` says that a row lay beyond
    /// the page in the direction of reading. `cursor_of` gives a row's cursor text; `base` and
    /// `query` are the list's path and canonical query.
    pub fn new<R>(
        base: &str,
        query: &str,
        rows: &[R],
        cursor: Option<&Cursor>,
        more: bool,
        cursor_of: impl Fn(&R) -> String,
    ) -> PageLinks {
        let backwards = cursor.is_some_and(|c| c.backwards);
        let link = |direction: &str, row: Option<&R>| {
            row.map(|row| with_query(base, query, &format!("{direction}={}", cursor_of(row))))
        };
        PageLinks {
            // Reading forwards, a next page exists when there was more; reading backwards, the
            // page we came from is always next.
            next: (more || backwards)
                .then(|| link("after", rows.last()))
                .flatten(),
            prev: ((backwards && more) || (!backwards && cursor.is_some()))
                .then(|| link("before", rows.first()))
                .flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_page_keeps_its_cursor_in_its_address() {
        let cursor = Cursor::decode(&Cursor::encode("2026-01-01", 7), true).unwrap();
        let url = page_url("/admin/products", "q=mug", Some(&cursor));
        assert_eq!(
            url,
            format!(
                "/admin/products?q=mug&before={}",
                Cursor::encode("2026-01-01", 7)
            )
        );
        assert_eq!(page_url("/admin/products", "", None), "/admin/products");
        assert_eq!(page_size("100"), 100);
        assert_eq!(page_size("7"), DEFAULT_PAGE_SIZE);
    }

    #[test]
    fn a_cursor_survives_any_value() {
        for value in [
            "",
            "plain",
            "a.b.c",
            "ünïcödé & = ?",
            "2026-01-01T00:00:00.000000",
        ] {
            let text = Cursor::encode(value, 42);
            assert_eq!(
                Cursor::decode(&text, true),
                Some(Cursor {
                    value: value.to_owned(),
                    id: 42,
                    backwards: true
                })
            );
        }
        assert_eq!(Cursor::decode("not a cursor", false), None);
        assert_eq!(Cursor::from_params("", ""), None);
        assert!(Cursor::from_params(&Cursor::encode("x", 1), "").is_some_and(|c| !c.backwards));
    }

    #[test]
    fn page_links_follow_the_direction_of_reading() {
        let rows = [1, 2, 3];
        let cursor_of = |r: &i32| r.to_string();
        let first = PageLinks::new("/l", "q=x", &rows, None, true, cursor_of);
        assert_eq!(first.next.as_deref(), Some("/l?q=x&after=3"));
        assert_eq!(first.prev, None);
        let last = PageLinks::new(
            "/l",
            "",
            &rows,
            Cursor::decode("eA.9", false).as_ref(),
            false,
            cursor_of,
        );
        assert_eq!(last.next, None);
        assert_eq!(last.prev.as_deref(), Some("/l?before=1"));
        let back = PageLinks::new(
            "/l",
            "",
            &rows,
            Cursor::decode("eA.9", true).as_ref(),
            false,
            cursor_of,
        );
        assert_eq!(back.next.as_deref(), Some("/l?after=3"));
        assert_eq!(back.prev, None);
    }

    #[test]
    fn the_canonical_query_drops_empty_parameters() {
        let query = CanonicalQuery::default()
            .param("q", " shirt ")
            .param("status", "")
            .param("sort", "title_asc");
        assert_eq!(query.encode(), "q=shirt&sort=title_asc");
        assert!(query.has_other_than(&["sort"]));
        assert!(
            !CanonicalQuery::default()
                .param("sort", "x")
                .has_other_than(&["sort"])
        );
    }
}
