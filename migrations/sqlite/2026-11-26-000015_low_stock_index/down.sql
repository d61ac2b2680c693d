DROP INDEX stock_levels_low;
DROP INDEX stock_levels_by_sku;
DROP TRIGGER variants_sku_to_levels;
DROP TRIGGER stock_levels_sku_on_insert;
ALTER TABLE stock_levels DROP COLUMN sku_key;
CREATE INDEX stock_levels_reordered ON stock_levels (location_id, variant_id) WHERE reorder_point IS NOT NULL;
