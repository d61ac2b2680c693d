//! Lines typed or pasted as text, one a line: a SKU or barcode and a number of units
//! ("TEE-BLU-M 4", "TEE-BLU-M, 4", or a SKU alone for one unit). The transfer form and the
//! stocktake's pasted list read them the same way.

use crate::inventory::domain::Quantity;

/// The most lines one paste may hold.
pub const MAX_LINES: usize = 2_000;

/// Each line's code and units, or the problems, each naming its line.
pub fn parse_lines(text: &str) -> Result<Vec<(String, Quantity)>, Vec<String>> {
    let mut lines: Vec<(String, Quantity)> = Vec::new();
    let mut problems = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if lines.len() >= MAX_LINES {
            problems.push(format!("At most {MAX_LINES} lines at once."));
            break;
        }
        let mut parts = line
            .split(|c: char| c == ',' || c == ';' || c == '\t' || c.is_whitespace())
            .filter(|p| !p.is_empty());
        let code = parts.next().unwrap_or_default().to_owned();
        let units = parts.next();
        if parts.next().is_some() {
            problems.push(format!(
                "Line {}: write a SKU and a number of units, like \"TEE-M 4\".",
                n + 1
            ));
            continue;
        }
        let quantity = match units {
            None => Quantity::parse_positive("1"),
            Some(units) => Quantity::parse_positive(units),
        };
        match quantity {
            Ok(q) => match lines
                .iter_mut()
                .find(|(c, _)| c.eq_ignore_ascii_case(&code))
            {
                Some((_, total)) => match Quantity::parse(&(total.get() + q.get()).to_string()) {
                    Ok(sum) => *total = sum,
                    Err(e) => problems.push(format!("Line {}: {code}: {}", n + 1, e.message())),
                },
                None => lines.push((code, q)),
            },
            Err(e) => problems.push(format!("Line {} ({code}): {}", n + 1, e.message())),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// Lines as the form shows them again.
pub fn lines_text(lines: &[(String, i64)]) -> String {
    lines
        .iter()
        .map(|(sku, units)| format!("{sku} {units}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_name_a_code_and_units() {
        let lines = parse_lines("TEE-M 4\n\n  mug-1, 2\nTEE-M\tmug").unwrap_err();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("Line 4"), "{lines:?}");
        let lines = parse_lines("TEE-M 4\nmug-1, 2\ntee-m 1\nCAP").unwrap();
        let got: Vec<(&str, i64)> = lines.iter().map(|(c, q)| (c.as_str(), q.get())).collect();
        assert_eq!(got, vec![("TEE-M", 5), ("mug-1", 2), ("CAP", 1)]);
        assert!(parse_lines("A 1.5").unwrap_err()[0].contains("whole number"));
        assert!(parse_lines("A 0").is_err());
        assert!(parse_lines("A 1 2").is_err());
        assert_eq!(lines_text(&[("A".into(), 2)]), "A 2");
    }
}
