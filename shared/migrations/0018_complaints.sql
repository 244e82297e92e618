-- 投诉 / 咨询 / 建议 / 举报: cases a citizen raises from the phone or the kiosk (shared/complaints).
--
-- 首问负责制: owner_id is the staff member who took the case first; it changes only by a
-- reassignment, which is its own row in complaint_events (who, to whom, why). The
-- citizen's text, the staff replies and the citizen's words on the answer may hold
-- personal data: they are sealed with the PII vault (columns "complaints.text",
-- "complaint_events.body", "complaint_ratings.comment") and never logged.
-- due_date is the last working day to answer (YYYY-MM-DD, China time).

CREATE TABLE complaints (
    id TEXT PRIMARY KEY,                     -- "cp_" + 16 url-safe random characters
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    kind TEXT NOT NULL CHECK (kind IN ('complaint', 'question', 'suggestion', 'report')),
    channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'mobile')),
    device_id TEXT,                          -- the kiosk it was raised at, if any
    submit_key TEXT,                         -- the kiosk form's one-time key: a double tap makes one case
    application_id TEXT REFERENCES applications (id),
    department TEXT,                         -- the linked application's department; NULL: the whole hall
    text BLOB NOT NULL,                      -- sealed
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'answered', 'closed')),
    owner_id INTEGER REFERENCES staff_accounts (id),
    due_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ts REAL NOT NULL,
    taken_at TEXT,
    answered_at TEXT,                        -- the first reply
    closed_at TEXT,
    CHECK ((state = 'open') = (owner_id IS NULL)),
    UNIQUE (citizen_id, submit_key)
);
CREATE INDEX complaints_citizen ON complaints (citizen_id, created_ts);
CREATE INDEX complaints_queue ON complaints (state, due_date);

-- What happened to a case, in order: taken, reassigned (from, to, reason), replied, closed.
CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    kind TEXT NOT NULL CHECK (kind IN ('taken', 'reassigned', 'replied', 'closed')),
    actor_id INTEGER NOT NULL REFERENCES staff_accounts (id),
    from_id INTEGER REFERENCES staff_accounts (id),
    to_id INTEGER REFERENCES staff_accounts (id),
    body BLOB,                               -- sealed: the reply, or the reason of a reassignment
    created_at TEXT NOT NULL,
    CHECK ((kind = 'reassigned') = (to_id IS NOT NULL AND from_id IS NOT NULL AND body IS NOT NULL)),
    CHECK (kind != 'replied' OR body IS NOT NULL)
);
CREATE INDEX complaint_events_case ON complaint_events (complaint_id, id);

CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'a complaint event is never changed');
END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'a complaint event is never deleted');
END;

-- The citizen's rating of the answer: once per case, never changed.
CREATE TABLE complaint_ratings (
    complaint_id TEXT PRIMARY KEY REFERENCES complaints (id),
    satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
    comment BLOB,                            -- sealed; NULL when none was given
    created_at TEXT NOT NULL
);

CREATE TRIGGER complaint_ratings_no_update BEFORE UPDATE ON complaint_ratings
BEGIN
    SELECT RAISE(ABORT, 'a rating of an answer is never changed');
END;
CREATE TRIGGER complaint_ratings_no_delete BEFORE DELETE ON complaint_ratings
BEGIN
    SELECT RAISE(ABORT, 'a rating of an answer is never deleted');
END;
