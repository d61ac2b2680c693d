-- Bearer tokens of the JSON API (/api/v1): stored as the SHA-256 of the token, never the token
-- itself; scopes as space-separated words; revoked tokens stay for the audit trail.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- the first characters of the token, to tell tokens apart on the page
    prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
