-- Citizens signed in on the phone (掌上办): WeChat accounts, session families with rotating
-- refresh tokens, SMS codes for real-name binding, and the companies citizens act for.
-- Times used for expiry are epoch seconds (REAL) read from the service clock; times kept
-- for people to read are ISO 8601 text, as elsewhere.

-- One row per WeChat account (openid). The openid is kept only as a keyed hash; WeChat's
-- session key stays on the server, sealed, and is never sent to the phone.
CREATE TABLE wechat_accounts (
    openid_hash BLOB PRIMARY KEY,
    unionid_hash BLOB,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    session_key_sealed BLOB NOT NULL,
    created_at TEXT NOT NULL,
    last_login_at TEXT NOT NULL
);
CREATE INDEX wechat_accounts_citizen ON wechat_accounts (citizen_id);

-- A session family: one sign-in on one phone, and every token pair rotated from it.
-- Revoking the family (logout, refresh-token reuse, an administrator) stops all of its
-- access tokens at once: every authenticated request looks the family up.
CREATE TABLE auth_sessions (
    id TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    audience TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_used_at REAL NOT NULL,
    -- Slides forward on each refresh: a family left unused for refresh_token_days ends.
    expires_at REAL NOT NULL,
    revoked_at REAL,
    revoked_reason TEXT
);
CREATE INDEX auth_sessions_citizen ON auth_sessions (citizen_id);

-- Refresh tokens, stored as SHA-256 of the opaque token. Each is used once; a second use
-- means it was copied, and the whole family is revoked.
CREATE TABLE refresh_tokens (
    token_hash BLOB PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES auth_sessions (id),
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- One-time SMS codes (短信验证码). The code itself is never stored: only an HMAC of the
-- phone and the code. The phone is kept as a keyed hash for the per-phone limits.
CREATE TABLE phone_codes (
    id INTEGER PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    phone_hash BLOB NOT NULL,
    code_hash BLOB NOT NULL,
    sent_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    wrong_attempts INTEGER NOT NULL DEFAULT 0,
    used_at REAL,
    -- A newer code for the same citizen and phone replaces this one.
    superseded_at REAL
);
CREATE INDEX phone_codes_phone ON phone_codes (phone_hash, sent_at);
CREATE INDEX phone_codes_citizen ON phone_codes (citizen_id, sent_at);

-- Companies (企业/法人) by unified social credit code (统一社会信用代码, GB 32100). The code
-- and the name are public (printed on the business licence); screens still mask the code.
CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    credit_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Who may act for a company: its legal representative (法定代表人) or an agent (经办人).
CREATE TABLE company_members (
    company_id TEXT NOT NULL REFERENCES companies (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    role TEXT NOT NULL CHECK (role IN ('legal_representative', 'agent')),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (company_id, citizen_id)
);
CREATE INDEX company_members_citizen ON company_members (citizen_id);
-- A company has one legal representative.
CREATE UNIQUE INDEX company_members_one_legal_representative ON company_members (company_id)
    WHERE role = 'legal_representative';
