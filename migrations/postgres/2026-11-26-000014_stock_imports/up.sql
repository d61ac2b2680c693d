-- Inventory CSV imports: a checked file's changes, one line per level, kept until applied.
-- Each line remembers on hand as the check saw it: a "set to" is applied as the change from
-- that figure, on top of the level as it is then, so stock that moved in between is kept
-- (the stocktake rule). Each line records its outcome once applied.
CREATE TABLE stock_imports (
    id BIGSERIAL PRIMARY KEY,
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    line_count BIGINT NOT NULL,
    job_id BIGINT REFERENCES jobs (id),
    created_at TIMESTAMP NOT NULL,
    applied_at TIMESTAMP
);

CREATE TABLE stock_import_lines (
    id BIGSERIAL PRIMARY KEY,
    import_id BIGINT NOT NULL REFERENCES stock_imports (id) ON DELETE CASCADE,
    -- the row of the file, as a spreadsheet numbers it
    row_number BIGINT NOT NULL,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    seen_on_hand BIGINT NOT NULL,
    -- the change to on hand (0: only the reorder settings change)
    change BIGINT NOT NULL,
    reason_id BIGINT REFERENCES stock_reasons (id),
    note TEXT NOT NULL DEFAULT '',
    sets_reorder BOOLEAN NOT NULL,
    reorder_point BIGINT,
    reorder_quantity BIGINT,
    -- empty until applied; then "applied" or why the line was skipped
    outcome TEXT NOT NULL DEFAULT '',
    UNIQUE (import_id, row_number)
);
