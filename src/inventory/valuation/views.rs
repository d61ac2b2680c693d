//! The valuation page.

use askama::Template;

use crate::domain::money::Money;
use crate::inventory::locations::Location;
use crate::web::filters;
use crate::web::shell::Shell;

/// One line of the valuation: a location (none: the total).
pub struct ValueLine {
    pub location: Option<Location>,
    pub units: i64,
    pub value: i64,
    pub uncosted: i64,
}

#[derive(Template)]
#[template(path = "inventory/valuation.html")]
pub struct ValuationPage {
    pub shell: Shell,
    pub lines: Vec<ValueLine>,
    pub total: ValueLine,
    /// The total's name: "All locations", or "Your locations" for a person limited to some.
    pub named: &'static str,
}

impl ValuationPage {
    pub fn money(&self, minor: impl std::borrow::Borrow<i64>) -> String {
        Money::format_minor(*minor.borrow(), &self.shell.shop.currency)
    }
}
