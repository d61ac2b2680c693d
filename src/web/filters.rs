//! Template filters, the house's way of writing figures on every page: `{{ n|units }}` groups
//! thousands and uses a true minus sign ("−1,200"); `{{ n|change }}` signs a change ("+24",
//! "−3", "—"). A view brings them in with `use crate::web::filters;`.

use askama::Values;

/// A whole figure, however many references a template's loops put in front of it.
pub trait Figure {
    fn figure(&self) -> i64;
}

impl Figure for i64 {
    fn figure(&self) -> i64 {
        *self
    }
}

impl Figure for usize {
    fn figure(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Figure + ?Sized> Figure for &T {
    fn figure(&self) -> i64 {
        (**self).figure()
    }
}

#[askama::filter_fn]
pub fn units(n: impl Figure, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::domain::words::units(n.figure()))
}

#[askama::filter_fn]
pub fn change(n: impl Figure, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::domain::words::change(n.figure()))
}
