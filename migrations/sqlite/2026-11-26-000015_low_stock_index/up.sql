-- Levels in SKU order at a location, and a location's low levels in SKU order, straight from
-- an index: each level carries its variant's SKU key (kept by the triggers below), so a page
-- of the inventory list reads one page of index entries instead of sorting every level.
ALTER TABLE stock_levels ADD COLUMN sku_key TEXT NOT NULL DEFAULT '';
UPDATE stock_levels SET sku_key = (SELECT v.sku_key FROM variants v WHERE v.id = stock_levels.variant_id);

CREATE TRIGGER stock_levels_sku_on_insert AFTER INSERT ON stock_levels
BEGIN UPDATE stock_levels SET sku_key = (SELECT sku_key FROM variants WHERE id = NEW.variant_id) WHERE id = NEW.id; END;
CREATE TRIGGER variants_sku_to_levels AFTER UPDATE OF sku_key ON variants WHEN OLD.sku_key <> NEW.sku_key
BEGIN UPDATE stock_levels SET sku_key = NEW.sku_key WHERE variant_id = NEW.id; END;

CREATE INDEX stock_levels_by_sku ON stock_levels (location_id, sku_key, variant_id);
-- Low: available + incoming at or below the reorder point, written (as `stock::is_low` writes
-- it) without a `+`, the form SQLite can match a query's condition against.
DROP INDEX stock_levels_reordered;
CREATE INDEX stock_levels_low ON stock_levels (location_id, sku_key, variant_id)
    WHERE on_hand - committed <= reorder_point - incoming;
