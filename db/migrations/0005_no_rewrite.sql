-- REPLACE INTO, INSERT OR REPLACE and an upsert's DO UPDATE make room for the new row by
-- deleting the old one, and SQLite fires no DELETE trigger for that implicit delete: the
-- no-delete guards never see it. So the database refuses, before any conflict is
-- resolved, every insert whose key already exists in the register and the calls.

CREATE TRIGGER complaints_no_replace BEFORE INSERT ON complaints
WHEN EXISTS (SELECT 1 FROM complaints WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;

-- An event has two keys: its id, and its place in its complaint's chain.
CREATE TRIGGER complaint_events_no_replace BEFORE INSERT ON complaint_events
WHEN EXISTS (SELECT 1 FROM complaint_events WHERE id = NEW.id)
    OR EXISTS (SELECT 1 FROM complaint_events
               WHERE complaint_id = NEW.complaint_id AND seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;

-- A call is written once, at wrap-up; a wrong tag is corrected beside it, never over it.
CREATE TRIGGER calls_no_replace BEFORE INSERT ON calls
WHEN EXISTS (SELECT 1 FROM calls WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'calls is append-only');
END;
CREATE TRIGGER calls_no_update BEFORE UPDATE ON calls
BEGIN
    SELECT RAISE(ABORT, 'calls is append-only');
END;
CREATE TRIGGER calls_no_delete BEFORE DELETE ON calls
BEGIN
    SELECT RAISE(ABORT, 'calls is append-only');
END;

CREATE TRIGGER call_reason_corrections_no_replace BEFORE INSERT ON call_reason_corrections
WHEN EXISTS (SELECT 1 FROM call_reason_corrections WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'call_reason_corrections is append-only');
END;
CREATE TRIGGER call_reason_corrections_no_update BEFORE UPDATE ON call_reason_corrections
BEGIN
    SELECT RAISE(ABORT, 'call_reason_corrections is append-only');
END;
CREATE TRIGGER call_reason_corrections_no_delete BEFORE DELETE ON call_reason_corrections
BEGIN
    SELECT RAISE(ABORT, 'call_reason_corrections is append-only');
END;
