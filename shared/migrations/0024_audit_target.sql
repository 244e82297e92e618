-- The audit trail read by what was changed: "who changed this menu, item or kiosk, when"
-- (issue 6). Targets are written as `kind:id` (e.g. `kiosk_menu:lobby`, `item:ITEM-CODE`).
CREATE INDEX audit_log_target ON audit_log (target, id);
