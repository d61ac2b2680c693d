-- Long runs (CSV imports, bulk edits and their reverts) work through their items in chunks,
-- one transaction each. A job row counts the items done in the same transaction as the work,
-- so after a crash the count is exact and the run resumes where it stopped.
CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    -- running | done | failed
    status TEXT NOT NULL,
    total BIGINT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    -- the outcome when done, the reason when failed
    message TEXT NOT NULL DEFAULT '',
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    -- written with every chunk: a running job whose heartbeat is old was interrupted
    heartbeat_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);

ALTER TABLE catalog_imports ADD COLUMN job_id BIGINT REFERENCES jobs (id);
-- counted chunk by chunk, so a resumed import still reports the whole outcome
ALTER TABLE catalog_imports ADD COLUMN created_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_imports ADD COLUMN updated_count BIGINT NOT NULL DEFAULT 0;

-- applying | applied | reverting | reverted
ALTER TABLE change_sets ADD COLUMN status TEXT NOT NULL DEFAULT 'applied';
ALTER TABLE change_sets ADD COLUMN job_id BIGINT REFERENCES jobs (id);
-- what a resumed run needs: the operation's value and the products chosen when it started
ALTER TABLE change_sets ADD COLUMN operation_value TEXT NOT NULL DEFAULT '';
ALTER TABLE change_sets ADD COLUMN product_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE change_set_items ADD COLUMN reverted BOOLEAN NOT NULL DEFAULT FALSE;

-- The product list filtered by category and status (the commonest combination), by recency or
-- by price: without these, each such page read every product of the category.
CREATE INDEX products_by_category_status ON products (category_id, status, updated_at);
CREATE INDEX products_by_category_status_price ON products (category_id, status, min_price);
