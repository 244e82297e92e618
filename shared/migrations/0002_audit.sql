-- The audit trail (审计日志): every sign-in, failed sign-in and staff action.
-- Append-only: triggers refuse UPDATE and DELETE; each row carries the SHA-256 of the
-- previous row's hash and its own content, so a row altered or removed behind the
-- triggers' back breaks the chain at that row (`onevisit audit verify`).

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'kiosk', 'system', 'anonymous')),
    actor_id TEXT NOT NULL,
    -- Masked, human-readable: "张* (citizen)", "clerk01 (window clerk)".
    actor_label TEXT NOT NULL,
    where_kind TEXT NOT NULL CHECK (where_kind IN ('kiosk', 'address', 'system')),
    where_value TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('ok', 'failed', 'refused')),
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
