-- Customers: one row per person, with their addresses, tags and the history of their email
-- marketing consent. Orders (a later area) refer to customers; customers never name orders.
CREATE TABLE customers (
    id BIGSERIAL PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    -- lower-cased "last first": the list's name order
    name_key TEXT NOT NULL DEFAULT '',
    -- as typed (trimmed); NULL when the customer gave none (a phone is given then)
    email TEXT,
    -- lower-cased email: unique ignoring case
    email_key TEXT UNIQUE,
    -- the email as a person may write it twice: Gmail-style local parts without dots or a
    -- +suffix (ada.l+shop@gmail.com → adal@gmail.com); possible duplicates share it
    email_match TEXT,
    -- E.164 (+441632960961), '' when none
    phone TEXT NOT NULL DEFAULT '',
    -- the phone as people read it (+44 20 7946 0958), written with it: formatting a number
    -- takes libphonenumber's rules, too slow to run for every row of every list
    phone_display TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- comma-separated as typed; customer_tags holds one row per tag for filtering
    tags TEXT NOT NULL DEFAULT '',
    accepts_email BOOLEAN NOT NULL DEFAULT false,
    -- when and how the consent last changed (given or withdrawn)
    consent_at TIMESTAMP,
    consent_source TEXT NOT NULL DEFAULT '',
    tax_exempt BOOLEAN NOT NULL DEFAULT false,
    -- a language tag (en, fr-CA), '' for the shop's
    language TEXT NOT NULL DEFAULT '',
    -- ISO 3166 alpha-2 of the default shipping address: the list filters by it
    country TEXT NOT NULL DEFAULT '',
    -- city of the default shipping address: searched
    city TEXT NOT NULL DEFAULT '',
    default_shipping_id BIGINT,
    default_billing_id BIGINT,
    -- an erasure: when, by whom, why; the row stays (orders refer to it), its personal data gone
    erased_at TIMESTAMP,
    erased_by TEXT NOT NULL DEFAULT '',
    erasure_reason TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX customers_by_name ON customers (name_key, id);
CREATE INDEX customers_by_created ON customers (created_at, id);
CREATE INDEX customers_by_updated ON customers (updated_at, id);
CREATE INDEX customers_by_country ON customers (country, name_key, id);
CREATE INDEX customers_by_consent ON customers (accepts_email, name_key, id);
CREATE INDEX customers_by_email_match ON customers (email_match);
CREATE INDEX customers_by_phone ON customers (phone);

CREATE TABLE customer_addresses (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customer_addresses_of ON customer_addresses (customer_id, id);

CREATE TABLE customer_tags (
    tag TEXT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, customer_id)
);
CREATE INDEX customer_tags_of ON customer_tags (customer_id);

-- Every change of email marketing consent: given or withdrawn, when, how, and by whom.
CREATE TABLE customer_consents (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    accepts BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customer_consents_of ON customer_consents (customer_id, id);

-- Staff notes on a customer, a timeline: who wrote each and when. A note's edit keeps the old
-- text in the audit log and marks the note edited; nothing is changed silently.
CREATE TABLE customer_notes (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP
);
CREATE INDEX customer_notes_of ON customer_notes (customer_id, id);

-- The search over name, email, phone, company, city and tags: one lower-cased document per
-- customer with a trigram index (pg_trgm comes with the catalog's migration).
CREATE TABLE customer_search (
    customer_id BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX customer_search_trigram ON customer_search USING GIN (document gin_trgm_ops);
