-- Citizens (办事群众): one row per person, however they signed in.
-- Names, ID numbers and phone numbers are sealed (AES-GCM) and looked up by keyed hash;
-- the masked forms are kept beside them because every screen shows only those.

CREATE TABLE citizens (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    name_sealed BLOB,
    name_masked TEXT NOT NULL DEFAULT '',
    id_number_sealed BLOB,
    id_number_hash BLOB UNIQUE,
    id_number_masked TEXT NOT NULL DEFAULT '',
    phone_sealed BLOB,
    phone_hash BLOB,
    phone_masked TEXT NOT NULL DEFAULT '',
    -- How the real name was proven: read from the ID card at a kiosk, or declared with a
    -- phone verified by SMS. NULL until then.
    verified_by TEXT CHECK (verified_by IN ('id_card', 'sms')),
    verified_at TEXT,
    CHECK ((id_number_hash IS NULL) = (id_number_sealed IS NULL))
);
CREATE INDEX citizens_phone ON citizens (phone_hash);
