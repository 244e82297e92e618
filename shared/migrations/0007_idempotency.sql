-- Idempotency keys (draft-ietf-httpapi-idempotency-key-header-07): the stored answer of
-- every completed state-changing call a client may retry, written in the same
-- transaction as the change itself, so "changed" and "answer stored" commit together.

CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    operation TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (principal, operation, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
