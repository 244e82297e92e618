-- Kiosk menus (自助终端菜单): what the home screen of each kiosk shows, configured by hall staff.
--
-- A menu has one working draft and a list of published versions. A version is immutable
-- (triggers refuse UPDATE and DELETE): the audit trail, the fleet page and a restore all
-- refer to it by number. What a kiosk shows is decided by releases: the live version of a
-- menu at time t is the version of the newest non-cancelled release with go_live_at <= t,
-- so a release scheduled for later takes effect by itself when its time comes (no job).
-- Which menu a kiosk shows: its own assignment, else its group's, else the default menu.
-- Times are epoch seconds (REAL) where they are compared with the clock, ISO text otherwise.

CREATE TABLE kiosk_menus (
    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 32),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
-- At most one default menu.
CREATE UNIQUE INDEX kiosk_menus_one_default ON kiosk_menus (is_default) WHERE is_default = 1;

CREATE TABLE kiosk_menu_drafts (
    menu_id TEXT PRIMARY KEY REFERENCES kiosk_menus (id),
    document TEXT NOT NULL,
    -- Optimistic concurrency: a save names the revision it was based on.
    revision INTEGER NOT NULL CHECK (revision >= 1),
    -- The version this draft started from (NULL for a new menu).
    based_on INTEGER,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE kiosk_menu_versions (
    menu_id TEXT NOT NULL REFERENCES kiosk_menus (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (menu_id, version)
);

CREATE TRIGGER kiosk_menu_versions_no_update BEFORE UPDATE ON kiosk_menu_versions
BEGIN
    SELECT RAISE(ABORT, 'a published menu version is immutable');
END;
CREATE TRIGGER kiosk_menu_versions_no_delete BEFORE DELETE ON kiosk_menu_versions
BEGIN
    SELECT RAISE(ABORT, 'a published menu version is immutable');
END;

CREATE TABLE kiosk_menu_releases (
    id INTEGER PRIMARY KEY,
    menu_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    go_live_at REAL NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('publish', 'restore')),
    note TEXT NOT NULL DEFAULT '',
    cancelled_at TEXT,
    cancelled_by TEXT,
    CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL)),
    FOREIGN KEY (menu_id, version) REFERENCES kiosk_menu_versions (menu_id, version)
);
CREATE INDEX kiosk_menu_releases_menu ON kiosk_menu_releases (menu_id, go_live_at, id);

CREATE TABLE kiosk_menu_assignments (
    target_kind TEXT NOT NULL CHECK (target_kind IN ('device', 'group')),
    target TEXT NOT NULL,
    menu_id TEXT NOT NULL REFERENCES kiosk_menus (id),
    assigned_at TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    PRIMARY KEY (target_kind, target)
);

-- Bumped by every change that can change what a kiosk shows (publish, schedule, cancel,
-- restore, assign, default), so a cache checks one integer instead of re-reading menus.
CREATE TABLE kiosk_menu_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO kiosk_menu_state (id, revision) VALUES (1, 0);
