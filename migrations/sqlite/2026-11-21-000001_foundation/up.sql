-- Foundation: shop settings, staff, server-side sessions, setup tokens, sign-in throttling, audit log.
-- Timestamps are UTC, written by the application.

CREATE TABLE shop_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    shop_name TEXT NOT NULL,
    currency TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO shop_settings (id, shop_name, currency, time_zone, updated_at)
VALUES (1, 'My shop', 'USD', 'UTC', CURRENT_TIMESTAMP);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    -- lower-cased email: uniqueness and look-ups are case-insensitive
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'clerk', 'viewer')),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);

CREATE TABLE sessions (
    -- SHA-256 of the session key: a leaked table does not hand out live sessions
    key_hash TEXT PRIMARY KEY NOT NULL,
    staff_id BIGINT REFERENCES staff (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_by_staff ON sessions (staff_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE signin_failures (
    id INTEGER PRIMARY KEY,
    email_key TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX signin_failures_by_email ON signin_failures (email_key, at);
CREATE INDEX signin_failures_by_ip ON signin_failures (ip, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    ip TEXT,
    request_id TEXT,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_by_staff ON audit_log (staff_id, id);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_action ON audit_log (action, at);
