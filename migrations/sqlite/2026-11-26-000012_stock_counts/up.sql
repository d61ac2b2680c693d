-- Stocktakes: a count of a location's variants in a scope. Each line remembers what was on
-- hand at the moment it was counted, so stock that moves while the count is open is neither
-- lost nor counted twice (the variance is posted on top of the level as it is then).
CREATE TABLE stock_counts (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    status TEXT NOT NULL,
    -- what was counted, in words ("All tracked variants", "Category: Shirts", …)
    scope TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX stock_counts_by_status ON stock_counts (status, id);

CREATE TABLE stock_count_lines (
    id INTEGER PRIMARY KEY,
    count_id BIGINT NOT NULL REFERENCES stock_counts (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    counted BIGINT CHECK (counted >= 0 AND counted <= 1000000),
    -- on hand at the moment the line was counted
    expected BIGINT,
    counted_at TIMESTAMP,
    counted_by TEXT NOT NULL DEFAULT '',
    UNIQUE (count_id, variant_id)
);
