-- Transfers of stock between locations: draft → sent (stock leaves the origin and is incoming
-- at the destination) → received in full or in part → closed; or cancelled.
CREATE TABLE transfers (
    id BIGSERIAL PRIMARY KEY,
    from_location_id BIGINT NOT NULL REFERENCES locations (id),
    to_location_id BIGINT NOT NULL REFERENCES locations (id),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    closed_at TIMESTAMP,
    CHECK (from_location_id <> to_location_id)
);
CREATE INDEX transfers_by_status ON transfers (status, id);

CREATE TABLE transfer_lines (
    id BIGSERIAL PRIMARY KEY,
    transfer_id BIGINT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    quantity BIGINT NOT NULL CHECK (quantity > 0 AND quantity <= 1000000),
    received BIGINT NOT NULL DEFAULT 0 CHECK (received >= 0),
    -- units written off as lost in transit when the transfer was closed short
    written_off BIGINT NOT NULL DEFAULT 0 CHECK (written_off >= 0),
    CHECK (received + written_off <= quantity),
    UNIQUE (transfer_id, variant_id)
);
