-- Hall staff (大厅工作人员): accounts, server-side sessions and sign-in failure counters.
-- Times are seconds since the epoch (REAL), because every rule here is arithmetic on them
-- (idle time, absolute session life, throttling windows).

CREATE TABLE staff_accounts (
    id INTEGER PRIMARY KEY,
    -- ASCII letters, digits, '.', '_', '-' (checked by the code), unique whatever the case.
    username TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'supervisor')),
    -- Clerks and reviewers work for one catalog department; the others are hall-wide.
    department_code TEXT,
    -- argon2id, in the PHC string format (parameters and salt inside).
    password_hash TEXT NOT NULL,
    -- The TOTP secret sealed by the PII vault (column "staff.totp_secret"); NULL until enrolled.
    totp_secret BLOB,
    -- The last time step whose code was accepted: a code of that step or earlier is refused.
    totp_last_step INTEGER,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at REAL NOT NULL,
    password_changed_at REAL NOT NULL,
    CHECK ((role IN ('clerk', 'reviewer')) = (department_code IS NOT NULL))
);

-- One row per sign-in. The cookie holds a random token; only its SHA-256 is stored, so a
-- copy of the database cannot be used to take over a session.
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff_accounts (id),
    -- 'second_factor': the password was right, the TOTP code is still due (administrators);
    -- such a session opens no page but the second-factor one.
    stage TEXT NOT NULL CHECK (stage IN ('second_factor', 'signed_in')),
    -- During enrolment: the new TOTP secret shown as a QR code, sealed like totp_secret.
    enrol_secret BLOB,
    address TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    ended_at REAL,
    end_reason TEXT CHECK (end_reason IN ('signed_out', 'idle', 'expired', 'deactivated', 'second_factor_reset',
                                          'replaced', 'second_factor_done')),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX staff_sessions_open ON staff_sessions (staff_id) WHERE ended_at IS NULL;

-- Sign-in failure counters (shared/staff/throttle.py): one row per scope and key, where the
-- key is a lower-cased username, an address, both, or an account id for the second factor.
CREATE TABLE staff_sign_in_failures (
    scope TEXT NOT NULL CHECK (scope IN ('pair', 'username', 'address', 'totp')),
    key TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    first_at REAL NOT NULL,
    last_at REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX staff_sign_in_failures_age ON staff_sign_in_failures (first_at);
