-- The sync's bookkeeping on the workstation. Its resume points live in the central store,
-- written in the same transaction as the rows they count; the workstation keeps only who
-- it is and which of its changeable rows changed.

-- This database's own random id, made at its first sync: central refuses a station name
-- already held by another id, so two machines never merge under one name.
CREATE TABLE station_identity (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    install_id TEXT NOT NULL CHECK (install_id <> ''),
    created_at TEXT NOT NULL
);

-- Breaks (ended, moods) and reminders (their state) change after they are written, so
-- their rowids cannot say what is new. Every insert and update leaves its row here; the
-- push sends the rows named after central's cursor, as they are now. Calls and call
-- starts get no trigger: they are only ever added (pushed by rowid), and the agent waits
-- on their save.
CREATE TABLE sync_changes (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl    TEXT NOT NULL CHECK (tbl IN ('breaks', 'reminders')),
    row_id TEXT NOT NULL
);

CREATE TRIGGER breaks_sync_insert AFTER INSERT ON breaks
BEGIN
    INSERT INTO sync_changes (tbl, row_id) VALUES ('breaks', NEW.id);
END;
CREATE TRIGGER breaks_sync_update AFTER UPDATE ON breaks
BEGIN
    INSERT INTO sync_changes (tbl, row_id) VALUES ('breaks', NEW.id);
END;
CREATE TRIGGER reminders_sync_insert AFTER INSERT ON reminders
BEGIN
    INSERT INTO sync_changes (tbl, row_id) VALUES ('reminders', NEW.id);
END;
CREATE TRIGGER reminders_sync_update AFTER UPDATE ON reminders
BEGIN
    INSERT INTO sync_changes (tbl, row_id) VALUES ('reminders', NEW.id);
END;

-- What was there before this migration is new to central too.
INSERT INTO sync_changes (tbl, row_id) SELECT 'reminders', id FROM reminders ORDER BY rowid;
INSERT INTO sync_changes (tbl, row_id) SELECT 'breaks', id FROM breaks ORDER BY rowid;
