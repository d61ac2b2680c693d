DROP TRIGGER variants_keep_stock_history ON variants;
DROP FUNCTION variants_keep_stock_history();
