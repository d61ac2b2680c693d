DROP TABLE stock_count_lines;
DROP TABLE stock_counts;
