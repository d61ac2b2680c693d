//! Numbers in sentences: "1 product", "10,000 products". One place for plurals and thousands
//! separators, so no message says "product(s)".

/// `n` with its thousands grouped by commas: "10,000".
/// Units as pages show them: thousands grouped, and a true minus sign ("−1,200").
pub fn units(n: impl std::borrow::Borrow<i64>) -> String {
    let n = *n.borrow();
    let text = grouped(n.abs());
    if n < 0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// A change in units: "+24", "−3", or "—" for none.
pub fn change(n: impl std::borrow::Borrow<i64>) -> String {
    match *n.borrow() {
        0 => "\u{2014}".to_owned(),
        n if n > 0 => format!("+{}", grouped(n)),
        n => units(n),
    }
}

pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        text.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A count with its noun: `count(1, "product", "products")` is "1 product".
pub fn count(n: i64, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", grouped(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_sentences() {
        assert_eq!(count(0, "product", "products"), "0 products");
        assert_eq!(count(1, "product", "products"), "1 product");
        assert_eq!(count(10_000, "product", "products"), "10,000 products");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-12_345), "-12,345");
    }
}
