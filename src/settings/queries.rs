use diesel::prelude::*;

use super::models::ShopSettings;
use crate::db::DbConnection;
use crate::db::schema::{products, shop_settings};

pub fn find(conn: &mut DbConnection) -> QueryResult<ShopSettings> {
    shop_settings::table
        .find(1_i64)
        .select(ShopSettings::as_select())
        .first(conn)
}

/// Products with at least one priced variant: what a currency change would re-label.
pub fn priced_products(conn: &mut DbConnection) -> QueryResult<i64> {
    products::table
        .filter(products::max_price.gt(0_i64))
        .count()
        .get_result(conn)
}
