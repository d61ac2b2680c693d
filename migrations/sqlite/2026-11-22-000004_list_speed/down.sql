DROP TRIGGER catalog_generation_tags_delete;
DROP TRIGGER catalog_generation_tags_insert;
DROP TRIGGER catalog_generation_variants_delete;
DROP TRIGGER catalog_generation_variants_update;
DROP TRIGGER catalog_generation_variants_insert;
DROP TRIGGER catalog_generation_products_delete;
DROP TRIGGER catalog_generation_products_update;
DROP TRIGGER catalog_generation_products_insert;
DROP TABLE catalog_generation;

DROP TABLE product_search;
CREATE VIRTUAL TABLE product_search USING fts5 (
    title, skus, barcodes, vendor, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
INSERT INTO product_search (rowid, title, skus, barcodes, vendor, tags)
SELECT p.id, p.title,
       COALESCE((SELECT group_concat(v.sku, ' ') FROM variants v WHERE v.product_id = p.id), ''),
       COALESCE((SELECT group_concat(v.barcode, ' ') FROM variants v
                 WHERE v.product_id = p.id AND v.barcode IS NOT NULL), ''),
       p.vendor, p.tags
FROM products p;

DROP INDEX products_list_by_updated;
CREATE INDEX products_by_updated ON products (updated_at, id);
