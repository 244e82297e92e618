-- Payments (缴费): one order per application that has a fee, and a record of every
-- notification a payment provider sent about it, signed or not.
--
-- The amount is fixed from the catalog version the application was made under (its
-- pinned item or bundle version), in fen (分), never from anything a client or the
-- provider says. Paying twice is impossible by construction: one order per application
-- (UNIQUE), and a paid order refuses a new payment. States:
--   unpaid ─paid─▶ paid          (a later "failed" never unpays: out-of-order safe)
--     │ ▲
--  failed│ │ try again / a late "paid"
--     ▼ │
--   failed
--   closed: nothing more may be paid (the application was refused or withdrawn).
-- provider_ref names the provider's current payment attempt (a fresh one after a failure).
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE payment_orders (
    id TEXT PRIMARY KEY,                     -- "po_" + 22 url-safe random characters
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    currency TEXT NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    state TEXT NOT NULL CHECK (state IN ('unpaid', 'paid', 'failed', 'closed')),
    provider_ref TEXT,                       -- the current attempt at the provider
    attempts INTEGER NOT NULL DEFAULT 0,     -- how many attempts were started
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    paid_at TEXT,
    paid_txn TEXT,                           -- the provider transaction that paid it
    failure TEXT,                            -- the provider's reason for the last failure (code)
    CHECK ((state = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX payment_orders_state ON payment_orders (state, created_at);

-- Every callback, whatever became of it: accepted (it changed the order), duplicate (the
-- same provider transaction again), ignored (valid but too late to matter, such as a
-- "failed" after "paid"), rejected (bad signature, unreadable, unknown order, amount that
-- does not match). A rejected body is never trusted, so only its SHA-256 is kept.
CREATE TABLE payment_notifications (
    id INTEGER PRIMARY KEY,
    order_id TEXT REFERENCES payment_orders (id),
    provider_txn TEXT,
    kind TEXT,                               -- "paid" | "failed" as the provider said
    amount_fen INTEGER,
    body_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'ignored', 'rejected')),
    reason TEXT                              -- why rejected or ignored (a code, never the body)
);
-- A provider transaction is acted on once; its repeats are recorded as duplicates.
CREATE UNIQUE INDEX payment_notifications_txn ON payment_notifications (provider_txn)
    WHERE outcome IN ('accepted', 'ignored');
CREATE INDEX payment_notifications_order ON payment_notifications (order_id, id);

CREATE TRIGGER payment_notifications_no_update BEFORE UPDATE ON payment_notifications
BEGIN
    SELECT RAISE(ABORT, 'payment notifications are append-only');
END;
CREATE TRIGGER payment_notifications_no_delete BEFORE DELETE ON payment_notifications
BEGIN
    SELECT RAISE(ABORT, 'payment notifications are append-only');
END;
