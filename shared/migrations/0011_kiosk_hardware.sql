-- The kiosks' hardware as last reported, and the alerts hall staff see (大厅提醒).
--
-- kiosk_hardware holds one row per kiosk and component: the state the device bridge last
-- reported (a print that failed for want of paper, a jam, a scanner that stopped answering,
-- and "ok" again once the next job went through). Issue 6's fleet page reads it.
--
-- hall_alerts: a citizen's "call staff" tap and every hardware fault raise one. At most one
-- unresolved alert per kiosk and kind: raising it again while staff are on their way finds
-- the open one. Staff acknowledge (on my way) and resolve; both are audited.
-- Times are ISO 8601 UTC (shared.clock.iso), like every other table.

CREATE TABLE kiosk_hardware (
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    component TEXT NOT NULL CHECK (component IN ('printer', 'scanner', 'card_reader')),
    state TEXT NOT NULL CHECK (state IN ('ok', 'paper_out', 'jam', 'unavailable')),
    detail TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (device_id, component)
);

CREATE TABLE hall_alerts (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES kiosk_devices (id),
    kind TEXT NOT NULL CHECK (
        kind IN ('call_staff', 'printer_paper_out', 'printer_jam', 'printer_unavailable', 'scanner_fault')
    ),
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    raised_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by INTEGER REFERENCES staff_accounts (id),
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES staff_accounts (id),
    note TEXT,
    CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL),
    CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);
-- One unresolved alert per kiosk and kind (what makes a second tap harmless).
CREATE UNIQUE INDEX hall_alerts_unresolved ON hall_alerts (device_id, kind) WHERE state <> 'resolved';
CREATE INDEX hall_alerts_raised ON hall_alerts (raised_at);
