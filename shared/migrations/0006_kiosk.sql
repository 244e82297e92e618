-- Self-service kiosks (政务自助一体机) and the citizens signed in at them.
--
-- A kiosk device is registered with an id and a random key (shown once, stored as its
-- SHA-256). Its browser is enrolled once with that key and then carries an opaque device
-- cookie; only the hash of that cookie is stored, and retiring the device revokes it.
-- A citizen's kiosk session is an opaque cookie too, bound to the device it started on.
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE kiosk_devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Where in the hall it stands: lobby, exit-entry area, ... (menus can differ by group).
    device_group TEXT NOT NULL,
    key_hash BLOB NOT NULL,
    registered_at TEXT NOT NULL,
    retired_at TEXT,
    last_seen_at TEXT
);

CREATE TABLE kiosk_device_credentials (
    token_hash BLOB PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    issued_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX kiosk_device_credentials_device ON kiosk_device_credentials (device_id);

CREATE TABLE kiosk_sessions (
    token_hash BLOB PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    method TEXT NOT NULL CHECK (method IN ('id_card', 'scan')),
    started_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT,
    end_reason TEXT CHECK (end_reason IN ('sign_out', 'idle', 'finished', 'max_age', 'device')),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- At most one open session per kiosk: a new sign-in ends the one before it.
CREATE INDEX kiosk_sessions_open ON kiosk_sessions (device_id) WHERE ended_at IS NULL;

-- Scan to sign in: the kiosk shows a one-time nonce as a QR code; the phone app confirms
-- it for its real-name citizen; the kiosk page that holds the poll token then signs in.
CREATE TABLE kiosk_scan_signins (
    nonce_hash BLOB PRIMARY KEY,
    poll_hash BLOB NOT NULL UNIQUE,
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    citizen_id TEXT REFERENCES citizens (id),
    confirmed_at TEXT,
    consumed_at TEXT,
    CHECK ((citizen_id IS NULL) = (confirmed_at IS NULL))
);
CREATE INDEX kiosk_scan_signins_expiry ON kiosk_scan_signins (expires_at);
