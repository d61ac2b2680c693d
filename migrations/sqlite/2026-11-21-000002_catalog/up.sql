-- Catalog: categories (a tree), products with up to three options, variants, tags, images,
-- the search index, and bulk-edit change sets. Money is BIGINT minor units.

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES categories (id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX categories_by_parent ON categories (parent_id, name);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    handle TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    vendor TEXT NOT NULL DEFAULT '',
    product_type TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    seo_title TEXT NOT NULL DEFAULT '',
    seo_description TEXT NOT NULL DEFAULT '',
    option1_name TEXT,
    option2_name TEXT,
    option3_name TEXT,
    -- kept in step with the variants on every save: the list sorts and shows them without a join
    min_price BIGINT NOT NULL DEFAULT 0,
    max_price BIGINT NOT NULL DEFAULT 0,
    variant_count BIGINT NOT NULL DEFAULT 0,
    cover_image_id BIGINT,
    -- once a product has been active it may be on orders: it can be archived, not deleted
    ever_active BOOLEAN NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX products_by_updated ON products (updated_at, id);
CREATE INDEX products_by_title ON products (title, id);
CREATE INDEX products_by_price ON products (min_price, id);
CREATE INDEX products_by_status ON products (status, updated_at, id);
CREATE INDEX products_by_category ON products (category_id, updated_at, id);
CREATE INDEX products_by_vendor ON products (vendor, updated_at, id);
CREATE INDEX products_by_type ON products (product_type, updated_at, id);

CREATE TABLE product_tags (
    tag TEXT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, product_id)
);
CREATE INDEX product_tags_by_product ON product_tags (product_id);

CREATE TABLE variants (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    -- upper-cased SKU: unique case-insensitively
    sku_key TEXT NOT NULL UNIQUE,
    barcode TEXT UNIQUE,
    option1 TEXT,
    option2 TEXT,
    option3 TEXT,
    price BIGINT NOT NULL CHECK (price >= 0),
    compare_at_price BIGINT CHECK (compare_at_price >= 0),
    cost BIGINT CHECK (cost >= 0),
    weight_grams BIGINT CHECK (weight_grams >= 0),
    track_inventory BOOLEAN NOT NULL DEFAULT 1,
    allow_backorder BOOLEAN NOT NULL DEFAULT 0,
    position BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX variants_by_product ON variants (product_id, position);

CREATE TABLE product_images (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    byte_size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    thumbnail BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX product_images_by_product ON product_images (product_id, position);

-- Full-text search over title, SKUs, barcodes, vendor and tags; rowid = products.id.
CREATE VIRTUAL TABLE product_search USING fts5 (
    title, skus, barcodes, vendor, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

-- Bulk edits: one change set per applied operation, one item per changed product, with the
-- values before and after so the set can be reverted.
CREATE TABLE change_sets (
    id INTEGER PRIMARY KEY,
    summary TEXT NOT NULL,
    operation TEXT NOT NULL,
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    item_count BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    reverted_at TIMESTAMP,
    reverted_by TEXT
);

CREATE TABLE change_set_items (
    id INTEGER PRIMARY KEY,
    change_set_id BIGINT NOT NULL REFERENCES change_sets (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    -- the product version the change produced: a revert skips rows edited since
    version_after BIGINT NOT NULL
);
CREATE INDEX change_set_items_by_set ON change_set_items (change_set_id, id);

-- A CSV upload between its dry run and the merchant's confirmation.
CREATE TABLE catalog_imports (
    id INTEGER PRIMARY KEY,
    staff_id BIGINT REFERENCES staff (id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    applied_at TIMESTAMP
);
