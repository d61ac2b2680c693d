-- Levels in SKU order at a location, and a location's low levels in SKU order, straight from
-- an index: each level carries its variant's SKU key (kept by the triggers below), so a page
-- of the inventory list reads one page of index entries instead of sorting every level.
ALTER TABLE stock_levels ADD COLUMN sku_key TEXT NOT NULL DEFAULT '';
UPDATE stock_levels l SET sku_key = v.sku_key FROM variants v WHERE v.id = l.variant_id;

CREATE FUNCTION stock_levels_take_sku() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sku_key := (SELECT sku_key FROM variants WHERE id = NEW.variant_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER stock_levels_sku_on_insert BEFORE INSERT ON stock_levels
    FOR EACH ROW EXECUTE FUNCTION stock_levels_take_sku();
CREATE FUNCTION variants_pass_sku() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE stock_levels SET sku_key = NEW.sku_key WHERE variant_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER variants_sku_to_levels AFTER UPDATE OF sku_key ON variants
    FOR EACH ROW WHEN (OLD.sku_key IS DISTINCT FROM NEW.sku_key) EXECUTE FUNCTION variants_pass_sku();

CREATE INDEX stock_levels_by_sku ON stock_levels (location_id, sku_key, variant_id);
-- Low: available + incoming at or below the reorder point, written as `stock::is_low` writes it.
DROP INDEX stock_levels_reordered;
CREATE INDEX stock_levels_low ON stock_levels (location_id, sku_key, variant_id)
    WHERE on_hand - committed <= reorder_point - incoming;
