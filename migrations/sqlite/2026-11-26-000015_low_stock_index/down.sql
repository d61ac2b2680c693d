DROP INDEX stock_levels_low;
CREATE INDEX stock_levels_reordered ON stock_levels (location_id, variant_id) WHERE reorder_point IS NOT NULL;
