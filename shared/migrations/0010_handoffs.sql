-- The kiosk's side of applications: continuing on the phone, and submitting exactly once.
--
-- Continue on the phone (扫码续办): a kiosk shows a one-time code for one application. The
-- code (a 256-bit nonce in a QR code) is stored only as its SHA-256, lives two minutes,
-- and is bound to the application, its citizen and the kiosk that showed it. The phone app
-- claims it for its signed-in citizen (shared.applications.handoffs.claim); another citizen
-- learns nothing from it. The kiosk page polls the status by application and device.
--
-- Submit once (防重复提交): every review page carries a one-time submit token (stored as
-- its SHA-256) bound to the application, the kiosk and the revision the citizen saw. The
-- submission marks it used in its own transaction, so a double tap or a resent form makes
-- one submission and lands on the same "submitted" page (shared.kiosk.submit_tokens).
--
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE application_handoffs (
    nonce_hash BLOB PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    claimed_at TEXT
);
CREATE INDEX application_handoffs_application ON application_handoffs (application_id, device_id, created_at);
CREATE INDEX application_handoffs_expiry ON application_handoffs (expires_at);

CREATE TABLE kiosk_submit_tokens (
    token_hash BLOB PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX kiosk_submit_tokens_created ON kiosk_submit_tokens (created_at);
