-- The Settings page: who the shop is (legal name and address for invoices, contact email), how
-- it shows times and weights, and how orders are numbered. `version` and `updated_by` give the
-- page the same stale-edit rule as every other form.
ALTER TABLE shop_settings ADD COLUMN legal_name TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN address_line1 TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN address_line2 TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE shop_settings ADD COLUMN time_display TEXT NOT NULL DEFAULT 'zone'
    CHECK (time_display IN ('zone', 'relative'));
ALTER TABLE shop_settings ADD COLUMN weight_unit TEXT NOT NULL DEFAULT 'g'
    CHECK (weight_unit IN ('g', 'kg', 'oz', 'lb'));
ALTER TABLE shop_settings ADD COLUMN order_prefix TEXT NOT NULL DEFAULT '#';
ALTER TABLE shop_settings ADD COLUMN order_start BIGINT NOT NULL DEFAULT 1001
    CHECK (order_start >= 1);
ALTER TABLE shop_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE shop_settings ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
