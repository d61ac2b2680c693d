-- Inventory: locations, the reasons a movement can give, stock levels per variant per location
-- (and their sum per variant), and the ledger of movements that is the only way a level
-- changes (`inventory/stock/ledger.rs` writes both, in one transaction).

CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- a short code as typed ("MAIN", "WH-2"); `code_key` is it upper-cased, unique
    code TEXT NOT NULL,
    code_key TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL DEFAULT '',
    fulfils_orders BOOLEAN NOT NULL DEFAULT 1,
    -- lower first: the order in which orders pick a shipping location
    priority BIGINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO locations (name, code, code_key, created_at, updated_at)
VALUES ('Main', 'MAIN', 'MAIN', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

CREATE TABLE stock_reasons (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    needs_note BOOLEAN NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO stock_reasons (code, label, needs_note, position) VALUES
    ('correction', 'Correction', 0, 1),
    ('received', 'Received', 0, 2),
    ('damaged', 'Damaged', 0, 3),
    ('theft_or_loss', 'Theft or loss', 0, 4),
    ('sample_or_promotion', 'Sample or promotion', 0, 5),
    ('returned', 'Returned', 0, 6),
    ('count', 'Count', 0, 7),
    ('lost_in_transit', 'Lost in transit', 0, 8),
    ('other', 'Other', 1, 9);

CREATE TABLE stock_levels (
    id INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    on_hand BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    committed BIGINT NOT NULL DEFAULT 0 CHECK (committed >= 0),
    incoming BIGINT NOT NULL DEFAULT 0 CHECK (incoming >= 0),
    reorder_point BIGINT CHECK (reorder_point >= 0),
    reorder_quantity BIGINT CHECK (reorder_quantity > 0),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (variant_id, location_id)
);
CREATE INDEX stock_levels_by_location ON stock_levels (location_id, variant_id);
CREATE INDEX stock_levels_available ON stock_levels (location_id, (on_hand - committed), variant_id);

-- The sum of a variant's levels over every location, kept by the same writer: the list's
-- "all locations" view filters and sorts on it without adding up rows.
CREATE TABLE stock_totals (
    variant_id BIGINT PRIMARY KEY REFERENCES variants (id) ON DELETE CASCADE,
    on_hand BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    committed BIGINT NOT NULL DEFAULT 0 CHECK (committed >= 0),
    incoming BIGINT NOT NULL DEFAULT 0 CHECK (incoming >= 0)
);
CREATE INDEX stock_totals_available ON stock_totals ((on_hand - committed), variant_id);

CREATE TABLE stock_movements (
    id INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    kind TEXT NOT NULL,
    on_hand_change BIGINT NOT NULL,
    committed_change BIGINT NOT NULL,
    on_hand_after BIGINT NOT NULL,
    committed_after BIGINT NOT NULL,
    reason_id BIGINT REFERENCES stock_reasons (id),
    note TEXT NOT NULL DEFAULT '',
    -- staff, job, api, cli or system; `actor` is the name shown
    actor_kind TEXT NOT NULL,
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    -- what the movement belongs to: a purchase order, transfer, count or order
    reference_kind TEXT,
    reference_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX stock_movements_by_variant ON stock_movements (variant_id, id);
CREATE INDEX stock_movements_by_location ON stock_movements (location_id, id);
CREATE INDEX stock_movements_by_reference ON stock_movements (reference_kind, reference_id);

-- Staff limited to some locations; an account without rows here sees every location.
CREATE TABLE staff_locations (
    staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, location_id)
);

-- Every variant that tracks stock starts at 0 at Main, with its ledger row.
INSERT INTO stock_levels (variant_id, location_id, updated_at)
SELECT v.id, l.id, CURRENT_TIMESTAMP FROM variants v, locations l WHERE v.track_inventory;
INSERT INTO stock_totals (variant_id) SELECT id FROM variants WHERE track_inventory;
INSERT INTO stock_movements (variant_id, location_id, kind, on_hand_change, committed_change,
    on_hand_after, committed_after, actor_kind, actor, created_at)
SELECT v.id, l.id, 'tracking_started', 0, 0, 0, 0, 'system', 'Backroom', CURRENT_TIMESTAMP
FROM variants v, locations l WHERE v.track_inventory;
