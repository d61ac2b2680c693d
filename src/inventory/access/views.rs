//! The staff locations page.

use askama::Template;

use crate::domain::ids::{LocationId, StaffId};
use crate::inventory::locations::Location;
use crate::web::shell::Shell;

pub struct MemberRow {
    pub id: StaffId,
    pub name: String,
    pub role: String,
    pub limited_to: Vec<LocationId>,
}

impl MemberRow {
    pub fn has(&self, id: &LocationId) -> bool {
        self.limited_to.contains(id)
    }
}

#[derive(Template)]
#[template(path = "inventory/access.html")]
pub struct AccessPage {
    pub shell: Shell,
    pub rows: Vec<MemberRow>,
    pub locations: Vec<Location>,
}
