-- Applications (办件): drafts, submissions, their processing and what they produce.
-- Answers and the delivery address are sealed (AES-GCM, vault column names in the
-- comments); nothing here holds a whole ID or phone number in clear.

CREATE TABLE applications (
    id TEXT PRIMARY KEY,                     -- "a_" + 22 url-safe random characters
    number TEXT UNIQUE,                      -- from the first submission; NULL for a draft
    parent_id TEXT REFERENCES applications (id),
    position INTEGER,                        -- 1-based place of a child in its bundle
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    kind TEXT NOT NULL CHECK (kind IN ('item', 'bundle')),
    item_code TEXT,
    item_version INTEGER,
    bundle_code TEXT,
    bundle_version INTEGER,
    department TEXT,                         -- lead department of an item application
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'refused', 'accepted',
                                         'under_review', 'approved', 'denied', 'delivered')),
    answers_sealed BLOB NOT NULL,            -- vault column "applications.answers" (JSON)
    sources TEXT NOT NULL DEFAULT '{}',      -- JSON {field_code: source of a prefilled value}
    delivery_method TEXT CHECK (delivery_method IN ('window', 'mail', 'electronic', 'kiosk_print')),
    delivery_address_sealed BLOB,            -- vault column "applications.delivery_address"
    started_channel TEXT NOT NULL CHECK (started_channel IN ('kiosk', 'mobile', 'window')),
    submitted_channel TEXT CHECK (submitted_channel IN ('kiosk', 'mobile', 'window')),
    returns INTEGER NOT NULL DEFAULT 0,
    return_overrides INTEGER NOT NULL DEFAULT 0,
    correction TEXT,                         -- JSON list of open correction items; NULL when none
    revision INTEGER NOT NULL DEFAULT 0,     -- bumped on every change (optimistic checks, ETags)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    accepted_at TEXT,
    decided_at TEXT,
    delivered_at TEXT,
    created_ts REAL NOT NULL,
    submitted_ts REAL,
    -- A discarded draft stays as a tombstone (its events are append-only) with its answers
    -- wiped; every read skips it.
    discarded_at TEXT,
    CHECK ((kind = 'item') = (item_code IS NOT NULL)),
    CHECK ((kind = 'bundle') = (bundle_code IS NOT NULL)),
    CHECK ((state = 'draft') = (number IS NULL))
);
CREATE INDEX applications_citizen ON applications (citizen_id, created_ts);
CREATE INDEX applications_parent ON applications (parent_id, position);
CREATE INDEX applications_department ON applications (department, state, submitted_ts);
CREATE INDEX applications_item ON applications (item_code, state);

-- The timeline: every event of an application with who and when. Append-only.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications (id),
    at TEXT NOT NULL,
    ts REAL NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system', 'kiosk')),
    actor_id TEXT NOT NULL,
    actor_label TEXT NOT NULL,               -- masked name or role label only
    actor_role TEXT,
    department TEXT,
    act TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX application_events_application ON application_events (application_id, id);

CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application events are append-only');
END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN
    SELECT RAISE(ABORT, 'application events are append-only');
END;

-- 并联审批: one task per department that reviews an application.
CREATE TABLE review_tasks (
    application_id TEXT NOT NULL REFERENCES applications (id),
    department TEXT NOT NULL,
    lead INTEGER NOT NULL DEFAULT 0,
    opinion TEXT CHECK (opinion IN ('agree', 'disagree')),
    comment TEXT,
    reviewer_id TEXT,
    reviewer_label TEXT,
    created_at TEXT NOT NULL,
    at TEXT,
    PRIMARY KEY (application_id, department)
);
CREATE INDEX review_tasks_department ON review_tasks (department, opinion);

-- Trips (跑动次数): every on-site contact, counted once per kiosk session or window day.
CREATE TABLE trips (
    id INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'window')),
    contact_key TEXT NOT NULL,
    place TEXT NOT NULL,
    at TEXT NOT NULL,
    ts REAL NOT NULL,
    UNIQUE (application_id, kind, contact_key)
);

-- 电子证照: the certificate wallet, keyed by the holder's ID-number lookup hash
-- (= citizens.id_number_hash), so a kiosk citizen and a phone citizen with the same
-- ID number hold the same certificates.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    holder_hash BLOB NOT NULL,
    type_code TEXT NOT NULL,
    number TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    valid_until TEXT,
    source_application_id TEXT REFERENCES applications (id),
    status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
    UNIQUE (type_code, number)
);
CREATE INDEX certificates_holder ON certificates (holder_hash, status);

-- Decision documents, refusal notices and certificate copies an application produced.
CREATE TABLE result_documents (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'refusal', 'certificate')),
    number TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT,
    body TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE INDEX result_documents_application ON result_documents (application_id);

-- The daily sequence of application numbers, advanced inside the submitting transaction.
CREATE TABLE application_counters (
    day TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
