-- The running clock of an application (承诺时限): its alerts and its special procedures.
--
-- time_alerts: each alert at most once per application, whoever raises it. The watch job
-- runs in every server process; the PRIMARY KEY with INSERT OR IGNORE decides which
-- process raised it, and that process writes the alert's effect (timeline event, audit
-- entry, the deemed approval) in the same transaction, so two processes, or one restarted,
-- never raise it twice. Kinds: warned (a share of the time used: yellow), overdue (the
-- promised date passed: red), deemed (过期默许: approved by the system when the limit passed).

CREATE TABLE time_alerts (
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('warned', 'overdue', 'deemed')),
    raised_at TEXT NOT NULL,
    ts REAL NOT NULL,
    due TEXT,                                -- the date the alert is about (YYYY-MM-DD)
    PRIMARY KEY (application_id, kind)
);
CREATE INDEX time_alerts_kind ON time_alerts (kind, ts);

CREATE TRIGGER time_alerts_no_update BEFORE UPDATE ON time_alerts
BEGIN
    SELECT RAISE(ABORT, 'a time alert is never changed');
END;

-- 特别程序 (行政许可法 第四十五条: hearing, expert review, public notice, inspection...): started and
-- ended by a reviewer with a reason. `counted` is copied from the item's rule when it starts:
-- 0 pauses the application's clock while it runs. At most one open per application.
CREATE TABLE special_procedures (
    id INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
    reason TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_ts REAL NOT NULL,
    started_by TEXT NOT NULL,                -- staff label (masked)
    ended_at TEXT,
    ended_ts REAL,
    ended_by TEXT,
    outcome TEXT
);
CREATE UNIQUE INDEX special_procedures_open ON special_procedures (application_id) WHERE ended_at IS NULL;
CREATE INDEX special_procedures_application ON special_procedures (application_id, id);
