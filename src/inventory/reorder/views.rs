//! The low-stock list.

use askama::Template;

use super::queries::LowLine;
use crate::domain::ids::LocationId;
use crate::domain::money::Money;
use crate::inventory::locations::Location;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/reorder.html")]
pub struct LowStockPage {
    pub shell: Shell,
    pub locations: Vec<Location>,
    pub location: Option<LocationId>,
    pub lines: Vec<LowLine>,
    pub can_order: bool,
}

impl LowStockPage {
    pub fn is_location(&self, id: &LocationId) -> bool {
        self.location == Some(*id)
    }

    pub fn cost(&self, line: &LowLine) -> String {
        line.cost
            .map(|c| Money::format_minor(c, &self.shell.shop.currency))
            .unwrap_or_default()
    }
}
