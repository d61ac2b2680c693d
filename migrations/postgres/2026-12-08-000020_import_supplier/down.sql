ALTER TABLE stock_import_lines DROP COLUMN supplier_sku;
ALTER TABLE stock_import_lines DROP COLUMN supplier_id;
ALTER TABLE stock_import_lines DROP COLUMN sets_supplier;
