//! The movements pages.

use askama::Template;

use super::filter::MovementParams;
use super::queries::{Menus, MovementRow};
use crate::domain::ids::{SupplierId, VariantId};
use crate::inventory::domain::{MovementKind, StockReference};
use crate::inventory::list::LocationLevel;
use crate::shop::When;
use crate::web::filters;
use crate::web::shell::Shell;

/// One variant's heading: its SKU, product, and where to adjust it.
pub struct VariantHeading {
    pub id: VariantId,
    pub sku: String,
    pub title: String,
    pub product_id: i64,
}

/// A variant's default supplier and the suppliers to choose from.
pub struct Supplying {
    pub current: Option<(SupplierId, String)>,
    pub choices: Vec<(SupplierId, String)>,
}

impl Supplying {
    pub fn is_current(&self, id: &SupplierId) -> bool {
        self.current.as_ref().is_some_and(|(c, _)| c == id)
    }

    pub fn code(&self) -> &str {
        self.current.as_ref().map_or("", |(_, code)| code.as_str())
    }

    pub fn name(&self) -> Option<&str> {
        let (id, _) = self.current.as_ref()?;
        self.choices
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, n)| n.as_str())
    }
}

pub struct MovementLine {
    pub row: MovementRow,
    pub when: When,
}

impl MovementLine {
    pub fn change(&self, n: impl std::borrow::Borrow<i64>) -> String {
        match n.borrow() {
            0 => "0".into(),
            n if *n > 0 => format!("+{n}"),
            n => format!("\u{2212}{}", -n),
        }
    }

    /// The reference as a link: (label, address); transfers, purchase orders, counts and
    /// orders have pages of their own once those areas exist.
    pub fn reference(&self) -> Option<(String, Option<String>)> {
        let (kind, id) = (self.row.reference_kind?, self.row.reference_id?);
        let href = StockReference::of(kind, id).link();
        Some((format!("{} {id}", kind.label()), href))
    }
}

#[derive(Template)]
#[template(path = "inventory/movements.html")]
pub struct MovementsPage {
    pub shell: Shell,
    pub variant: Option<VariantHeading>,
    pub params: MovementParams,
    pub lines: Vec<MovementLine>,
    pub menus: Menus,
    pub newer: Option<String>,
    pub older: Option<String>,
    pub base: String,
    pub export: String,
    pub can_adjust: bool,
    pub supplying: Option<Supplying>,
    pub can_manage: bool,
    /// For one variant: the open transfers and purchase orders bringing its units.
    pub on_the_way: Vec<super::queries::OnTheWay>,
    /// For one variant: its level now at each active location the person works at.
    pub levels: Option<Vec<LocationLevel>>,
}

impl MovementsPage {
    pub fn kinds(&self) -> &'static [MovementKind] {
        MovementKind::ALL
    }
}
