//! Template filters, the house's way of writing figures on every page: `{{ n|units }}` groups
//! thousands and uses a true minus sign ("−1,200"); `{{ n|change }}` signs a change ("+24",
//! "−3", "—"). A view brings them in with `use crate::web::filters;`.

use std::borrow::Borrow;

use askama::Values;

#[askama::filter_fn]
pub fn units(n: impl Borrow<i64>, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::domain::words::units(n))
}

#[askama::filter_fn]
pub fn change(n: impl Borrow<i64>, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::domain::words::change(n))
}
