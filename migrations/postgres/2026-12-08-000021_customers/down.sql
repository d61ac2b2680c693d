DROP TABLE customer_notes;
DROP TABLE customer_search;
DROP TABLE customer_consents;
DROP TABLE customer_tags;
DROP TABLE customer_addresses;
DROP TABLE customers;
