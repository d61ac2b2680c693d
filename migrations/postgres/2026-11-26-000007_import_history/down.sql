DROP INDEX catalog_imports_by_created;
ALTER TABLE catalog_imports DROP COLUMN change_set_id;
ALTER TABLE catalog_imports DROP COLUMN error_count;
ALTER TABLE catalog_imports DROP COLUMN row_count;
