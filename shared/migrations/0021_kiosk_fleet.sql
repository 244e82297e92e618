-- The kiosk fleet (自助机设备管理): each kiosk's heartbeat, and a "paper low" printer state.
--
-- kiosk_heartbeats holds one row per kiosk: when its page last beat (POST /kiosk/heartbeat,
-- every few seconds from every kiosk screen), the menu stamp the page reported ("menu@3",
-- NULL on a page that shows no menu), the stamp the server answered that it should show,
-- and since when the two differ. A beat is written at most every 30 s per kiosk unless the
-- stamp or a hardware state changed (shared.kiosk.fleet keeps the rest in memory), so the
-- stored beat is at most that old; staff see "offline" (离线) after 60 s without a beat.
--
-- kiosk_hardware is rebuilt to allow 'paper_low' (纸将用完): the printer still prints, but
-- hall staff should bring paper before a citizen meets an empty tray. SQLite cannot change a
-- CHECK constraint in place; nothing refers to this table, so it is copied over.
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE kiosk_heartbeats (
    device_id TEXT PRIMARY KEY REFERENCES kiosk_devices (id),
    beat_at TEXT NOT NULL,
    menu_shown TEXT,
    menu_expected TEXT,
    mismatch_since TEXT,
    CHECK (mismatch_since IS NULL OR menu_shown IS NOT NULL)
);

CREATE TABLE kiosk_hardware_new (
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    component TEXT NOT NULL CHECK (component IN ('printer', 'scanner', 'card_reader')),
    state TEXT NOT NULL CHECK (state IN ('ok', 'paper_low', 'paper_out', 'jam', 'unavailable')),
    detail TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (device_id, component)
);
INSERT INTO kiosk_hardware_new (device_id, component, state, detail, updated_at)
    SELECT device_id, component, state, detail, updated_at FROM kiosk_hardware;
DROP TABLE kiosk_hardware;
ALTER TABLE kiosk_hardware_new RENAME TO kiosk_hardware;
