//! The inventory file's columns: `sku` and `location` name a level; `on_hand` sets it or
//! `adjust_by` changes it, with a `reason` (and a `note`); `reorder_point` and
//! `reorder_quantity` set its reorder settings; `supplier` (a supplier's name) and
//! `supplier_sku` (the supplier's code for it) set the variant's default supplier. The
//! export's other columns are read-only and ignored, so an exported file imports back unchanged.

/// Columns the import reads.
pub const COLUMNS: [&str; 10] = [
    "sku",
    "location",
    "on_hand",
    "adjust_by",
    "reason",
    "note",
    "reorder_point",
    "reorder_quantity",
    "supplier",
    "supplier_sku",
];

/// Columns the export writes that the import leaves alone (they follow from the others).
pub const READ_ONLY: [&str; 4] = ["committed", "available", "incoming", "unit_cost"];

/// Columns every file needs.
pub const REQUIRED: [&str; 2] = ["sku", "location"];

/// Columns of which a file needs at least one: something to change.
pub const CHANGING: [&str; 6] = [
    "on_hand",
    "adjust_by",
    "reorder_point",
    "reorder_quantity",
    "supplier",
    "supplier_sku",
];

/// Largest file accepted (about 500,000 rows).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Where each column the import reads sits in the file.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    positions: [Option<usize>; COLUMNS.len()],
}

impl Positions {
    /// Reads the header: every column known, none twice, the required ones and at least one
    /// that changes something. Returns the positions and the read-only columns met.
    pub fn from_header(header: &csv::StringRecord) -> Result<(Positions, Vec<String>), String> {
        let mut found = Positions::default();
        let (mut ignored, mut unknown) = (Vec::new(), Vec::new());
        for (at, name) in header.iter().enumerate() {
            let name = name.trim();
            if let Some(i) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
                if found.positions[i].replace(at).is_some() {
                    return Err(format!("The column \"{}\" appears twice.", COLUMNS[i]));
                }
            } else if READ_ONLY.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                ignored.push(name.to_owned());
            } else {
                unknown.push(name.to_owned());
            }
        }
        if !unknown.is_empty() {
            return Err(format!(
                "Unknown column{}: {}. The columns are: {}.",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.join(", "),
                COLUMNS.join(", ")
            ));
        }
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !found.has(c)).collect();
        if !missing.is_empty() {
            return Err(format!(
                "Required column{} missing: {}.",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ));
        }
        if !CHANGING.iter().any(|c| found.has(c)) {
            return Err(format!(
                "Nothing to change: the file needs at least one of {}.",
                CHANGING.join(", ")
            ));
        }
        Ok((found, ignored))
    }

    fn at(&self, column: &str) -> Option<usize> {
        let i = COLUMNS.iter().position(|c| *c == column)?;
        self.positions[i]
    }

    pub fn has(&self, column: &str) -> bool {
        self.at(column).is_some()
    }

    /// A row's cell in `column`, as typed ("" when the file has no such column). A cell the
    /// export neutralised ("'-5") reads back as it was.
    pub fn cell<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.at(column)
            .and_then(|i| record.get(i))
            .map(|cell| crate::domain::spreadsheet::restore(cell).trim())
            .unwrap_or("")
    }
}

/// The template offered for download: the columns and two example rows.
pub fn template() -> String {
    let mut text = COLUMNS.join(",");
    text.push_str(
        "\nTSHIRT-RED-M,MAIN,24,,received,,5,20,Harbour Mills,HM-114\n\
         TSHIRT-RED-L,MAIN,,-2,damaged,,,,Harbour Mills,HM-115\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> csv::StringRecord {
        csv::StringRecord::from(names.to_vec())
    }

    #[test]
    fn the_header_names_known_columns_once_and_something_to_change() {
        let (found, ignored) =
            Positions::from_header(&header(&["SKU", "location", "on_hand", "unit_cost"])).unwrap();
        assert!(found.has("on_hand") && !found.has("adjust_by"));
        assert_eq!(ignored, vec!["unit_cost".to_owned()]);
        let record = csv::StringRecord::from(vec!["A-1", "MAIN", "'-5", "2.00"]);
        assert_eq!(found.cell(&record, "on_hand"), "-5");
        assert_eq!(found.cell(&record, "reason"), "");

        let unknown = Positions::from_header(&header(&["sku", "location", "qty"])).unwrap_err();
        assert!(unknown.contains("Unknown column: qty"), "{unknown}");
        let twice = Positions::from_header(&header(&["sku", "location", "on_hand", "ON_HAND"]))
            .unwrap_err();
        assert!(twice.contains("appears twice"), "{twice}");
        let missing = Positions::from_header(&header(&["sku", "on_hand"])).unwrap_err();
        assert!(missing.contains("missing: location"), "{missing}");
        let idle = Positions::from_header(&header(&["sku", "location", "reason"])).unwrap_err();
        assert!(idle.starts_with("Nothing to change"), "{idle}");
    }
}
