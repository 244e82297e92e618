-- 差评整改 and 申诉: what the hall does about a bad rating (国办发〔2019〕51号, "好差评" rules).
--
-- A bad rating (level 1 不满意 or 2 非常不满意) opens a follow-up case for the department that
-- handled the matter, in the same transaction as the rating: one case per rating and
-- department (an item application has one department; a bundle 一件事 one per child
-- department). The case has a deadline in working days; staff record its steps in order:
-- the callback to the citizen (回访), the correction (整改) and its result, the closing.
-- Nothing here is ever changed or deleted: a case's state is read from its steps.
--
-- A department's staff may appeal (申诉) a rating as wrongly or maliciously given; a
-- supervisor decides. The decision is its own record: an accepted appeal takes the rating
-- out of the figures (the view counted_ratings) while the rating row stays as it was
-- (its own triggers still refuse any change).

CREATE TABLE rating_followups (
    id TEXT PRIMARY KEY,                     -- "fu_" + 22 url-safe random characters
    rating_id TEXT NOT NULL REFERENCES ratings (id),
    application_id TEXT NOT NULL REFERENCES applications (id),  -- the item application the department handled
    department TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    opened_on TEXT NOT NULL,                 -- the hall's date (China Standard Time), YYYY-MM-DD
    -- The deadline: the working_days-th working day after opened_on, on the hall's calendar
    -- (shared.calendar) as it stands when read, so a year's holidays loaded later still count.
    working_days INTEGER NOT NULL CHECK (working_days > 0),
    UNIQUE (rating_id, department)
);
CREATE INDEX rating_followups_department ON rating_followups (department, opened_on);
CREATE INDEX rating_followups_application ON rating_followups (application_id);

CREATE TABLE rating_followup_steps (
    id INTEGER PRIMARY KEY,
    followup_id TEXT NOT NULL REFERENCES rating_followups (id),
    step TEXT NOT NULL CHECK (step IN ('callback', 'correction', 'close')),
    outcome TEXT NOT NULL,                   -- callback: reached | unreachable; correction: fixed | explained | unfounded; close: closed
    happened_at TEXT NOT NULL,               -- when the call was made / the correction done (as staff say)
    note TEXT NOT NULL,                      -- staff's words, personal numbers masked before storing
    staff_id INTEGER NOT NULL REFERENCES staff_accounts (id),
    staff_label TEXT NOT NULL,               -- "clerk (clerk)", as the audit trail names staff
    recorded_at TEXT NOT NULL,
    UNIQUE (followup_id, step)               -- each step once; the order is checked by the writer
);

CREATE TABLE rating_appeals (
    id TEXT PRIMARY KEY,                     -- "ra_" + 22 url-safe random characters
    rating_id TEXT NOT NULL UNIQUE REFERENCES ratings (id),  -- one appeal per rating; a rejection is final
    followup_id TEXT NOT NULL REFERENCES rating_followups (id),
    department TEXT NOT NULL,
    grounds TEXT NOT NULL CHECK (grounds IN ('wrong', 'malicious')),  -- 误评 / 恶意差评
    reason TEXT NOT NULL,
    filed_by INTEGER NOT NULL REFERENCES staff_accounts (id),
    filed_by_label TEXT NOT NULL,
    filed_at TEXT NOT NULL
);

CREATE TABLE rating_appeal_decisions (
    appeal_id TEXT PRIMARY KEY REFERENCES rating_appeals (id),  -- one decision per appeal
    rating_id TEXT NOT NULL REFERENCES ratings (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    reason TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES staff_accounts (id),
    decided_by_label TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX rating_appeal_decisions_rating ON rating_appeal_decisions (rating_id, outcome);

-- The ratings the figures count: all but those an accepted appeal took out.
CREATE VIEW counted_ratings AS
SELECT r.*
FROM ratings AS r
WHERE NOT EXISTS (
    SELECT 1 FROM rating_appeal_decisions AS d WHERE d.rating_id = r.id AND d.outcome = 'accepted'
);

CREATE TRIGGER rating_followups_no_update BEFORE UPDATE ON rating_followups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up case is never changed; record a step');
END;
CREATE TRIGGER rating_followups_no_delete BEFORE DELETE ON rating_followups
BEGIN
    SELECT RAISE(ABORT, 'a follow-up case is never deleted');
END;
CREATE TRIGGER rating_followup_steps_no_update BEFORE UPDATE ON rating_followup_steps
BEGIN
    SELECT RAISE(ABORT, 'a follow-up step is never changed');
END;
CREATE TRIGGER rating_followup_steps_no_delete BEFORE DELETE ON rating_followup_steps
BEGIN
    SELECT RAISE(ABORT, 'a follow-up step is never deleted');
END;
CREATE TRIGGER rating_appeals_no_update BEFORE UPDATE ON rating_appeals
BEGIN
    SELECT RAISE(ABORT, 'an appeal is never changed');
END;
CREATE TRIGGER rating_appeals_no_delete BEFORE DELETE ON rating_appeals
BEGIN
    SELECT RAISE(ABORT, 'an appeal is never deleted');
END;
CREATE TRIGGER rating_appeal_decisions_no_update BEFORE UPDATE ON rating_appeal_decisions
BEGIN
    SELECT RAISE(ABORT, 'an appeal decision is never changed');
END;
CREATE TRIGGER rating_appeal_decisions_no_delete BEFORE DELETE ON rating_appeal_decisions
BEGIN
    SELECT RAISE(ABORT, 'an appeal decision is never deleted');
END;
