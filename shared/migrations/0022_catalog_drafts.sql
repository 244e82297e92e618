-- Drafts of catalog items and bundles edited on the staff pages (shared/catalog/drafts.py).
--
-- One draft per item or bundle at a time. A draft is a whole catalog document (the same
-- JSON an import file holds for it), saved as the editor goes; it may be unfinished or
-- invalid, since the checks run when someone asks for them and again on publishing.
-- `revision` starts at 1 and grows with every save: a save that names an older revision
-- is refused (409), so two people editing at once never overwrite each other unseen.
-- `base_version` is the published version the draft started from (NULL: not published yet).
-- Publishing goes through the import's code (shared/catalog/importer.py) and deletes the
-- draft; published versions stay in item_versions / bundle_versions, immutable.

CREATE TABLE catalog_drafts (
    kind TEXT NOT NULL CHECK (kind IN ('item', 'bundle')),
    code TEXT NOT NULL,
    base_version INTEGER CHECK (base_version IS NULL OR base_version >= 1),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    document TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES staff_accounts (id),
    created_at REAL NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES staff_accounts (id),
    updated_at REAL NOT NULL,
    PRIMARY KEY (kind, code)
);
CREATE INDEX catalog_drafts_updated ON catalog_drafts (updated_at);
