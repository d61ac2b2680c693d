//! The bulk edit form as posted.

/// The most products one change set may touch.
pub const MAX_PRODUCTS: i64 = 10_000;

/// The bulk form as posted: the selection, the operation and its value.
#[derive(Debug, Clone, Default)]
pub struct BulkForm {
    /// "selected" (the `ids`) or "all" (everything matching `filter`).
    pub scope: String,
    pub ids: Vec<String>,
    /// The list's query string.
    pub filter: String,
    pub operation: String,
    pub value: String,
    /// Money edits: which amount ("price", "compare_at", "cost"), the rounding ("", "99",
    /// "95") and whether the old price becomes the compare-at price.
    pub target: String,
    pub rounding: String,
    pub keep_compare_at: bool,
    /// The preview's one-time key, carried by its apply form.
    pub request_key: String,
}

/// The money options as a change set records them beside the operation's name.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct RecordedOptions {
    #[serde(default)]
    target: String,
    #[serde(default)]
    rounding: String,
    #[serde(default)]
    keep_compare_at: String,
}

impl BulkForm {
    /// Reads the posted pairs (`ids` repeats, which serde_urlencoded cannot collect). The
    /// page offers a control per kind of value (a status menu, a category menu, a text field);
    /// the operation decides which one is the value.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> BulkForm {
        let mut form = BulkForm::default();
        let (mut status, mut category) = (None, None);
        for (name, value) in pairs {
            match name.as_str() {
                "scope" => form.scope = value,
                "ids" if form.ids.len() < MAX_PRODUCTS as usize => form.ids.push(value),
                "filter" => form.filter = value,
                "operation" => form.operation = value,
                "value" => form.value = value,
                "value_status" => status = Some(value),
                "value_category" => category = Some(value),
                "target" => form.target = value,
                "rounding" => form.rounding = value,
                "keep_compare_at" => form.keep_compare_at = value == "yes",
                "request_key" => form.request_key = value.chars().take(64).collect(),
                _ => {}
            }
        }
        match (form.operation.as_str(), status, category) {
            ("status", Some(status), _) => form.value = status,
            ("category", _, Some(category)) => form.value = category,
            _ => {}
        }
        form
    }

    /// The operation as a change set records it: its name, then the money options in query
    /// form ("price_percent?target=cost"), so that a resumed apply does the same edit.
    pub fn recorded_operation(&self) -> String {
        let options = RecordedOptions {
            target: self.target.clone(),
            rounding: self.rounding.clone(),
            keep_compare_at: if self.keep_compare_at { "yes" } else { "" }.into(),
        };
        if !self.operation.starts_with("price_") {
            return self.operation.clone();
        }
        match serde_urlencoded::to_string(&options) {
            Ok(query) => format!("{}?{query}", self.operation),
            Err(_) => self.operation.clone(),
        }
    }

    /// The form a change set was recorded from (its selection aside).
    pub fn from_recorded(operation: &str, value: &str) -> BulkForm {
        let (name, query) = operation.split_once('?').unwrap_or((operation, ""));
        let options: RecordedOptions = serde_urlencoded::from_str(query).unwrap_or_default();
        BulkForm {
            operation: name.to_owned(),
            value: value.to_owned(),
            target: options.target,
            rounding: options.rounding,
            keep_compare_at: options.keep_compare_at == "yes",
            ..BulkForm::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BulkForm;

    #[test]
    fn a_recorded_money_edit_reads_back_the_same() {
        let form = BulkForm::from_pairs(vec![
            ("operation".into(), "price_percent".into()),
            ("value".into(), "-10".into()),
            ("target".into(), "price".into()),
            ("rounding".into(), "99".into()),
            ("keep_compare_at".into(), "yes".into()),
        ]);
        let recorded = form.recorded_operation();
        let read = BulkForm::from_recorded(&recorded, &form.value);
        assert_eq!(
            (
                read.operation.as_str(),
                read.value.as_str(),
                read.target.as_str()
            ),
            ("price_percent", "-10", "price")
        );
        assert_eq!((read.rounding.as_str(), read.keep_compare_at), ("99", true));
        // Older records carry the name alone.
        assert_eq!(
            BulkForm::from_recorded("vendor", "Acme").operation,
            "vendor"
        );
    }
}
