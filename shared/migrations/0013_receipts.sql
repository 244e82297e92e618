-- Receipts (受理回执), following an application by its receipt, and results printed at kiosks.
--
-- A receipt per submission (the first, and each resubmission after 补正). Its follow token
-- goes into the receipt's QR code as <public base>/follow/<token>; the table keeps only
-- the token's SHA-256, so a copy of the database opens no follow page. The token itself is
-- derived from the receipt id with a server key (shared.receipts.repository), so a reprint
-- carries the same code without the token ever being stored.
--
-- Every print is recorded (receipt_prints, result_prints), printed or failed: reprinting a
-- receipt is allowed, printing a result is not (delivery by kiosk print happens once; the
-- claim row keeps a double tap or a second kiosk from printing it twice at the same time).
--
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE receipts (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    submission INTEGER NOT NULL CHECK (submission >= 1),
    follow_token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    UNIQUE (application_id, submission)
);

CREATE TABLE receipt_prints (
    id INTEGER PRIMARY KEY,
    receipt_id TEXT NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    paper TEXT NOT NULL CHECK (paper IN ('80mm', 'A4')),
    outcome TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
    print_id TEXT,
    at TEXT NOT NULL
);
CREATE INDEX receipt_prints_receipt ON receipt_prints (receipt_id, at);

CREATE TABLE result_prints (
    id INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
    print_id TEXT,
    at TEXT NOT NULL
);
CREATE INDEX result_prints_application ON result_prints (application_id, at);

-- One collection in flight per application: taken before printing, dropped when the print
-- fails, and gone with the delivery when it succeeds. A claim older than a few minutes is
-- a crash's leftover and may be taken over.
CREATE TABLE result_collect_claims (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    claimed_at REAL NOT NULL
);
