-- The unified service catalog (政务服务事项目录).
-- Published item and bundle versions are immutable documents; `items` and `bundles` point
-- at the current one. Whatever is made from an item later keeps (item_code, version).

CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO catalog_state (id, revision, updated_at) VALUES (1, 0, '1970-01-01T00:00:00+00:00');

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE certificate_types (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE items (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments (code),
    status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
    updated_at TEXT NOT NULL
);

CREATE TABLE item_versions (
    item_code TEXT NOT NULL REFERENCES items (code),
    version INTEGER NOT NULL CHECK (version >= 1),
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    -- Pinyin is computed once at import so rebuilding the search index needs no pypinyin.
    name_pinyin TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    keyword_pinyin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_code, version)
);

CREATE TABLE bundles (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
    updated_at TEXT NOT NULL
);

CREATE TABLE bundle_versions (
    bundle_code TEXT NOT NULL REFERENCES bundles (code),
    version INTEGER NOT NULL CHECK (version >= 1),
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    name_pinyin TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    keyword_pinyin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (bundle_code, version)
);

-- The item versions a bundle version was published with: it keeps pointing at them even
-- after one of its items gets a new version.
CREATE TABLE bundle_version_items (
    bundle_code TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    item_code TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    PRIMARY KEY (bundle_code, version, position),
    FOREIGN KEY (bundle_code, version) REFERENCES bundle_versions (bundle_code, version),
    FOREIGN KEY (item_code, item_version) REFERENCES item_versions (item_code, version)
);

-- A published version never changes (SQLite triggers; a PostgreSQL backend uses rules or
-- revoked UPDATE rights for the same guarantee).
CREATE TRIGGER item_versions_immutable BEFORE UPDATE ON item_versions
BEGIN
    SELECT RAISE(ABORT, 'published item versions are immutable');
END;
CREATE TRIGGER item_versions_undeletable BEFORE DELETE ON item_versions
BEGIN
    SELECT RAISE(ABORT, 'published item versions are immutable');
END;
CREATE TRIGGER bundle_versions_immutable BEFORE UPDATE ON bundle_versions
BEGIN
    SELECT RAISE(ABORT, 'published bundle versions are immutable');
END;
CREATE TRIGGER bundle_versions_undeletable BEFORE DELETE ON bundle_versions
BEGIN
    SELECT RAISE(ABORT, 'published bundle versions are immutable');
END;
