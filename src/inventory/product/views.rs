//! A product's stock page (and the product page's Stock section): a grid of its tracked
//! variants (rows, in SKU order as the inventory list) by the active locations the person works
//! at (columns), each cell the units available there, with on hand, committed and incoming a
//! tap away; a total per variant.

use askama::Template;

use super::queries::ProductLevel;
use crate::domain::ids::{LocationId, ProductId, VariantId};
use crate::web::filters;
use crate::web::shell::Shell;

/// One cell: a variant's level at one location.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    pub on_hand: i64,
    pub committed: i64,
    pub incoming: i64,
}

impl Cell {
    pub fn available(&self) -> i64 {
        self.on_hand - self.committed
    }
}

/// One row of the grid.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub variant: VariantId,
    pub sku: String,
    pub options: String,
    /// One per column, `None` where the variant has no level at that location.
    pub cells: Vec<Option<Cell>>,
}

impl GridRow {
    pub fn total(&self) -> Cell {
        self.cells
            .iter()
            .flatten()
            .fold(Cell::default(), |sum, c| Cell {
                on_hand: sum.on_hand + c.on_hand,
                committed: sum.committed + c.committed,
                incoming: sum.incoming + c.incoming,
            })
    }
}

#[derive(Template)]
#[template(path = "inventory/product_stock.html")]
pub struct ProductStockPage {
    pub shell: Shell,
    pub product: ProductId,
    pub title: String,
    /// The grid's columns: (location, name).
    pub locations: Vec<(LocationId, String)>,
    pub rows: Vec<GridRow>,
}

impl ProductStockPage {
    /// The grid from levels read in SKU order, then location priority.
    pub fn build(
        shell: Shell,
        (product, title): (ProductId, String),
        levels: Vec<ProductLevel>,
    ) -> ProductStockPage {
        let mut locations: Vec<(LocationId, String)> = Vec::new();
        for level in &levels {
            if !locations.iter().any(|(id, _)| *id == level.3) {
                locations.push((level.3, level.4.clone()));
            }
        }
        let mut rows: Vec<GridRow> = Vec::new();
        for (variant, sku, options, location, _, on_hand, committed, incoming) in levels {
            if rows.last().is_none_or(|r| r.variant != variant) {
                rows.push(GridRow {
                    variant,
                    sku,
                    options,
                    cells: vec![None; locations.len()],
                });
            }
            let column = locations.iter().position(|(id, _)| *id == location);
            if let (Some(row), Some(column)) = (rows.last_mut(), column) {
                row.cells[column] = Some(Cell {
                    on_hand,
                    committed,
                    incoming,
                });
            }
        }
        ProductStockPage {
            shell,
            product,
            title,
            locations,
            rows,
        }
    }
}
