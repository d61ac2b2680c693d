DROP TABLE staff_locations;
DROP TABLE stock_movements;
DROP TABLE stock_totals;
DROP TABLE stock_levels;
DROP TABLE stock_reasons;
DROP TABLE locations;
