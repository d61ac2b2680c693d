-- The import history: what each upload's check found, and the change set that applying it
-- recorded (its undo).
ALTER TABLE catalog_imports ADD COLUMN row_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_imports ADD COLUMN error_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_imports ADD COLUMN change_set_id BIGINT REFERENCES change_sets (id) ON DELETE SET NULL;
CREATE INDEX catalog_imports_by_created ON catalog_imports (created_at);
