ALTER TABLE change_set_items DROP COLUMN reverted;
ALTER TABLE change_sets DROP COLUMN product_ids;
ALTER TABLE change_sets DROP COLUMN operation_value;
ALTER TABLE change_sets DROP COLUMN job_id;
ALTER TABLE change_sets DROP COLUMN status;
ALTER TABLE catalog_imports DROP COLUMN updated_count;
ALTER TABLE catalog_imports DROP COLUMN created_count;
ALTER TABLE catalog_imports DROP COLUMN job_id;
DROP TABLE jobs;
