-- The hall's working-day calendar (工作日): the State Council's announced holidays and 调休
-- make-up working days, one row per year loaded (the document as loaded, with its notice
-- number) and one row per special day. Days not listed follow the Mon–Fri rule.
--
-- A year is replaced whole when its file is loaded again (a corrected notice); the revision
-- counter lets each process keep its calendar in memory and notice another process's load.

CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL CHECK (length(source) > 0),           -- the notice, e.g. 国办发明电〔2025〕7号
    document TEXT NOT NULL CHECK (json_valid(document))         -- the year's file as loaded
);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,                                      -- YYYY-MM-DD
    year INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')), -- 放假 / 调休上班
    name TEXT NOT NULL,                                        -- 春节, 国庆节 ...
    CHECK (substr(day, 1, 4) = CAST(year AS TEXT))
);
CREATE INDEX calendar_days_year ON calendar_days (year);

CREATE TABLE calendar_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 0);
