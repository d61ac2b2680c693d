DROP TABLE stock_import_lines;
DROP TABLE stock_imports;
