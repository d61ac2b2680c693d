-- A stock import line may set its variant's default supplier (the file's supplier and
-- supplier_sku columns): whether it does, which (none: clear it) and the supplier's code.
ALTER TABLE stock_import_lines ADD COLUMN sets_supplier BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE stock_import_lines ADD COLUMN supplier_id BIGINT;
ALTER TABLE stock_import_lines ADD COLUMN supplier_sku TEXT NOT NULL DEFAULT '';
