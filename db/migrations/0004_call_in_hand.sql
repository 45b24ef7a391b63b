-- agentdesk: foreign-keys-off
-- (The runner turns foreign keys off for this migration only, because SQLite rebuilds a
-- table to change its foreign key; it checks every key before committing.)
--
-- A call exists from F2, not from its wrap-up. Its start is written at once and never
-- changed, so a complaint opened during the call can reference it, and a crash, a kill
-- or Ctrl+Q cannot lose it.

CREATE TABLE call_starts (
    id         TEXT PRIMARY KEY,
    agent      TEXT NOT NULL,
    started_at TEXT NOT NULL
);
INSERT INTO call_starts (id, agent, started_at) SELECT id, agent, started_at FROM calls;
CREATE INDEX call_starts_agent ON call_starts (agent, started_at);

CREATE TRIGGER call_starts_no_replace BEFORE INSERT ON call_starts
WHEN EXISTS (SELECT 1 FROM call_starts WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'call_starts is append-only');
END;
CREATE TRIGGER call_starts_no_update BEFORE UPDATE ON call_starts
BEGIN
    SELECT RAISE(ABORT, 'call_starts is append-only');
END;
CREATE TRIGGER call_starts_no_delete BEFORE DELETE ON call_starts
BEGIN
    SELECT RAISE(ABORT, 'call_starts is append-only');
END;

-- What the agent has chosen so far on the call in hand (caller, reason, phrase blanks,
-- complaints), rewritten on every change and removed in the transaction that saves or
-- discards the call. One per agent.
CREATE TABLE calls_in_hand (
    call_id    TEXT PRIMARY KEY REFERENCES call_starts (id),
    agent      TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The last moment the desk was known to hold the call: its end, if the desk died.
    seen_at    TEXT NOT NULL
);

-- A call given up without a wrap-up, and why. Never changed.
CREATE TABLE call_discards (
    call_id      TEXT PRIMARY KEY REFERENCES call_starts (id),
    agent        TEXT NOT NULL,
    discarded_at TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('no_customer', 'duplicate', 'test', 'other'))
);
CREATE TRIGGER call_discards_no_replace BEFORE INSERT ON call_discards
WHEN EXISTS (SELECT 1 FROM call_discards WHERE call_id = NEW.call_id)
BEGIN
    SELECT RAISE(ABORT, 'call_discards is append-only');
END;
CREATE TRIGGER call_discards_no_update BEFORE UPDATE ON call_discards
BEGIN
    SELECT RAISE(ABORT, 'call_discards is append-only');
END;
CREATE TRIGGER call_discards_no_delete BEFORE DELETE ON call_discards
BEGIN
    SELECT RAISE(ABORT, 'call_discards is append-only');
END;

-- A complaint's call is now the call's start, which exists from F2. SQLite changes a
-- foreign key only by rebuilding the table; the rows, indexes and guards come across as
-- they were (DROP TABLE fires no trigger).
CREATE TABLE complaints_new (
    id               TEXT PRIMARY KEY,
    call_id          TEXT REFERENCES call_starts (id),
    opened_at        TEXT NOT NULL,
    opened_by        TEXT NOT NULL,
    customer_name    TEXT NOT NULL,
    contact          TEXT NOT NULL,
    reference        TEXT NOT NULL DEFAULT '',
    class_code       TEXT NOT NULL,
    department       TEXT NOT NULL DEFAULT '',
    what_happened    TEXT NOT NULL,
    remedy_requested TEXT NOT NULL DEFAULT ''
);
INSERT INTO complaints_new SELECT id, call_id, opened_at, opened_by, customer_name, contact,
    reference, class_code, department, what_happened, remedy_requested FROM complaints;
DROP TABLE complaints;
ALTER TABLE complaints_new RENAME TO complaints;
CREATE INDEX complaints_opened_at ON complaints (opened_at);
CREATE INDEX complaints_call ON complaints (call_id) WHERE call_id IS NOT NULL;
CREATE TRIGGER complaints_no_update BEFORE UPDATE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
