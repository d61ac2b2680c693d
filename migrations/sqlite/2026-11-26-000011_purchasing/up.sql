-- Suppliers, each variant's default supplier, and purchase orders with their lines:
-- draft → ordered (incoming at its location) → partially received → received, or cancelled.
CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- lower-cased name: unique case-insensitively
    name_key TEXT NOT NULL UNIQUE,
    contact TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    lead_time_days BIGINT CHECK (lead_time_days >= 0),
    notes TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Where a variant is bought, and under which code the supplier knows it.
CREATE TABLE variant_suppliers (
    variant_id BIGINT PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
    supplier_id BIGINT NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    supplier_sku TEXT NOT NULL DEFAULT ''
);
CREATE INDEX variant_suppliers_by_supplier ON variant_suppliers (supplier_id);

CREATE TABLE purchase_orders (
    id INTEGER PRIMARY KEY,
    supplier_id BIGINT NOT NULL REFERENCES suppliers (id),
    location_id BIGINT NOT NULL REFERENCES locations (id),
    status TEXT NOT NULL,
    -- the day the goods are expected, YYYY-MM-DD
    expected_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    ordered_at TIMESTAMP,
    closed_at TIMESTAMP
);
CREATE INDEX purchase_orders_by_status ON purchase_orders (status, id);

CREATE TABLE purchase_order_lines (
    id INTEGER PRIMARY KEY,
    purchase_order_id BIGINT NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    quantity BIGINT NOT NULL CHECK (quantity > 0 AND quantity <= 1000000),
    -- per unit, in minor units of the shop currency
    unit_cost BIGINT NOT NULL CHECK (unit_cost >= 0),
    received BIGINT NOT NULL DEFAULT 0 CHECK (received >= 0),
    UNIQUE (purchase_order_id, variant_id)
);
