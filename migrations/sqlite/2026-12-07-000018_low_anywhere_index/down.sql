DROP INDEX stock_levels_low_by_sku;
