-- Uploaded materials (申请材料) of an application: one row per stored file.
-- The bytes live outside the database and outside any static mount, under
-- data_dir/files/<storage_name>, encrypted with AES-GCM (the file id as associated data).
-- The client's filename is never kept: it may hold a name or an ID number.

CREATE TABLE application_files (
    id TEXT PRIMARY KEY,                     -- "f_" + 22 url-safe random characters
    application_id TEXT NOT NULL REFERENCES applications (id),
    material_code TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 1),   -- 1-based within the material, for display names
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size INTEGER NOT NULL CHECK (size > 0),  -- bytes as stored (after re-encoding), before encryption
    sha256 TEXT NOT NULL,                    -- of the stored plaintext, hex
    pages INTEGER,                           -- PDF only
    width INTEGER,                           -- images only
    height INTEGER,
    storage_name TEXT NOT NULL UNIQUE,       -- random, unrelated to the id
    uploaded_at TEXT NOT NULL,
    uploaded_ts REAL NOT NULL,
    uploaded_via TEXT NOT NULL CHECK (uploaded_via IN ('kiosk', 'mobile', 'window')),
    UNIQUE (application_id, material_code, position)
);
CREATE INDEX application_files_application ON application_files (application_id, material_code, position);
