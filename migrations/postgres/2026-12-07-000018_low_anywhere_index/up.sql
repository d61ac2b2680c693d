-- "Low anywhere" (the inventory list over all locations, low filter) in SKU order straight from
-- an index: the low levels of every location by SKU key, so a page reads one page of entries
-- (a variant low at two locations appears twice; the query takes each once). The condition is
-- written as `stock::is_low` writes it, the form SQLite matches a partial index by.
CREATE INDEX stock_levels_low_by_sku ON stock_levels (sku_key, variant_id)
    WHERE on_hand - committed <= reorder_point - incoming;
