DROP INDEX stock_levels_reordered;
