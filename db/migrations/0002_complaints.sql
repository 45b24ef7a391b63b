-- The complaint register (如实逐笔登记投诉情况表): the facts at opening, and an append-only,
-- hash-chained history of events per complaint. The triggers make the database itself
-- refuse to rewrite history; `agentdesk verify` catches whatever got past them.

CREATE TABLE complaints (
    id               TEXT PRIMARY KEY,
    call_id          TEXT REFERENCES calls (id),
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
CREATE INDEX complaints_opened_at ON complaints (opened_at);

CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('opened', 'note', 'forwarded', 'contacted',
                                               'extended', 'paused', 'resumed', 'escalated',
                                               'replied', 'followup_scheduled',
                                               'followup_done', 'closed', 'reassigned')),
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (complaint_id, seq)
);
-- Finding the complaints still open is "no closed event", answered from this small index.
CREATE INDEX complaint_events_closed ON complaint_events (complaint_id) WHERE kind = 'closed';

CREATE TRIGGER complaints_no_update BEFORE UPDATE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;

-- The complaint form as the agent types it, so a crash loses nothing. One per agent;
-- no foreign key to calls, because the call row is written only when the call ends.
CREATE TABLE complaint_drafts (
    agent      TEXT PRIMARY KEY,
    fields     TEXT NOT NULL,
    call_id    TEXT,
    updated_at TEXT NOT NULL
);
