ALTER TABLE categories DROP COLUMN updated_by;
ALTER TABLE staff DROP COLUMN updated_by;
