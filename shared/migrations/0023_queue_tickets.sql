-- Queue tickets (取号 / 叫号) and the work console's saved searches.
--
-- queue_lines: one line per department of the catalog, made the first time the kiosk or a
-- clerk needs it; its letter (A, B, ...) never changes once given, so yesterday's "C012"
-- and today's are the same department's.
--
-- queue_tickets: one per ticket taken at a kiosk. The number is the line's letter and a
-- sequence that starts at 1 every China day (A001, A002, ...). Nothing personal: a ticket
-- knows its kiosk, not the person who took it. `tap` is the one-time token of the kiosk's
-- take button: a second tap with the same token finds the first ticket (UNIQUE), so a
-- double tap prints one ticket. `print_state` guards the printer the same way: only the
-- request that moves it to 'printing' prints.
--
-- console_searches: a clerk's search by ID number, phone number or name is posted, never
-- put in a URL; what it stands for is kept here under a random token for a short while,
-- and the console's GET carries only the token: for an ID or phone number its keyed lookup
-- hash (PiiVault.lookup_hash, as citizens are searched by), for a name the ids of the
-- people in the searcher's scope who bear it, for an application number the number or its
-- last digits. The typed value itself is not stored, only its masked form for the page's
-- "searching for" line.

CREATE TABLE queue_lines (
    department TEXT PRIMARY KEY,
    prefix TEXT NOT NULL UNIQUE,             -- 'A', 'B', ... 'Z', 'AA', ...
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE queue_tickets (
    id INTEGER PRIMARY KEY,
    line TEXT NOT NULL REFERENCES queue_lines (department),
    day TEXT NOT NULL,                       -- China day, YYYY-MM-DD
    seq INTEGER NOT NULL CHECK (seq >= 1),
    number TEXT NOT NULL,                    -- prefix + 3 digits (more past 999), e.g. 'A001'
    device_id TEXT NOT NULL,                 -- the kiosk that printed it
    tap TEXT NOT NULL,                       -- the take button's one-time token
    state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'done', 'no_show')),
    taken_at TEXT NOT NULL,
    taken_ts REAL NOT NULL,
    calls INTEGER NOT NULL DEFAULT 0,        -- how often it was called (recalls included)
    called_at TEXT,
    called_ts REAL,
    called_by INTEGER,                       -- staff account id
    called_label TEXT,                       -- staff display name, for the console
    counter TEXT,                            -- the window (窗口) it was called to, when given
    finished_at TEXT,
    finished_by INTEGER,
    print_state TEXT NOT NULL DEFAULT 'pending'
        CHECK (print_state IN ('pending', 'printing', 'printed', 'failed')),
    print_ts REAL,
    print_fault TEXT,                        -- 'paper_out' | 'jam' | 'unavailable' after a failed print
    UNIQUE (line, day, seq),
    UNIQUE (device_id, tap)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (line, day, state, seq);
CREATE INDEX queue_tickets_caller ON queue_tickets (called_by, state, day);

CREATE TABLE console_searches (
    token_hash BLOB PRIMARY KEY,             -- sha256 of the token in the console's URL
    account_id INTEGER NOT NULL,             -- only the staff member who searched may use it
    kind TEXT NOT NULL CHECK (kind IN ('id_number', 'phone', 'name', 'number', 'number_end')),
    label TEXT NOT NULL,                     -- masked: what the page says it searched for
    lookup BLOB,                             -- id_number / phone: the keyed lookup hash
    citizen_ids TEXT,                        -- name: JSON list of citizen ids
    number TEXT,                             -- an application number or its last digits
    created_ts REAL NOT NULL,
    expires_ts REAL NOT NULL
);
CREATE INDEX console_searches_expiry ON console_searches (expires_ts);
