DROP TRIGGER catalog_generation_search ON product_search;
DROP TRIGGER catalog_generation_tags ON product_tags;
DROP TRIGGER catalog_generation_variants ON variants;
DROP TRIGGER catalog_generation_products ON products;
DROP FUNCTION bump_catalog_generation();
DROP TABLE catalog_generation;

DROP INDEX products_list_by_updated;
CREATE INDEX products_by_updated ON products (updated_at, id);
