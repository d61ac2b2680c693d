//! The adjust page.

use askama::Template;

use super::forms::AdjustForm;
use super::models::VariantStock;
use crate::domain::problems::FieldErrors;
use crate::web::filters;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/adjust.html")]
pub struct AdjustPage {
    pub shell: Shell,
    pub form: AdjustForm,
    pub stock: VariantStock,
    pub reasons: Vec<(i64, String, bool)>,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
    pub can_manage: bool,
}

impl AdjustPage {
    pub fn build(
        shell: Shell,
        mut form: AdjustForm,
        stock: VariantStock,
        reasons: Vec<(i64, String, bool)>,
        errors: FieldErrors,
        conflict: Option<String>,
    ) -> AdjustPage {
        // One location: it is the one. The figure shown is the one "set to" checks against.
        if form.location.trim().is_empty() && stock.levels.len() == 1 {
            form.location = stock.levels[0].location.to_string();
        }
        if form.expected.trim().is_empty() {
            if let Some(level) = stock
                .levels
                .iter()
                .find(|l| l.location.to_string() == form.location.trim())
            {
                form.expected = level.on_hand.to_string();
            }
        }
        let can_manage = shell.can(crate::auth::Permission::InventoryManage);
        AdjustPage {
            can_manage,
            shell,
            form,
            stock,
            reasons,
            errors,
            conflict,
        }
    }

    fn back(&self) -> String {
        self.form.back_url()
    }
}
