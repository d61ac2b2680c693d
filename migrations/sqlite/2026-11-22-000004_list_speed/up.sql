-- The default product list (most recently updated first) reads everything it shows from one
-- index, without a look-up into the table per row.
DROP INDEX products_by_updated;
CREATE INDEX products_list_by_updated ON products (
    updated_at, id, title, status, vendor, variant_count, min_price, max_price, cover_image_id
);

-- The search index again, with prefix indexes up to eight characters: a whole word typed in the
-- live search ("linen", "shirts") is then one index look-up instead of a scan of every term
-- that starts with it.
DROP TABLE product_search;
CREATE VIRTUAL TABLE product_search USING fts5 (
    title, skus, barcodes, vendor, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4 5 6 7 8'
);
INSERT INTO product_search (rowid, title, skus, barcodes, vendor, tags)
SELECT p.id, p.title,
       COALESCE((SELECT group_concat(v.sku, ' ') FROM variants v WHERE v.product_id = p.id), ''),
       COALESCE((SELECT group_concat(v.barcode, ' ') FROM variants v
                 WHERE v.product_id = p.id AND v.barcode IS NOT NULL), ''),
       p.vendor, p.tags
FROM products p;
INSERT INTO product_search (product_search) VALUES ('optimize');

-- A counter that every change to the catalog's products moves on, in the same transaction (by
-- trigger, so that no writer can forget it): cached search results are valid only for the
-- generation they were computed at.
CREATE TABLE catalog_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 1);
CREATE TRIGGER catalog_generation_products_insert AFTER INSERT ON products
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_products_update AFTER UPDATE ON products
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_products_delete AFTER DELETE ON products
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_variants_insert AFTER INSERT ON variants
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_variants_update AFTER UPDATE ON variants
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_variants_delete AFTER DELETE ON variants
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_tags_insert AFTER INSERT ON product_tags
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_generation_tags_delete AFTER DELETE ON product_tags
BEGIN UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1; END;
