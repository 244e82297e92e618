-- Who looked at a citizen's data (a "data tracker", as Estonia's eesti.ee shows its
-- citizens): one row each time a staff member opened a citizen's application, one of
-- its files or their personal data, with the role and department that looked, what was
-- seen and why, in words the citizen understands. The citizen lists their own rows
-- (GET /api/v1/me/access-log, the kiosk's /me/access); shared/privacy/access_log.py.
--
-- staff_account_id is kept so a supervisor can trace an entry to a person when a citizen
-- questions it; it is never shown to the citizen (see access_log.py for why).
-- Append-only: triggers refuse UPDATE and DELETE, whoever asks.

CREATE TABLE access_log (
    id INTEGER PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    at TEXT NOT NULL,                        -- ISO 8601, UTC
    at_epoch REAL NOT NULL,                  -- the same moment in seconds, for the repeat window
    staff_account_id INTEGER NOT NULL,
    staff_role TEXT NOT NULL CHECK (staff_role IN ('admin', 'clerk', 'reviewer', 'supervisor')),
    department_code TEXT,                    -- NULL for hall-wide roles (administrators, supervisors)
    application_id TEXT,                     -- the application it concerned, if any
    what_zh TEXT NOT NULL,
    what_en TEXT NOT NULL,
    why_zh TEXT NOT NULL,
    why_en TEXT NOT NULL
);
CREATE INDEX access_log_citizen ON access_log (citizen_id, id);
CREATE INDEX access_log_repeat ON access_log (staff_account_id, citizen_id, what_zh, at_epoch);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
