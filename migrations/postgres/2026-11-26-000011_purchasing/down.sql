DROP TABLE purchase_order_lines;
DROP TABLE purchase_orders;
DROP TABLE variant_suppliers;
DROP TABLE suppliers;
