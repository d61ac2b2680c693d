-- Every editable table names who saved it last, for the 409 page of a stale edit (products
-- already did).
ALTER TABLE staff ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
