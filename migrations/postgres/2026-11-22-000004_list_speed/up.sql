-- The default product list (most recently updated first) reads everything it shows from one
-- index (an index-only scan), without a look-up into the table per row.
DROP INDEX products_by_updated;
CREATE INDEX products_list_by_updated ON products (updated_at, id)
    INCLUDE (title, status, vendor, variant_count, min_price, max_price, cover_image_id);

-- A counter that every change to the catalog's products moves on, in the same transaction (by
-- trigger, so that no writer can forget it): cached search results are valid only for the
-- generation they were computed at.
CREATE TABLE catalog_generation (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 1);
CREATE FUNCTION bump_catalog_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER catalog_generation_products AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
CREATE TRIGGER catalog_generation_variants AFTER INSERT OR UPDATE OR DELETE ON variants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
CREATE TRIGGER catalog_generation_tags AFTER INSERT OR UPDATE OR DELETE ON product_tags
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
CREATE TRIGGER catalog_generation_search AFTER INSERT OR UPDATE OR DELETE ON product_search
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_generation();
