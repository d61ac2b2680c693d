//! Lines typed or pasted as text, one a line: a SKU or barcode, the units, and for some
//! documents a third column ("TEE-M 4", "TEE-M, 4", "TEE-M 24 4.50"). Transfers, purchase
//! orders and the next documents (orders' pasted lines) read them here, each with its rules.

/// The most lines one paste may hold.
pub const MAX_LINES: usize = 2_000;

/// One line as pasted, its units checked; its number counts from 1, blank lines included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedLine {
    pub number: usize,
    pub code: String,
    pub units: i64,
    /// The third column, as typed, where the rules allow one.
    pub extra: Option<String>,
}

/// What a code listed twice means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeats {
    /// Its units are added up (a transfer of "A 2" and "A 3" moves 5).
    Add,
    /// A problem (a purchase order line carries its own cost).
    Refuse,
}

/// How one kind of document reads its pasted lines.
#[derive(Debug, Clone, Copy)]
pub struct PasteRules {
    /// A code alone means one unit.
    pub units_optional: bool,
    /// A third column is allowed.
    pub extra: bool,
    pub repeats: Repeats,
    /// What a line looks like, for the problem of one that does not: `write a SKU and a
    /// number of units, like "TEE-M 4".`
    pub shape: &'static str,
}

/// What a paste came to: the lines read, and a problem per line that could not be (with its
/// line number, so that a document checking more of each line can merge its own in order).
#[derive(Debug, Default)]
pub struct Pasted {
    pub lines: Vec<PastedLine>,
    pub problems: Vec<(usize, String)>,
}

impl Pasted {
    /// The lines that read, and every problem in line order (the document's check adds what
    /// it finds, so a person hears of every line's problem in one round).
    pub fn into_parts(mut self) -> (Vec<PastedLine>, Vec<String>) {
        self.problems.sort_by_key(|(number, _)| *number);
        let problems = self.problems.into_iter().map(|(_, m)| m).collect();
        (self.lines, problems)
    }

    /// The lines, or every problem in line order.
    pub fn into_result(mut self) -> Result<Vec<PastedLine>, Vec<String>> {
        if self.problems.is_empty() {
            Ok(self.lines)
        } else {
            self.problems.sort_by_key(|(number, _)| *number);
            Err(self.problems.into_iter().map(|(_, m)| m).collect())
        }
    }
}

/// Each line's code, units and third column, and a problem for each line that is not one.
/// `units` checks a figure (a whole number of at least one, within the house's maximum).
pub fn parse_pasted(
    text: &str,
    rules: &PasteRules,
    units: impl Fn(&str) -> Result<i64, String>,
) -> Pasted {
    let mut lines: Vec<PastedLine> = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if lines.len() >= MAX_LINES {
            problems.push((number, format!("At most {MAX_LINES} lines at once.")));
            break;
        }
        let parts: Vec<&str> = line
            .split(|c: char| c == ',' || c == ';' || c == '\t' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        let (code, figure, extra) = match parts.as_slice() {
            [code] if rules.units_optional => (*code, "1", None),
            [code, figure] => (*code, *figure, None),
            [code, figure, extra] if rules.extra => (*code, *figure, Some((*extra).to_owned())),
            _ => {
                problems.push((number, format!("Line {number}: {}", rules.shape)));
                continue;
            }
        };
        let count = match units(figure) {
            Ok(count) => count,
            Err(message) => {
                problems.push((number, format!("Line {number} ({code}): {message}")));
                continue;
            }
        };
        match lines.iter_mut().find(|l| l.code.eq_ignore_ascii_case(code)) {
            Some(_) if rules.repeats == Repeats::Refuse => problems.push((
                number,
                format!("Line {number}: {code} is listed twice; give it one line."),
            )),
            Some(earlier) => match units(&(earlier.units + count).to_string()) {
                Ok(sum) => earlier.units = sum,
                Err(message) => {
                    problems.push((number, format!("Line {number}: {code}: {message}")));
                }
            },
            None => lines.push(PastedLine {
                number,
                code: code.to_owned(),
                units: count,
                extra,
            }),
        }
    }
    Pasted { lines, problems }
}

/// Lines as a form shows them again: `SKU UNITS`, one a line.
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

    const ADD: PasteRules = PasteRules {
        units_optional: true,
        extra: false,
        repeats: Repeats::Add,
        shape: "write a SKU and a number of units.",
    };
    const REFUSE: PasteRules = PasteRules {
        units_optional: false,
        extra: true,
        repeats: Repeats::Refuse,
        shape: "write a SKU, the units and a cost.",
    };

    fn whole(text: &str) -> Result<i64, String> {
        match text.parse::<i64>() {
            Ok(n) if (1..=1_000).contains(&n) => Ok(n),
            _ => Err("give a whole number of units".into()),
        }
    }

    #[test]
    fn pasted_lines_name_a_code_units_and_maybe_more() {
        let got = parse_pasted("TEE-M 4\n\n  mug-1, 2\ntee-m 1\nCAP", &ADD, whole)
            .into_result()
            .unwrap();
        let short: Vec<(&str, i64)> = got.iter().map(|l| (l.code.as_str(), l.units)).collect();
        assert_eq!(short, vec![("TEE-M", 5), ("mug-1", 2), ("CAP", 1)]);
        assert_eq!(got[1].number, 3, "blank lines count");
        let bad = parse_pasted("A 1 2\nB 1.5\nC 999\nC 999", &ADD, whole)
            .into_result()
            .unwrap_err();
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(bad[0].starts_with("Line 1: write a SKU"));
        assert!(bad[1].starts_with("Line 2 (B): give a whole"));
        assert!(
            bad[2].starts_with("Line 4: C: give a whole"),
            "the sum is checked too"
        );

        let costed = parse_pasted("TEE-M 24 4.50\nMUG 6", &REFUSE, whole)
            .into_result()
            .unwrap();
        assert_eq!(costed[0].extra.as_deref(), Some("4.50"));
        assert_eq!(costed[1].extra, None);
        let refused = parse_pasted("A\nD 1\nd 2", &REFUSE, whole)
            .into_result()
            .unwrap_err();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[1].contains("twice"));
        assert_eq!(lines_text(&[("A".into(), 2)]), "A 2");
    }
}
