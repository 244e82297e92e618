-- 好差评: the citizen's rating of a submitted application (国办发〔2019〕51号).
--
-- One rating per application ("一事一评"): application_id is UNIQUE, so a double tap, a
-- retry from the phone, or the kiosk and the phone at once make one row. A rating is a
-- record, never edited or withdrawn: triggers refuse UPDATE and DELETE, whoever asks.
-- Levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. reasons is a JSON
-- array of reason codes (shared.ratings.levels). The optional comment is free text a
-- citizen may fill with anything, personal numbers included: it is sealed (PiiVault).
-- A bundle (一件事) is rated once, on its parent application.

CREATE TABLE ratings (
    id TEXT PRIMARY KEY,                     -- "rt_" + 22 url-safe random characters
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    citizen_id TEXT NOT NULL REFERENCES citizens (id),
    channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'mobile')),
    device_id TEXT,                          -- the kiosk it was given at, if any
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
    comment BLOB,                            -- sealed; NULL when none was given
    created_at TEXT NOT NULL
);
CREATE INDEX ratings_created ON ratings (created_at);
CREATE INDEX ratings_level ON ratings (level, created_at);

CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings
BEGIN
    SELECT RAISE(ABORT, 'a rating is never changed');
END;
CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings
BEGIN
    SELECT RAISE(ABORT, 'a rating is never deleted');
END;
