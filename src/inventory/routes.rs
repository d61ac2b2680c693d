use crate::web::routing::Routes;

/// Every inventory route; fixed paths before those with `{id}`.
pub fn configure(routes: &mut Routes<'_>) {
    super::list::configure(routes);
    super::import::configure(routes);
    super::adjust::configure(routes);
    super::history::configure(routes);
    super::locations::configure(routes);
    super::transfers::configure(routes);
    super::suppliers::configure(routes);
    super::purchasing::configure(routes);
    super::valuation::configure(routes);
    super::counts::configure(routes);
    super::reorder::configure(routes);
    super::reasons::configure(routes);
    super::access::configure(routes);
    super::product::configure(routes);
    super::api::configure(routes);
}
