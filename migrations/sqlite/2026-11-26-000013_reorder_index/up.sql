-- The low-stock filter and page read only levels that have a reorder point: a few of a
-- location's levels, not all of them.
CREATE INDEX stock_levels_reordered ON stock_levels (location_id, variant_id) WHERE reorder_point IS NOT NULL;
